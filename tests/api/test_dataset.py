"""The whole dataset in one download (/data/council-years.csv and .xlsx): a row per
council and reporting year whose figures equal the pages' (the council page's year tables
and the /councils/ table's own download), and a data page defining every column, its
source and its licence."""

import io
from html import unescape

import pytest
from openpyxl import load_workbook

from councils.measures import COMPLIANCE, MEASURES, REMEDY, UPHOLD
from letters.models import AnnualLetter
from opendata.dataset import COLUMNS
from tests.support.factories import make_council, make_letter
from tests.support.opendata import csv_rows, xlsx_sheets, year_tables

pytestmark = pytest.mark.django_db

CSV = "/data/council-years.csv"
XLSX = "/data/council-years.xlsx"


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response.content


def number(text: str) -> float | None:
    return None if text in ("", None) else float(text)


def written(measure, row: dict) -> list[str]:
    """A CSV row's figures for one measure, written as the council page writes them:
    [the council's figure, the stated average, pooled, mean, difference]."""
    figure = number(row[f"{measure.key}_figure"])
    numerator = base = None
    if measure is UPHOLD:
        numerator, base = number(row["uphold_upheld"]), number(row["uphold_investigated"])
    elif measure is COMPLIANCE:
        base = number(row["compliance_outcomes"])
        numerator = None if figure is None or base is None else figure * base / 100
    elif measure is REMEDY:
        numerator, base = number(row["remedies"]), number(row["remedy_basis"])
    base = None if base is None else int(base)
    difference = number(row[f"{measure.key}_difference"])
    return [
        measure.write(figure, numerator, base),
        measure.write_stated(number(row[measure.stated_average])),
        measure.write_average(number(row[f"{measure.key}_type_pooled"])),
        measure.write_average(number(row[f"{measure.key}_type_mean"])),
        measure.write_difference(difference, 0 if difference is not None else None),
    ]


def test_one_row_per_council_and_year_and_every_column(client, many_years):
    rows = csv_rows(download(client, CSV))
    assert list(rows[0]) == [column.name for column in COLUMNS]
    assert len(rows) == AnnualLetter.objects.current().count() == 18
    assert len({(row["council"], row["year"]) for row in rows}) == len(rows)
    ambridge = [row for row in rows if row["council"] == "ambridge"]
    assert [row["period"] for row in ambridge] == [
        "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"
    ]  # fmt: skip
    assert ambridge[-1]["letter_url"].startswith("http://testserver/letters/")
    assert client.get(ambridge[-1]["original_url"]).status_code == 200


def test_the_downloads_figures_equal_the_council_pages(client, many_years):
    rows = csv_rows(download(client, CSV))
    pages = {}
    compared = 0
    for row in rows:
        if row["council"] not in pages:
            html = unescape(client.get(f"/councils/{row['council']}/").content.decode())
            pages[row["council"]] = year_tables(html)
        table = pages[row["council"]][int(row["year"])]
        for measure in MEASURES:
            assert written(measure, row) == table[measure.row_label], (row["council"], row["year"])
            compared += 1
    assert compared == 4 * len(rows)


def test_the_downloads_figures_equal_the_councils_tables_own_download(client, many_years):
    rows = csv_rows(download(client, CSV))
    for year in (2019, 2024):
        table = client.get("/councils/", {"year": year, "status": "all", "_export": "json"})
        by_slug = {row["slug"]: row for row in table.json()["rows"]}
        ours = [row for row in rows if row["year"] == str(year)]
        assert {row["council"] for row in ours} == set(by_slug)
        for row in ours:
            theirs = by_slug[row["council"]]
            pairs = {
                "uphold_rate": "uphold_figure",
                "type_average": "uphold_type_pooled",
                "difference": "uphold_difference",
                "compliance_rate": "compliance_figure",
                "remedy_rate": "remedy_figure",
                "per_100k": "per_100k_figure",
                "upheld": "uphold_upheld",
                "investigated": "uphold_investigated",
            }
            for page_column, our_column in pairs.items():
                ours = number(row[our_column])  # in full; the table's download rounds to 2
                assert theirs[page_column] == (None if ours is None else round(ours, 2)), (
                    row["council"],
                    our_column,
                )


def test_a_corrected_figure_and_its_mark(client, corrected):
    (row,) = csv_rows(download(client, CSV))
    assert row["upheld_percent"] == "68"
    assert row["corrections"].startswith("upheld_percent: was 70 (corrected ")
    assert row["corrections"].endswith(": The letter says 68%.)")


def test_the_xlsx_holds_the_same_rows_with_the_definitions_and_licences(client, many_years):
    rows = csv_rows(download(client, CSV))
    sheets = xlsx_sheets(download(client, XLSX))
    assert list(sheets) == ["Data", "Columns", "About"]
    heading, *data = sheets["Data"]
    assert heading == [column.name for column in COLUMNS]
    assert len(data) == len(rows)
    for ours, theirs in zip(data, rows, strict=True):
        for name, value in zip(heading, ours, strict=True):
            expected = theirs[name]
            if isinstance(value, int | float):
                assert value == pytest.approx(float(expected)), name
            elif value is None:
                assert expected == "", name
            else:
                assert str(value)[: len(expected)] == expected, name  # dates: 2024-07-17
    definitions = {row[0]: row for row in sheets["Columns"][1:]}
    assert list(definitions) == [column.name for column in COLUMNS]
    assert definitions["upheld_percent"][4] == "The Ombudsman's annual review letter"
    assert definitions["region"][5] == "CC-BY-4.0"
    about = " ".join(str(cell) for row in sheets["About"] for cell in row if cell)
    assert "https://www.lgo.org.uk/copyright" in about and "CC-BY-4.0" in about


def test_the_data_page_defines_every_column_its_source_and_licence(client, many_years):
    html = unescape(client.get("/data/").content.decode())
    for column in COLUMNS:
        start = html.index(f'id="column-{column.name}"')
        row = html[start : html.index("</dd>", start)]
        assert f"<code>{column.name}</code>" in row and column.meaning in row, column.name
        assert f'href="#source-{column.source}"' in row, column.name
        assert column.source_info.licence in row, column.name
    for source in ("letter", "register", "computed", "site"):
        assert f'id="source-{source}"' in html
    assert 'href="https://www.lgo.org.uk/copyright"' in html
    assert "Commission for Local Administration in England" in html
    assert "CC-BY-4.0" in html and "mySociety" in html
    assert "18 rows, reporting years 2018-19 to 2023-24" in html
    assert f'href="{CSV}"' in html and f'href="{XLSX}"' in html


def test_cells_never_run_as_formulas(client, db):
    council = make_council(official_name='=HYPERLINK("http://example.com","Cambridge")')
    make_letter(council, council_name_as_printed="@SUM(1+1)", upheld_per_100k=None)
    (row,) = csv_rows(download(client, CSV))
    assert row["council_name"] == '\'=HYPERLINK("http://example.com","Cambridge")'
    assert row["council_name_as_printed"] == "'@SUM(1+1)"
    book = load_workbook(io.BytesIO(download(client, XLSX)))
    sheet = book["Data"]
    names = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=names.index("council_name") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_only_csv_and_xlsx(client, db):
    assert client.get("/data/council-years.json").status_code == 404


def test_an_empty_database_is_a_heading_and_no_rows(client, db):
    assert csv_rows(download(client, CSV)) == []
    assert download(client, CSV).decode().splitlines()[0].startswith("council,council_name,")

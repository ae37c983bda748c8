"""The public pages: right figures, edge cases, exports, sorting, query counts, caching."""

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection

from bench.generate_data import generate
from councils.models import AuthorityType, Council
from letters.models import AnnualLetter
from tests.support.factories import make_council, make_letter
from tests.support.paths import SEEDS, require_shared

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page's visible text, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|title|desc)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def test_council_page_shows_each_figure_with_its_count_and_both_averages(client, ambridge):
    page = text(client.get("/councils/ambridge/"))
    assert "Ambridge District Council" in page
    assert "District Council, West Midlands" in page
    assert "120,000 (2020)" in page
    # 2023-24: the letter's own figures and its stated average...
    assert "70%, 21 of 30" in page
    assert "100%, 18 of 18" in page
    assert "10%, 2 of 21" in page
    assert "85%" in page  # the average as the letter states it
    # ...and the average computed here: (21 + 5) / (30 + 10) = 65.0%, mean (70 + 50) / 2 = 60.0%
    assert "65.0% 26 of 40" in page
    assert "60.0% 2 councils" in page
    assert "+5.0 points" in page  # 70% against 65.0%
    assert "based on 2 letters to district councils for 2023-24" in page
    assert "Old Ambridge Rural District Council" in page  # predecessor link


def test_council_page_year_with_no_investigations(client, ambridge):
    page = text(client.get("/councils/ambridge/"))
    assert "investigated no complaints about Ambridge this year" in page
    assert "no investigations" in page


def test_council_page_links_letters_chart_and_comparison(client, ambridge):
    response = client.get("/councils/ambridge/")
    html = response.content.decode()
    letter = AnnualLetter.objects.filter(council=ambridge, period_end__year=2024).get()
    assert f'href="/letters/{letter.pk}/"' in html
    assert f'href="/letters/{letter.pk}/original/"' in html
    assert 'href="/compare/district/2024/?highlight=ambridge"' in html
    assert "<svg" in html and 'role="img"' in html
    assert "The chart's figures as a table" in text(response)
    # 2018-19 to 2023-24 crosses the Ombudsman's 2022-23 change of method.
    assert "changed how it reports its figures in 2022-23" in text(response)


def test_method_change_note_only_where_a_trend_crosses_it(client):
    council = make_council(slug="recent")
    make_letter(council, year_end=2023)
    make_letter(council, year_end=2024)
    assert "changed how it reports" not in text(client.get("/councils/recent/"))


def test_abolished_council_and_council_without_letters(client, ambridge):
    page = text(client.get("/councils/old-ambridge/"))
    assert "Abolished 31 March 2009" in page
    assert "No Ombudsman letters have been loaded for this council yet" in page
    assert "Ambridge District Council" in page  # successor link
    assert client.get("/councils/no-such-council/").status_code == 404


def test_stated_averages_that_disagree_are_flagged(client, ambridge):
    AnnualLetter.objects.filter(council__slug="borchester", period_end__year=2024).update(
        upheld_average_percent=60
    )
    assert "state different uphold averages (60 to 85)" in text(client.get("/councils/ambridge/"))
    page = text(client.get("/compare/district/2024/"))
    assert "state different uphold averages" in page


def test_home_page_shows_type_averages_and_latest_letters(client, ambridge):
    page = text(client.get("/"))
    assert "Find a council" in page
    assert "District Councils 2023-24 65.0%" in page
    assert (
        "Ambridge District Council , 2023-24" in page
        or "Ambridge District Council, 2023-24" in page
    )
    for label in AuthorityType.labels:
        assert f"{label}s" in page


def test_home_page_lists_the_councils_of_today_by_type_and_short_name(client):
    today = date.today()
    make_council(official_name="Westshire District Council", short_name="Westshire")
    make_council(official_name="Borchester District Council", short_name="Borchester")
    make_council(official_name="Gone District Council", end_date=today)
    make_council(official_name="Soon District Council", start_date=today + timedelta(days=1))
    make_council(official_name="Felpersham City Council", authority_type=AuthorityType.UNITARY)
    html = client.get("/").content.decode()
    districts = re.search(r"District Councils \(2\).*?</ul>", html, flags=re.S).group(0)
    assert re.findall(r'href="(/councils/[^"]+/)">([^<]+)</a>', districts) == [
        ("/councils/" + Council.objects.get(short_name=name).slug + "/", official)
        for name, official in [
            ("Borchester", "Borchester District Council"),
            ("Westshire", "Westshire District Council"),
        ]
    ]
    assert "Unitary Councils (1)" in html
    assert "Gone District Council" not in html
    assert "Soon District Council" not in html


def test_compare_page_league_table_highlight_and_average(client, ambridge):
    response = client.get("/compare/district/2024/?highlight=ambridge")
    page = text(response)
    assert "Year ending 31 March 2024 (the 2023-24 reporting year)" in page
    assert "Pooled average 65.0% (26 upheld of 40 investigated)" in page
    assert "Mean of councils' rates 60.0%" in page
    html = response.content.decode()
    rows = re.findall(r'<tr class="govuk-table__row[^"]*">(.*?)</tr>', html, re.S)
    league = [r for r in rows if "/councils/ambridge/" in r or "/councils/borchester/" in r]
    assert re.match(r"<td[^>]*>1</td>.*/councils/borchester/", league[0])
    assert re.match(r"<td[^>]*>2</td>.*/councils/ambridge/", league[1])
    assert "app-row--highlight" in html
    assert "Ambridge 70%" in page  # picked out on the chart


def test_compare_page_unknown_type_and_empty_year_are_helpful_404s(client, ambridge):
    response = client.get("/compare/parish/2024/")
    assert response.status_code == 404
    assert "There is no type of council called “parish”" in text(response)
    assert "/compare/district/" in response.content.decode()
    response = client.get("/compare/county/2024/")
    assert response.status_code == 404
    assert "No letters for county councils in 2023-24" in text(response)


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def table_slugs(response) -> list[str]:
    return re.findall(
        r'<th scope="row"[^>]*><a href="/councils/([^/]+)/"', response.content.decode()
    )


def test_csv_and_json_equal_the_filtered_table_all_pages(client):
    generate(councils=150, years=2, seed=7, prefix="t")
    query = "authority_type=district&sort=-uphold_rate"
    pages = []
    page = 1
    while True:
        response = client.get(f"/councils/?{query}&page={page}")
        pages += table_slugs(response)
        if 'rel="next"' not in response.content.decode():
            break
        page += 1
    assert page > 1  # the table was paged; the export was not
    first = client.get(f"/councils/?{query}").content.decode()
    plural = "s" if len(pages) != 1 else ""
    assert f'<span id="council-count">{len(pages)} council{plural}</span>' in first
    rows = csv_rows(client.get(f"/councils/?{query}&_export=csv"))
    assert [r["slug"] for r in rows] == pages
    assert {r["authority_type"] for r in rows} == {"district"}
    data = json.loads(client.get(f"/councils/?{query}&_export=json").content)
    assert [r["slug"] for r in data["rows"]] == pages
    assert data["count"] == len(pages)
    assert data["filters"]["authority_type"] == "district"


def test_export_figures_match_the_page(client, ambridge):
    rows = {r["slug"]: r for r in csv_rows(client.get("/councils/?_export=csv"))}
    assert set(rows) == {"ambridge", "borchester"}  # the abolished council is filtered out
    row = rows["ambridge"]
    assert float(row["uphold_rate"]) == 70
    assert (row["upheld"], row["investigated"]) == ("21", "30")
    assert float(row["type_average"]) == 65
    assert float(row["difference"]) == 5
    assert row["year"] == "2024"
    page = text(client.get("/councils/"))
    assert "70%, 21 of 30" in page and "65.0%" in page and "+5.0 points" in page


def test_filters_name_type_region_status_and_year(client, ambridge):
    assert table_slugs(client.get("/councils/?name=ambr")) == ["ambridge"]
    assert table_slugs(client.get("/councils/?name=ambr&status=all")) == [
        "ambridge",
        "old-ambridge",
    ]
    assert table_slugs(client.get("/councils/?status=abolished")) == ["old-ambridge"]
    assert table_slugs(client.get("/councils/?authority_type=county")) == []
    assert table_slugs(client.get("/councils/?region=West+Midlands")) == ["ambridge", "borchester"]
    empty = client.get("/councils/?region=West+Midlands&authority_type=county")
    assert "No councils match these filters" in text(empty)
    response = client.get("/councils/?year=2019")
    assert table_slugs(response) == ["ambridge"]
    assert "no investigations" in text(response)


@pytest.mark.parametrize("column", ["uphold_rate", "difference", "per_100k", "compliance_rate"])
def test_sorting_puts_missing_values_last_both_ways(client, column):
    for slug, upheld, per_100k, compliance in (
        ("low", 1, 1, 50), ("high", 9, 9, 100), ("none", 0, None, None),
    ):  # fmt: skip
        kwargs = {"upheld_count": upheld, "investigations": 10, "upheld_percent": upheld * 10}
        if slug == "none":
            kwargs = {"upheld_count": 0, "investigations": 0, "upheld_percent": None}
        make_letter(make_council(slug=slug), upheld_per_100k=per_100k,
                    compliance_percent=compliance, **kwargs)  # fmt: skip
    make_council(slug="no-letters")
    ascending = table_slugs(client.get(f"/councils/?sort={column}"))
    descending = table_slugs(client.get(f"/councils/?sort=-{column}"))
    assert ascending[:2] == ["low", "high"]
    assert descending[:2] == ["high", "low"]
    assert set(ascending[2:]) == set(descending[2:]) == {"none", "no-letters"}


def _max_queries_for_every_page(client, django_assert_max_num_queries, slug, type_slug, year):
    urls = [
        "/",
        "/councils/",
        "/councils/?sort=-difference&page=2",
        f"/councils/?year={year}&authority_type={type_slug}&name=a&region=London&status=all",
        "/councils/?_export=csv",
        f"/councils/{slug}/",
        f"/compare/{type_slug}/{year}/?highlight={slug}",
        f"/compare/{type_slug}/{year}/?_export=json",
    ]
    for url in urls:
        # The council page reads one more: its three years pooled (councils.selectors.pooled).
        with django_assert_max_num_queries(11 if url == f"/councils/{slug}/" else 10):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("councils", [20, 400])
def test_every_page_takes_a_constant_number_of_queries(
    client, django_assert_max_num_queries, councils
):
    made, _ = generate(councils=councils, years=12 if councils == 20 else 4, prefix="q")
    council = next(c for c in made if c.authority_type == "district" and c.end_date is None)
    _max_queries_for_every_page(
        client, django_assert_max_num_queries, council.slug, "district", 2025
    )


# Seed letters, loaded through the ingestion service ----------------------------------------


def ingest_seed(name: str) -> AnnualLetter:
    from letters.parsing.parser import parse_letter
    from letters.services import council_for_letter, letter_ingest

    data = require_shared(SEEDS / name).read_bytes()
    parsed = parse_letter(data, filename=name)
    result = letter_ingest(
        parsed=parsed, data=data, filename=name, council=council_for_letter(parsed),
        uploaded_by=None, extracted_text=data.decode(),
    )  # fmt: skip
    return result.document


def test_seed_letters_render_the_right_figures(client, register):
    letters = {
        Path(name).stem: ingest_seed(name)
        for name in (
            "lgsco-2024-cambridgeshire-county.txt",
            "lgsco-2020-canterbury-city.txt",
            "lgsco-2020-oxford-city.txt",
            "lgsco-2018-cambridge-city.txt",
        )
    }
    county = letters["lgsco-2024-cambridgeshire-county"].council
    page = text(client.get(county.get_absolute_url()))
    assert "70%, 21 of 30" in page
    assert "100%, 18 of 18" in page
    assert "10%, 2 of 21" in page
    assert "3.0" in page and "4.5" in page  # upheld per 100,000 and its stated average
    assert "85%" in page  # the letter's stated average
    assert "based on 1 letter to county councils for 2023-24" in page

    canterbury = text(client.get(letters["lgsco-2020-canterbury-city"].council.get_absolute_url()))
    assert "50%, 5 of 10" in canterbury and "45%" in canterbury and "0%, 0 of 10" in canterbury
    assert "Caution: fewer than 10 outcomes" in canterbury

    oxford = text(client.get(letters["lgsco-2020-oxford-city"].council.get_absolute_url()))
    assert "investigated no complaints about Oxford" in oxford

    cambridge = client.get(letters["lgsco-2018-cambridge-city"].council.get_absolute_url())
    assert "67%, 2 of 3" in text(cambridge)
    assert "Caution: fewer than 10 investigations" in text(cambridge)
    assert "Complaints by service area" in text(cambridge)
    assert "Housing" in text(cambridge)

    # Canterbury and Oxford are both districts in 2019-20: pooled 5 / 10.
    compare = text(client.get("/compare/district/2020/"))
    assert "Pooled average 50.0% (5 upheld of 10 investigated)" in compare


# The page cache ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_pages_are_cached_and_any_data_change_invalidates_them(client):
    council = make_council(slug="cached")
    letter = make_letter(council, upheld_count=21, investigations=30)
    first = client.get("/councils/cached/")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/councils/cached/")["X-Page-Cache"] == "hit"
    # Raw SQL, bypassing the ORM and its signals, still invalidates.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE letters_annualletter SET upheld_count = 3 WHERE id = %s", [letter.pk]
        )
    response = client.get("/councils/cached/")
    assert response["X-Page-Cache"] == "miss"
    assert "10%, 3 of 30" in text(response)
    # So does a bulk update of another table the pages read.
    client.get("/councils/")
    type(council).objects.filter(pk=council.pk).update(region="London")
    response = client.get("/councils/")
    assert response["X-Page-Cache"] == "miss" and "London" in text(response)


@pytest.mark.django_db(transaction=True)
def test_signed_in_users_get_fresh_pages(client, django_user_model):
    make_council(slug="fresh")
    user = django_user_model.objects.create_user("officer", password="a-long-password-1")
    client.force_login(user)
    response = client.get("/councils/fresh/")
    assert "X-Page-Cache" not in response
    assert "Signed in as officer" in text(response)
    assert 'href="/letters/upload/"' in response.content.decode()


@pytest.mark.parametrize("url", ["/councils/", "/compare/district/2024/"])
def test_league_rows_write_each_figure_once(client, ambridge, url):
    """A row's secondary figures are its own cells, which a phone's card shows when the
    row's disclosure opens: nothing in the row repeats them (issue 13)."""
    html = client.get(url).content.decode()
    rows = re.findall(r'<tr class="govuk-table__row[^"]*">(.*?)</tr>', html, re.S)
    row = next(r for r in rows if "/councils/ambridge/" in r)
    secondary = re.findall(r'<td class="[^"]*app-reflow__secondary[^"]*" data-label="([^"]+)"', row)
    assert len(secondary) >= 4
    for label in secondary:  # as an attribute or as an element's whole text
        assert len(re.findall(rf'[">]{re.escape(label)}["<]', row)) == 1, label
    more = re.findall(r'<td class="app-reflow__more">(.*?)</td>', row, re.S)
    assert len(more) == 1
    assert re.sub(r"<[^>]+>", "", more[0]) == "More figures for Ambridge"


def test_council_page_tables_style_their_cells_from_the_table(client, ambridge):
    """The council page's tables are `.app-cells` (frontend/_cells.scss): a cell carries at
    most `app-num`, not GOV.UK's class list, which on each of a twelve-year page's 600 cells
    was a fifth of its bytes; every figure keeps its column's label for the narrow cards."""
    html = client.get("/councils/ambridge/").content.decode()
    tables = re.findall(r'<table class="[^"]*\bapp-cells\b.*?</table>', html, re.S)
    # Six years, a trend table per measure, three years together, the letters.
    assert len(tables) == 6 + 4 + 1 + 1
    for table in tables:
        assert not re.search(r'<(thead|tbody|tr|th|td)\b[^>]*class="govuk-table__', table)
        assert set(re.findall(r'<t[hd]\b[^>]* class="([^"]*)"', table)) <= {"app-num"}
        if "letters for Ambridge" not in table:  # the letters' table: a year and two links
            unlabelled = r'<td(?! data-label=")(?! class="app-num" data-label=)'
            assert re.findall(unlabelled, table) == []

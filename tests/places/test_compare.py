"""/compare/councils/: any 2 to 10 councils side by side, every measure year by year with
the counts, the stated type averages and the councils pooled; a plain form to add and
remove councils, one click from a council's similar councils or neighbours, a permalink,
and CSV/JSON of exactly the view."""

import csv
import io
import json
import re
from html import unescape

import pytest

from councils.measures import MEASURES
from councils.models import Council
from tests.support.factories import make_council, make_letter

pytestmark = pytest.mark.django_db

URL = "/compare/councils/"


def page(client, query: str, status: int = 200) -> str:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == status, response.content.decode()[:2000]
    return unescape(response.content.decode())


def year_section(html: str, year: int) -> str:
    start = html.index(f'id="year-{year}"')
    return html[start : html.index("</section>", start)]


def row_of(section: str, label: str) -> list[str]:
    """The cells of the row headed `label`, as text."""
    start = section.index(f">{label}<")
    row = section[start : section.index("</tr>", start)]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells]


def test_every_measure_year_by_year_with_counts_stated_averages_and_the_pool(client, kent_letters):
    html = page(client, "c=kent&c=canterbury&c=medway")
    assert '<h1 class="govuk-heading-xl">Kent, Canterbury and Medway</h1>' in html
    for measure in MEASURES:
        assert measure.label in html
    assert html.index('id="year-2024"') < html.index('id="year-2023"')  # newest first
    section = year_section(html, 2024)
    kent = row_of(section, "Kent")
    assert kent[0] == "60%, 60 of 100 type average 70%"
    assert kent[1].startswith("100%, 18 of 18 type average")  # compliance, with its outcomes
    assert row_of(section, "Canterbury")[0] == "70%, 21 of 30 type average 55%"
    pooled = row_of(section, "These 3 councils pooled")
    assert pooled[0] == "60.7% 91 of 150"  # (60 + 21 + 10) / (100 + 30 + 20)
    assert "County Council" in section and "District Council" in section  # any types
    older = row_of(year_section(html, 2023), "Kent")
    assert older[0] == "50%, 50 of 100 type average 70%"


def test_a_council_without_a_letter_that_year_says_so_and_is_not_pooled(client, kent_letters):
    cumberland = Council.objects.get(slug="cumberland")
    make_letter(cumberland, year_end=2022, upheld_count=3, investigations=4, upheld_percent=75)
    html = page(client, "c=kent&c=cumberland")
    assert row_of(year_section(html, 2024), "Cumberland")[0] == "no letter"
    assert row_of(year_section(html, 2024), "These 1 council pooled")[0].startswith("60.0%")
    assert row_of(year_section(html, 2022), "Cumberland")[0].startswith("75%, 3 of 4")


def test_the_page_asks_for_two_to_ten_councils(client, register):
    assert "Add two councils or more" in page(client, "")
    one = page(client, "c=kent")
    assert "Add at least one more council" in one
    assert 'name="c" value="kent"' in one  # kept by the form that adds the next
    eleven = Council.objects.current().order_by("slug").values_list("slug", flat=True)[:11]
    html = page(client, "&".join(f"c={slug}" for slug in eleven), status=400)
    assert "at most 10 councils" in html
    assert html.count("Remove<span") == 10
    html = page(client, "c=kent&c=no-such-place", status=400)
    assert "No council has the address “no-such-place”" in html


def test_councils_are_added_and_removed_with_plain_links_and_a_form(client, kent_letters):
    html = page(client, "c=kent&c=essex&c=")  # the form's empty choice adds nothing
    assert re.search(r'<select[^>]+id="add-council" name="c"', html)
    assert '<option value="medway">Medway</option>' in html
    assert '<option value="kent">' not in html  # already chosen
    assert f'<a class="govuk-link govuk-body-s" href="{URL}?c=essex">Remove' in html
    added = page(client, "c=kent&c=essex&c=medway&c=kent")  # each council once
    assert '<h1 class="govuk-heading-xl">Kent, Essex and Medway</h1>' in added


def test_one_click_from_similar_councils_or_neighbours(client, kent_letters):
    council_page = unescape(client.get("/councils/canterbury/").content.decode())
    similar = re.search(
        r'href="(/compare/councils/\?[^"]+)">Compare Canterbury with these', council_page
    )
    neighbours = re.search(
        r'href="(/compare/councils/\?[^"]+)">Compare Canterbury with its neighbours', council_page
    )
    html = unescape(client.get(similar.group(1)).content.decode())
    assert "Canterbury, Arun, Oxford, Exeter, Cambridge and Erewash</h1>" in html
    html = unescape(client.get(neighbours.group(1)).content.decode())
    assert "Canterbury, Ashford, Dover, Folkestone and Hythe, Swale, Thanet and Kent</h1>" in html
    # From the comparison, start again from the first council's.
    assert "start again from Canterbury" in html


def test_a_permalink_and_downloads_of_exactly_the_view(client, kent_letters):
    html = page(client, "c=kent&c=swale&c=kent")
    assert "http://testserver/compare/councils/?c=kent&c=swale</a>" in html
    response = client.get(f"{URL}?c=kent&c=swale&_export=csv")
    assert response["Content-Disposition"] == 'attachment; filename="compare-kent-swale.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["period"], r["council"]) for r in rows] == [
        ("2023-24", "Kent"),
        ("2023-24", "Swale"),
        ("2023-24", "These 2 councils pooled"),
        ("2022-23", "Kent"),
        ("2022-23", "Swale"),
        ("2022-23", "These 2 councils pooled"),
    ]
    assert rows[0]["uphold_rate"] == "60.0" and rows[0]["uphold_stated_average"] == "70.0"
    assert rows[2]["uphold_numerator"] == "65" and rows[2]["uphold_base"] == "110"
    payload = json.loads(client.get(f"{URL}?c=kent&c=swale&_export=json").content)
    assert [c["slug"] for c in payload["councils"]] == ["kent", "swale"]
    assert payload["count"] == 6 and payload["rows"][2]["uphold_rate"] == 59.1
    assert payload["source"] == "http://testserver/compare/councils/?c=kent&c=swale"


def test_csv_cells_never_start_a_formula(client, db):
    odd = make_council(short_name="=HYPERLINK(1)", slug="odd")
    other = make_council(slug="other")
    make_letter(odd)
    make_letter(other)
    text = client.get(f"{URL}?c=odd&c=other&_export=csv").content.decode()
    assert ",'=HYPERLINK(1)," in text


@pytest.mark.parametrize(
    "query",
    [
        "c=" + "x" * 5000,
        "c=../../etc/passwd&c=%00",
        "c=kent&c=essex&_export=xml",
        "c=kent&_export=csv",
        "&".join(f"c=n{i}" for i in range(500)),
        "c=%F0%9F%92%A5&c=kent",
    ],
)
def test_hostile_queries_get_an_answer_not_an_error(client, register, query):
    assert client.get(f"{URL}?{query}").status_code in (200, 400)


@pytest.mark.parametrize("count", [2, 10])
def test_a_comparison_takes_the_same_queries_for_two_councils_or_ten(
    client, kent_letters, django_assert_max_num_queries, count
):
    slugs = Council.objects.current().order_by("slug").values_list("slug", flat=True)[:count]
    with django_assert_max_num_queries(6):
        assert client.get(URL + "?" + "&".join(f"c={s}" for s in slugs)).status_code == 200

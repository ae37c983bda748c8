"""/map/: every current council at its British National Grid position as server-side SVG,
marked by how far its figure for a measure and year sits from its type's stated average
(shape and size as well as colour), each mark a named link, the same data as a table, and
counties on a layer of their own."""

import re
from html import unescape

import pytest

from councils.models import AuthorityType, Council

pytestmark = pytest.mark.django_db


def get(client, query: str = "", status: int = 200) -> str:
    response = client.get(f"/map/?{query}")
    assert response.status_code == status, response.content.decode()[:2000]
    return unescape(response.content.decode())


def svg_of(html: str) -> str:
    return html[
        html.index('<svg class="app-map"') : html.index("</svg>", html.index("app-map")) + 6
    ]


def marks(svg: str) -> dict[str, str]:
    """council address -> the accessible name of its mark."""
    return dict(re.findall(r'<a href="/councils/([^/]+)/" aria-label="([^"]+)">', svg))


def table_rows(html: str) -> list[str]:
    table = html[html.index('id="map-table"') :]
    return re.findall(
        r'<th scope="row"[^>]*><a class="govuk-link" href="/councils/([^/]+)/">', table
    )


def test_every_current_council_is_on_one_of_the_two_layers(client, kent_letters):
    districts = marks(svg_of(get(client)))
    counties = marks(svg_of(get(client, "layer=counties")))
    current = Council.objects.current()
    assert len(districts) == current.exclude(authority_type=AuthorityType.COUNTY).count() == 296
    assert len(counties) == current.filter(authority_type=AuthorityType.COUNTY).count() == 21
    assert set(districts) | set(counties) == set(current.values_list("slug", flat=True))
    assert "canterbury" in districts and "kent" in counties and "kent" not in districts


def test_each_mark_is_named_with_its_figure_and_the_stated_average(client, kent_letters):
    html = get(client, "measure=uphold&year=2024")
    named = marks(svg_of(html))
    assert named["canterbury"] == (
        "Canterbury: 70%, 21 of 30; district council average 55%; 15.0 points above"
    )
    assert named["swale"] == "Swale: 50%, 5 of 10; district council average 55%; 5.0 points below"
    assert named["dover"] == "Dover: no letter for 2023-24"
    county = marks(svg_of(get(client, "measure=uphold&year=2024&layer=counties")))
    assert county["essex"].endswith("county council average 70%; 20.0 points above")


def test_the_table_below_holds_the_same_councils_and_figures(client, kent_letters):
    html = get(client)
    rows = table_rows(html)
    assert len(rows) == len(set(rows)) == 296
    assert set(rows) == set(marks(svg_of(html)))
    row = html[html.index('href="/councils/medway/">Medway') :]
    row = row[: row.index("</tr>")]
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>.*?</td>", row)]
    assert cells == [
        "Unitary Council",
        "50%, 10 of 20",
        "52%",
        "−2.0 points",
        "Within 5 points of the average",
    ]


def test_marks_differ_by_shape_and_size_not_only_colour(client, kent_letters):
    svg = svg_of(get(client, "year=2024"))

    def shape(slug: str) -> str:
        start = svg.index(f'href="/councils/{slug}/"')
        return re.search(r"<(polygon|circle|rect) ", svg[start:]).group(1)

    assert shape("canterbury") == "polygon"  # 15 points above: a large triangle up
    assert shape("medway") == "circle"  # within 5 points
    assert shape("dover") == "rect"  # no letter
    html = get(client, "year=2024")
    key = html[html.index('id="map-key"') : html.index("</ul>", html.index('id="map-key"'))]
    assert "15 points or more above the average (1 council)" in key
    assert "5 to 15 points below (1 council)" in key  # Swale
    assert "Within 5 points of the average (1 council)" in key  # Medway
    assert "Triangles point up for figures above the average" in html


def test_per_100k_uses_its_own_unit(client, kent_letters):
    named = marks(svg_of(get(client, "measure=per_100k&year=2024")))
    assert named["canterbury"] == (
        "Canterbury: 2.5; district council average 3.0; 0.5 per 100,000 below"
    )


def test_london_is_drawn_enlarged_in_an_inset(client, register):
    svg = svg_of(get(client))
    assert "London, enlarged" in svg
    start = svg.index('href="/councils/camden/"')
    x = float(re.search(r' c?x="([\d.]+)"', svg[start:]).group(1))
    assert x > 540  # in the inset at the top right, not at Camden's place in the frame


def test_counties_are_drawn_over_their_districts_as_grey_dots(client, register):
    svg = svg_of(get(client, "layer=counties"))
    assert svg.count('fill="#b1b4b6"') == 296  # the district-level councils, unlinked


def test_without_letters_the_map_shows_where_councils_are(client, register):
    html = get(client)
    assert "No Ombudsman letters are loaded yet" in html
    assert len(marks(svg_of(html))) == 296


@pytest.mark.parametrize(
    "query, message",
    [
        ("measure=upheld", "Choose one of the measures listed."),
        ("year=1999", "There are no letters for that year"),
        ("year=" + "9" * 30, "There are no letters for that year"),
        ("layer=parishes", "Choose district-level councils or county councils."),
    ],
)
def test_a_choice_not_offered_is_refused_with_a_message(client, kent_letters, query, message):
    assert message in get(client, query, status=400)


def test_the_page_has_no_inline_style_and_no_script(client, kent_letters):
    html = get(client, "layer=counties")
    assert " style=" not in html and "<script" not in html


def test_the_map_takes_a_constant_number_of_queries(
    client, kent_letters, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        get(client, "year=2024")

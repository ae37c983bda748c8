"""The council page's "Similar councils" and "Neighbouring councils" cards, for every
current English council in mySociety's register."""

import re
from datetime import date
from html import unescape

import pytest

from councils.models import AuthorityType, Council
from places.reference import places
from places.selectors import council_places
from tests.support.factories import make_council

pytestmark = pytest.mark.django_db


def card(client, slug: str, heading: str) -> str:
    html = unescape(client.get(f"/councils/{slug}/").content.decode())
    start = html.index(f">{heading}</h2>")
    return html[start : html.index("</section>", start)]


def linked(html: str) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/councils/[^/]+/">([^<]+)</a>', html)


def test_every_current_council_has_five_peers_and_its_neighbours(register):
    counted, links = 0, 0
    for council in Council.objects.current():
        found = council_places(council)
        assert found is not None, council
        assert len(found.peers) == 5, council
        assert {p.council.authority_type for p in found.peers} == {council.authority_type}
        assert council not in [p.council for p in found.peers]
        neighbours = [p.council.register_code for p in found.neighbours]
        assert sorted(neighbours) == sorted(places()[council.register_code].neighbours)
        if council.register_code in ("IOS", "IOW"):  # islands: the nearest over the water
            assert not neighbours and len(found.nearest) == 3
        else:
            assert neighbours, council
        counted += 1
        links += len(neighbours)
    assert counted == 317
    assert links == sum(len(p.neighbours) for p in places().values())


def test_canterburys_cards(client, register):
    similar = card(client, "canterbury", "Similar councils")
    assert linked(similar) == ["Arun", "Oxford", "Exeter", "Cambridge", "Erewash"]
    sentences = re.search(r'<p class="govuk-body">(.*?)</p>', similar).group(1)
    assert sentences.count(". ") == 0 and sentences.endswith(".")  # one sentence
    assert "population (a doubling counts as one step), rural-urban class and deprivation" in (
        sentences
    )
    assert "Canterbury (this council)" in similar and "4th most deprived fifth" in similar
    neighbours = card(client, "canterbury", "Neighbouring councils")
    assert ">Its county</h3>" in neighbours and ">Kent</a>" in neighbours
    assert set(linked(neighbours)) == {
        "Swale", "Dover", "Ashford", "Thanet", "Folkestone and Hythe", "Kent",
    }  # fmt: skip
    assert "Lancashire" not in neighbours


def test_a_county_lists_its_districts_and_its_other_neighbours(client, register):
    neighbours = card(client, "kent", "Neighbouring councils")
    assert ">Its districts (12)</h3>" in neighbours
    boundary = neighbours[neighbours.index(">Sharing a boundary<") :]
    assert {"East Sussex", "Surrey", "Medway", "Bexley", "Bromley", "Thurrock"} <= set(
        linked(boundary)
    )
    assert "Compare Kent with 9 of its 21 neighbours" in neighbours
    compare = re.search(r'href="/compare/councils/\?([^"]+)"', neighbours).group(1)
    slugs = re.findall(r"c=([^&]+)", compare)
    assert slugs[:3] == ["kent", "east-sussex", "surrey"] and len(slugs) == 10  # counties first


@pytest.mark.parametrize(
    "slug", ["cumberland", "westmorland-and-furness", "north-yorkshire", "somerset"]
)
def test_councils_created_in_2023_get_peers_from_population_area_and_region(client, register, slug):
    similar = card(client, slug, "Similar councils")
    assert "was created in 2023" in similar and "population and area" in similar
    assert len(linked(similar)) == 5 and "Area</th>" in similar and "Region</th>" in similar
    assert linked(card(client, slug, "Neighbouring councils"))


def test_an_island_shows_its_nearest_councils(client, register):
    neighbours = card(client, "isles-of-scilly", "Neighbouring councils")
    assert "shares no boundary with another council" in neighbours
    assert linked(neighbours) == ["Cornwall", "Plymouth", "West Devon"]
    assert "Compare Isles of Scilly with the nearest councils" in neighbours


def test_councils_over_the_border_are_named(client, register):
    neighbours = card(client, "cheshire-west-and-chester", "Neighbouring councils")
    assert "Over the border, outside the Ombudsman's area: Flintshire, Wales; Wrexham, Wales." in (
        neighbours
    )


def test_abolished_councils_and_councils_not_in_the_reference_file_have_no_cards(client, register):
    for slug in ("allerdale", make_council(authority_type=AuthorityType.DISTRICT).slug):
        response = client.get(f"/councils/{slug}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Similar councils" not in html and "Neighbouring councils" not in html
    assert not Council.objects.get(slug="allerdale").exists_on(date.today())


def test_peers_are_councils_that_exist(client, register):
    Council.objects.filter(slug="arun").update(end_date=date(2020, 1, 1))
    assert "Arun" not in linked(card(client, "canterbury", "Similar councils"))
    assert len(linked(card(client, "canterbury", "Similar councils"))) == 5

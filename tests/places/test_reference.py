"""The reference file shipped in places/data: built from mySociety's data in ../shared, with
the similarity data's known faults corrected (scrambled county neighbours, misplaced
counties, the councils created in 2023)."""

import csv
from datetime import date

import pytest

from places import build
from places.reference import DATA_FILE, places
from tests.support.paths import SHARED, require_shared

REGISTER_DIR = SHARED / "data" / "uk-local-authorities"
SIMILARITY_DIR = SHARED / "data" / "la-similarity"


@pytest.fixture(scope="module")
def sources():
    require_shared(REGISTER_DIR / "uk_local_authorities.csv")
    require_shared(SIMILARITY_DIR / "geographic_distance_touching_las.csv")
    return build.read_sources(register=str(REGISTER_DIR), similarity=str(SIMILARITY_DIR))


@pytest.fixture(scope="module")
def built(sources):
    return {row["code"]: row for row in build.build(sources)}


def names(codes) -> set[str]:
    return {places()[code].name for code in codes}


def test_the_shipped_file_is_what_the_shared_data_give(sources):
    assert DATA_FILE.read_text(encoding="utf-8") == build.as_text(build.build(sources))
    assert build.problems(build.build(sources)) == []


def test_the_file_says_where_it_comes_from_and_under_which_licence():
    readme = (DATA_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "mySociety" in readme and "CC-BY-4.0" in readme
    assert "mysociety/la_distance" in readme and "uk_local_authority_names_and_codes" in readme
    assert "Crown copyright" in readme
    assert DATA_FILE.stat().st_size < 60_000  # compact


def test_every_current_english_council_is_in_the_file(sources):
    register = sources.register
    current = {
        row["local-authority-code"]
        for row in register
        if row["nation"] == "England"
        and row["local-authority-type"] in build.ENGLISH_TYPES
        and not row["end-date"]
    }
    assert set(places()) == current
    assert len(current) == 317


def test_canterburys_neighbours_are_its_districts_neighbours_and_kent_never_lancashire(sources):
    raw = next(r for r in sources.touching if r["local-authority-code"] == "CAT")
    assert "LAN" in raw["overlap"].split("|")  # the fault in the similarity data
    canterbury = places()["CAT"]
    expected = {"Swale", "Dover", "Ashford", "Thanet", "Folkestone and Hythe", "Kent"}
    assert names(canterbury.neighbours) == expected
    assert canterbury.county == "KEN"
    assert "Canterbury" in names(places()["KEN"].neighbours)
    assert "CAT" not in places()["LAN"].neighbours


def test_no_scrambled_county_is_anyones_neighbour(sources):
    raw = next(r for r in sources.touching if r["local-authority-code"] == "OXF")
    assert {"MAS", "BAE", "DNC"} <= set(raw["overlap"].split("|"))  # the fault
    reference = places()
    assert not {"MAS", "BAE", "DNC"} & set(reference["OXF"].neighbours)
    assert "WAR" not in reference["CRY"].neighbours  # Croydon: Surrey, not Warwickshire
    assert "SRY" in reference["CRY"].neighbours
    for place in reference.values():
        for code in place.neighbours:
            other = reference[code]
            assert place.code in other.neighbours, (place.name, other.name)  # symmetric
            if place.is_county and other.is_county:
                # Two counties are neighbours only where some of their districts are.
                assert any(
                    reference[e].county == other.code
                    for d in reference.values()
                    if d.county == place.code
                    for e in d.neighbours
                ), (place.name, other.name)


def test_a_county_and_its_districts_are_neighbours():
    reference = places()
    for place in reference.values():
        if place.county:
            assert place.county in place.neighbours
            assert place.code in reference[place.county].neighbours
    kent_districts = {p.name for p in reference.values() if p.county == "KEN"}
    assert len(kent_districts) == 12 and kent_districts <= names(reference["KEN"].neighbours)
    assert {"East Sussex", "Surrey", "Medway", "Bromley", "Bexley"} <= names(
        reference["KEN"].neighbours
    )


def test_counties_sit_at_the_centre_of_their_districts_not_where_the_register_puts_them(
    sources,
):
    kent = places()["KEN"]
    assert kent.position == "centre of 12 districts"
    assert kent.lat == pytest.approx(51.26, abs=0.01)
    assert kent.long == pytest.approx(0.71, abs=0.01)
    register = next(r for r in sources.register if r["local-authority-code"] == "KEN")
    assert float(register["long"]) < 0.2  # the register's Kent is in east London
    for place in places().values():
        if place.is_county:
            districts = [p for p in places().values() if p.county == place.code]
            assert place.position == f"centre of {len(districts)} districts"
            assert min(d.x for d in districts) <= place.x <= max(d.x for d in districts)
            assert min(d.y for d in districts) <= place.y <= max(d.y for d in districts)


def test_councils_abolished_since_2022_are_read_as_their_successors():
    reference = places()
    assert names(reference["CBD"].neighbours) == {"Northumberland", "Westmorland and Furness"}
    assert "Dumfries and Galloway, Scotland" in reference["CBD"].beyond
    assert {"Lancashire", "Lancaster", "Pendle", "York"} <= names(reference["NYE"].neighbours)
    for place in reference.values():
        assert set(place.neighbours) <= set(reference)  # only councils that exist
    new = {"CBD", "WAF", "NYE", "SMT"}
    assert {code for code, place in reference.items() if not place.has_classes} == new


def test_islands_have_no_neighbours_but_their_nearest_councils():
    reference = places()
    alone = {code for code, place in reference.items() if not place.neighbours}
    assert alone == {"IOS", "IOW"}
    assert names(reference["IOS"].nearest) == {"Cornwall", "Plymouth", "West Devon"}
    assert "Portsmouth" in names(reference["IOW"].nearest)


def test_a_build_on_another_day_leaves_out_councils_not_yet_created(sources):
    before_2023 = {row["code"] for row in build.build(sources, on=date(2023, 3, 1))}
    assert "CBD" not in before_2023 and "ALL" in before_2023


def test_the_file_has_the_documented_columns():
    with DATA_FILE.open(encoding="utf-8") as source:
        assert tuple(csv.DictReader(source).fieldnames) == build.COLUMNS

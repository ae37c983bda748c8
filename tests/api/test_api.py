"""The read-only API (/api/v1/): its OpenAPI schema validates and documents every endpoint,
and each endpoint answers the figures the pages show: councils from the register (with
their similar and neighbouring councils), letters with every figure, the words it was
read from, corrections and the original, and the type averages stated and computed."""

import json
from html import unescape

import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from councils.measures import MEASURES, UPHOLD
from councils.models import Council
from councils.selectors import type_averages
from documents.current import withdraw
from letters.figures import FIGURES
from places.selectors import council_places
from tests.support.factories import make_council, make_letter
from tests.support.opendata import year_tables
from tests.support.paths import SEED_EXPECTED, SEED_LETTER_2018, require_shared

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/",
    "/api/v1/councils/",
    "/api/v1/councils/{slug}/",
    "/api/v1/letters/",
    "/api/v1/letters/{letter_id}/",
    "/api/v1/averages/",
    "/api/v1/search/",
}


def get(client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def schema(client) -> dict:
    return get(client, "/api/v1/openapi.json")


# The schema ---------------------------------------------------------------------------------


def test_the_schema_validates_and_documents_every_endpoint(client):
    found = schema(client)
    validate(found)  # OpenAPI 3.1, by openapi-spec-validator
    assert found["openapi"].startswith("3.1")
    assert set(found["paths"]) == ENDPOINTS
    for path, methods in found["paths"].items():
        assert set(methods) == {"get"}, path  # read-only
        operation = methods["get"]
        assert operation["summary"] and operation["description"], path
        assert "200" in operation["responses"], path
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (path, parameter["name"])
    undescribed = [
        f"{name}.{field}"
        for name, spec in found["components"]["schemas"].items()
        for field, field_spec in spec.get("properties", {}).items()
        if not field_spec.get("description")
    ]
    assert undescribed == []  # every field of every answer says what it is
    figures = found["components"]["schemas"]["LetterFigures"]["properties"]
    assert set(figures) == {figure.column for figure in FIGURES}


def test_the_front_door_links_everything_and_each_link_answers(client):
    index = get(client, "/api/v1/")
    for key in ("docs", "openapi", "councils", "letters", "averages", "feed", "licence"):
        assert client.get(index[key]).status_code == 200, key
    for url in index["dataset"].values():
        assert client.get(url).status_code == 200
    assert client.get("/api/").url == "/api/v1/docs/"


# Councils -------------------------------------------------------------------------------


def test_councils_with_their_type_region_and_population(client, districts):
    found = get(client, "/api/v1/councils/")
    assert found["count"] == 2  # current only: Old Ambridge was abolished in 2009
    cambridge = next(c for c in found["results"] if c["slug"] == "cambridge")
    council = Council.objects.get(slug="cambridge")
    assert cambridge == {
        **cambridge,
        "name": "Cambridge City Council",
        "short_name": "Cambridge",
        "type": "district",
        "type_label": "District Council",
        "region": council.region,
        "population": council.population,
        "population_year": 2020,
        "register_code": "CAB",
        "current": True,
        "url": "http://testserver/councils/cambridge/",
        "api_url": "http://testserver/api/v1/councils/cambridge/",
        "feed_url": "http://testserver/feeds/councils/cambridge/",
    }
    page = unescape(client.get("/councils/cambridge/").content.decode())
    assert f"{council.population:,} (2020)" in page and council.region in page
    everything = get(client, "/api/v1/councils/", status="all", type="district")
    assert {c["slug"] for c in everything["results"]} == {"cambridge", "borchester", "old-ambridge"}
    abolished = get(client, "/api/v1/councils/", status="abolished")["results"]
    assert [(c["slug"], c["end_date"], c["current"]) for c in abolished] == [
        ("old-ambridge", "2009-03-31", False)
    ]
    assert get(client, "/api/v1/councils/", type="county")["count"] == 0
    assert get(client, "/api/v1/councils/", region="west midlands")["count"] == 2


def test_council_lists_are_paged(client, districts):
    first = get(client, "/api/v1/councils/", status="all", page_size=2)
    assert (first["count"], first["pages"], first["previous"]) == (3, 2, None)
    assert [c["slug"] for c in first["results"]] == ["borchester", "cambridge"]  # name order
    second = client.get(first["next"]).json()
    assert [c["slug"] for c in second["results"]] == ["old-ambridge"]
    assert second["next"] is None and second["previous"].endswith("page=1")
    missing = client.get("/api/v1/councils/", {"page": 3, "page_size": 2, "status": "all"})
    assert missing.status_code == 404
    assert missing.json() == {"detail": "There is no page 3: the last is page 2."}
    assert client.get("/api/v1/councils/", {"page_size": 101}).status_code == 422
    assert client.get("/api/v1/councils/", {"type": "parish"}).status_code == 422


def test_a_council_with_its_letters_predecessors_similar_councils_and_neighbours(
    client, kent_letters
):
    found = get(client, "/api/v1/councils/canterbury/")
    assert (found["name"], found["type"], found["gss_code"]) == (
        "Canterbury City Council",
        "district",
        Council.objects.get(slug="canterbury").gss_code,
    )
    assert [(letter["year"], letter["period"]) for letter in found["letters"]] == [
        (2024, "2023-24"),
        (2023, "2022-23"),
    ]
    places = council_places(Council.objects.get(slug="canterbury"))
    assert [c["slug"] for c in found["similar"]] == [p.council.slug for p in places.peers]
    assert len(found["similar"]) == 5 and {c["type"] for c in found["similar"]} == {"district"}
    assert "rural-urban class and deprivation" in found["similar_basis"]
    names = {
        Council.objects.get(slug=c["slug"]).short_name: c["relation"] for c in found["neighbours"]
    }
    assert names == {
        "Kent": "county",
        "Swale": "boundary",
        "Dover": "boundary",
        "Ashford": "boundary",
        "Thanet": "boundary",
        "Folkestone and Hythe": "boundary",
    }
    # The same councils as the council page's two cards.
    page = unescape(client.get("/councils/canterbury/").content.decode())
    for slug in [c["slug"] for c in found["similar"] + found["neighbours"]]:
        assert f'href="/councils/{slug}/"' in page
    kent = get(client, "/api/v1/councils/kent/")
    assert sum(c["relation"] == "district" for c in kent["neighbours"]) == 12


def test_an_abolished_council_names_its_successor_and_has_no_similar_councils(client, ambridge):
    old = get(client, "/api/v1/councils/old-ambridge/")
    assert [c["slug"] for c in old["successors"]] == ["ambridge"]
    assert (old["current"], old["similar"], old["neighbours"]) == (False, None, None)
    assert [c["slug"] for c in get(client, "/api/v1/councils/ambridge/")["predecessors"]] == [
        "old-ambridge"
    ]


def test_an_unknown_council_is_404(client, db):
    response = client.get("/api/v1/councils/atlantis/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No council has that address."}


# Letters ----------------------------------------------------------------------------------


def test_a_real_letter_every_figure_as_printed_with_its_words_and_the_original(client, imported):
    """The Ombudsman's 2017-18 letter to Cambridge (../shared/seeds), imported: every
    figure the API gives is the one the letter prints."""
    expected = json.loads(
        require_shared(SEED_EXPECTED / "lgsco-2018-cambridge-city.json").read_text()
    )
    found = get(client, f"/api/v1/letters/{imported.pk}/")
    assert (found["council"]["slug"], found["period"], found["letter_date"]) == (
        "cambridge",
        "2017-18",
        expected["letter_date"],
    )
    for figure in FIGURES:
        given = found["figures"][figure.column]
        assert given["value"] == figure.from_parsed(expected), figure.column
        assert given["label"] == figure.label and given["correction"] is None
        if given["value"] is not None:
            assert given["evidence"], figure.column  # the letter's own words
    upheld = found["figures"]["decisions_upheld"]
    assert (upheld["value"], upheld["unit"]) == (2, "count")
    assert "Upheld" in upheld["evidence"]
    assert found["figures"]["decisions_uphold_rate"]["unit"] == "percent"
    services = {row["service"]: row["complaints"] for row in found["services"]}
    assert services == expected["received_by_service"]
    assert all(row["evidence"] for row in found["services"])
    assert found["measures"]["uphold"]["written"] == "67%, 2 of 3"
    assert found["evidence_recorded"] is True and found["current"] is True
    original = client.get(found["original_url"])
    assert original.status_code == 200
    assert b"".join(original.streaming_content) == SEED_LETTER_2018.read_bytes()
    # The letter's page says the same.
    page = unescape(client.get(found["url"]).content.decode())
    assert upheld["evidence"] in page


def test_a_corrected_figure_carries_its_correction_mark(client, corrected):
    found = get(client, f"/api/v1/letters/{corrected.pk}/")
    upheld = found["figures"]["upheld_percent"]
    assert upheld["value"] == 68
    assert upheld["correction"] == {
        "corrected_on": timezone.localdate().isoformat(),
        "was": 70.0,
        "reason": "The letter says 68%.",
    }
    assert found["figures"]["investigations"]["correction"] is None
    # The council page marks it in the same words.
    page = unescape(client.get("/councils/cambridge/").content.decode())
    assert "was 70%" in page and "The letter says 68%." in page


def test_letters_with_the_measures_the_council_page_shows(client, districts_2024):
    found = get(client, "/api/v1/letters/", type="district", year=2024)
    assert found["count"] == 4
    by_slug = {letter["council"]["slug"]: letter for letter in found["results"]}
    assert set(by_slug) == {"district-a", "district-b", "district-c", "district-d"}
    for slug, letter in by_slug.items():
        table = year_tables(client.get(f"/councils/{slug}/").content.decode())[2024]
        for measure in MEASURES:
            assert letter["measures"][measure.key]["written"] == table[measure.row_label][0]
    a = by_slug["district-a"]["measures"]
    assert a["uphold"] == {
        "label": UPHOLD.label,
        "unit": "percent",
        "value": 70.0,
        "numerator": 21.0,
        "base": 30,
        "written": "70%, 21 of 30",
        "stated_average": 55.0,
    }
    assert by_slug["district-c"]["measures"]["uphold"]["written"] == "no investigations"


def test_letters_filtered_by_council_and_year_every_version_and_paged(client, districts_2024):
    current = get(client, "/api/v1/letters/", council="district-b")
    assert [(letter["year"], letter["current"]) for letter in current["results"]] == [(2024, True)]
    every = get(client, "/api/v1/letters/", council="district-b", versions="all")
    assert sorted(letter["current"] for letter in every["results"]) == [False, True]
    assert get(client, "/api/v1/letters/", year=2023)["count"] == 1
    first = get(client, "/api/v1/letters/", page_size=2)
    assert (first["count"], first["pages"]) == (6, 3)
    assert [letter["year"] for letter in first["results"]] == [2024, 2024]  # newest first
    assert client.get("/api/v1/letters/", {"year": "last"}).status_code == 422
    missing = client.get("/api/v1/letters/999999/")
    assert missing.status_code == 404 and missing.json() == {"detail": "No letter has that number."}


# Type averages ------------------------------------------------------------------------------


def test_type_averages_stated_and_computed_with_counts(client, districts_2024):
    found = get(client, "/api/v1/averages/", type="district", year=2024)
    assert found["count"] == 1
    (average,) = found["results"]
    assert (average["type"], average["period"], average["letters"]) == ("district", "2023-24", 4)
    uphold = average["measures"]["uphold"]
    assert uphold["stated"] == {
        "value": None,  # the letters disagree: 55% in three, 60% in one
        "low": 55.0,
        "high": 60.0,
        "letters": 4,
        "disagree": True,
    }
    assert uphold["pooled"] == pytest.approx(100 * 35 / 60)  # 21 + 5 + 0 + 9 of 30 + 10 + 0 + 20
    assert uphold["mean"] == pytest.approx((70 + 50 + 45) / 3)  # district-c investigated none
    assert (uphold["councils"], uphold["totals"]) == (3, {"numerator": 35, "base": 60})
    compliance = average["measures"]["compliance"]
    assert compliance["pooled"] == pytest.approx(100 * (18 + 4 + 9) / (18 + 5 + 10))
    assert compliance["totals"] is None  # pooled from percentages, not counts
    assert any("state different uphold averages" in w for w in average["warnings"])
    assert average["compare_url"] == "http://testserver/compare/district/2024/"
    # What the selectors compute, and what the council page writes.
    (selected,) = type_averages(authority_type="district", year=2024)
    table = year_tables(client.get("/councils/district-a/").content.decode())[2024]
    for measure in MEASURES:
        given = average["measures"][measure.key]
        assert given["pooled"] == selected.pooled(measure)
        assert given["mean"] == selected.mean(measure)
        _, stated, pooled, mean, _ = table[measure.row_label]
        assert measure.write_average(given["pooled"]) == pooled
        assert measure.write_average(given["mean"]) == mean


def test_every_type_and_year_oldest_first(client, districts_2024):
    found = get(client, "/api/v1/averages/")
    assert [(a["type"], a["year"]) for a in found["results"]] == [
        ("district", 2023),
        ("county", 2024),
        ("district", 2024),
    ]


def test_a_letter_of_a_new_council_moves_the_averages(client, districts_2024):
    before = get(client, "/api/v1/averages/", type="district", year=2024)["results"][0]
    make_letter(make_council(slug="district-e"), upheld_count=30, investigations=30)
    after = get(client, "/api/v1/averages/", type="district", year=2024)["results"][0]
    assert after["letters"] == before["letters"] + 1
    assert after["measures"]["uphold"]["totals"] == {"numerator": 65, "base": 90}


def test_a_withdrawn_letter_is_on_no_list_and_its_record_is_gone(
    client, districts_2024, data_admin
):
    letter = districts_2024["b"]
    withdraw(letter, reason="Uploaded for the wrong council.", user=data_admin)
    every = get(client, "/api/v1/letters/", council="district-b", versions="all")
    # The superseded version it had replaced is current again; the withdrawn one is gone.
    assert [(found["id"], found["current"]) for found in every["results"]] == [
        (every["results"][0]["id"], True)
    ]
    assert every["results"][0]["id"] != letter.pk
    assert client.get(f"/api/v1/letters/{letter.pk}/").status_code == 404
    assert client.get(letter.get_absolute_url()).status_code == 404  # as on the pages


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/councils/?region=%00",
        "/api/v1/councils/?region=London%00",
        "/api/v1/letters/?council=cam%00bridge",
        "/api/v1/search/?q=wit%00ness",
        "/api/v1/councils/cam%00bridge/",
    ],
)
def test_a_null_character_in_a_text_parameter_is_refused_with_the_reason(client, db, url):
    """PostgreSQL text cannot hold a NUL: the region filter answered 500 to one
    (bench/faults.py); every text parameter is refused with 422, saying why."""
    response = client.get(url)
    assert response.status_code == 422
    assert "Null characters are not allowed." in response.content.decode()

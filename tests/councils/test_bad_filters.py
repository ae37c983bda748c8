"""Bad filters on the public pages: the council list and the compare pages ignore a filter
they cannot read, and a compare year that is not one is a 404, never a 500."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


BAD_QUERIES = [
    "year=abc",
    "year=99999999999999999999",
    "year=0",
    "year=-1",
    "year=2024.5",
    "status=nonsense",
    "year=abc&status=nonsense",
    "year=&status=",
    "year=abc&_export=csv",
    "status=nonsense&_export=json",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_filters_on_the_council_list_show_the_page_without_them(client, districts, query):
    response = client.get(f"/councils/?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    # Unfiltered by year: every council with a letter is listed with its latest figures.
    for council in districts:
        assert council.slug in body or council.official_name in body


def test_a_bad_year_on_the_council_list_is_not_taken_as_a_year(client, districts):
    unfiltered = client.get("/councils/?_export=json").json()
    for query in ("year=abc", "year=0", "year=99999999999999999999"):
        bad = client.get(f"/councils/?{query}&_export=json").json()
        assert bad["rows"] == unfiltered["rows"], query
        assert "year" not in bad["filters"], query


def test_an_unknown_status_on_the_council_list_is_not_applied(client, districts):
    response = client.get("/councils/?status=nonsense&_export=json")
    assert response.status_code == 200
    assert "status" not in response.json()["filters"]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_query_filters_on_a_compare_page_are_ignored(client, districts, query):
    response = client.get(f"/compare/district/2024/?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", ["/compare/district/abc/", "/compare/district/-1/", "/compare/district/2024.5/"]
)
def test_a_compare_year_that_is_not_a_number_is_not_found(client, districts, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("year", ["1999", "2100", "9999"])
def test_a_compare_year_without_letters_is_a_helpful_404(client, districts, year):
    response = client.get(f"/compare/district/{year}/")
    assert response.status_code == 404


@pytest.mark.parametrize("year", ["0", "99999999999999999999", "10000"])
def test_a_compare_year_out_of_range_is_a_4xx_not_a_500(districts, year):
    client = Client(raise_request_exception=False)
    response = client.get(f"/compare/district/{year}/")
    assert 400 <= response.status_code < 500

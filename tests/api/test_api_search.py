"""The API's search (/api/v1/search/): the site's own full-text search
(search.selectors.search) over every current letter and council report, on the letters
written for it (tests/support/said.py): "witness summons" and "public interest report"
found where written and nowhere else, with the same results as the /search/ page's JSON."""

import pytest

from tests.support.said import (
    PUBLIC_INTEREST_REPORT,
    STEMS,
    WITNESS_SUMMONS,
    YEAR_END,
)

pytestmark = pytest.mark.django_db


def stems(found: dict) -> set[str]:
    by_year = {year: era for era, year in YEAR_END.items()}
    return {f"{hit['council']['slug']}-{by_year[hit['year']]}" for hit in found["results"]}


def search(client, **params) -> dict:
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_found_where_written_and_nowhere_else(client, said):
    summons = search(client, q='"witness summons"')
    assert stems(summons) == WITNESS_SUMMONS and summons["count"] == 2
    assert stems(search(client, q="public interest report")) == PUBLIC_INTEREST_REPORT
    assert stems(search(client, q='"public interest report" -summons')) == PUBLIC_INTEREST_REPORT
    assert search(client, q="Ombudsman")["count"] == len(STEMS)
    by_year = {year: era for era, year in YEAR_END.items()}
    for hit in summons["results"]:
        letter = said[f"{hit['council']['slug']}-{by_year[hit['year']]}"]
        assert hit["kind"] == "lgsco-letter" and hit["council"]["api_url"].endswith(
            f"/api/v1/councils/{hit['council']['slug']}/"
        )
        assert hit["url"].startswith(f"http://testserver/letters/{letter.pk}/?highlight=")
        assert hit["url"].endswith(f"#passage-{hit['passage']}")
        assert "witness summons" in hit["snippet"].lower()
        assert "<mark>" in hit["snippet_html"]


def test_the_same_results_as_the_search_page(client, said):
    ours = search(client, q="complaint handling", page_size=100)
    page = client.get("/search/", {"q": "complaint handling", "format": "json"}).json()
    assert ours["count"] == page["count"] > 0
    assert [hit["url"] for hit in ours["results"]] == [hit["url"] for hit in page["results"]]
    assert [hit["snippet"] for hit in ours["results"]] == [
        hit["snippet"] for hit in page["results"]
    ]


def test_filters_and_pages(client, said):
    assert stems(search(client, q="Ombudsman", type="county")) == {
        s for s in STEMS if s.startswith("borsetshire")
    }
    assert stems(search(client, q="Ombudsman", year=2024)) == {
        "borsetshire-2024-per-100k",
        "felpersham-2024-per-100k",
    }
    assert stems(search(client, q="witness summons", council="felpersham")) == {
        "felpersham-2020-three-statistics"
    }
    assert search(client, q="Ombudsman", kind="council-report")["count"] == 0
    first = search(client, q="Ombudsman", page_size=3)
    assert (first["count"], first["pages"], len(first["results"])) == (8, 3, 3)
    last = client.get(first["next"]).json()
    assert client.get(last["next"]).json()["next"] is None


def test_the_query_is_required_and_bounded(client, said):
    assert client.get("/api/v1/search/").status_code == 422
    assert client.get("/api/v1/search/", {"q": "x" * 201}).status_code == 422
    assert client.get("/api/v1/search/", {"q": "the", "type": "parish"}).status_code == 422
    only_stop_words = search(client, q="the")
    assert (only_stop_words["count"], only_stop_words["results"]) == (0, [])

"""What every open answer shares (opendata.http), for the API, the feeds and the dataset:
CORS for GET from any origin, GET and HEAD only, a throttle per client address (the
address sign-in throttling uses, behind the deployment's own proxies), and revalidation
by an ETag from the data version: 304 until the data change."""

import pytest
from django.test import Client

from letters import corrections
from tests.support.factories import make_council, make_letter

OPEN = ["/api/v1/councils/", "/api/v1/openapi.json", "/feeds/letters/", "/data/council-years.csv"]
PROXY = "10.0.0.1"


@pytest.mark.django_db
@pytest.mark.parametrize("url", OPEN)
def test_any_origin_may_read_and_nothing_may_write(client, url, districts):
    response = client.get(url, HTTP_ORIGIN="https://newsroom.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        url,
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    for method in ("post", "put", "patch", "delete"):
        refused = getattr(client, method)(url)
        assert refused.status_code == 405, method
        assert refused["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.django_db
def test_head_answers_the_headers_of_get_without_a_body(client, districts):
    got = client.get("/api/v1/councils/")
    head = client.head("/api/v1/councils/")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(got.content))


@pytest.mark.django_db
def test_each_client_address_is_throttled_on_its_own(client, settings, districts):
    settings.OPEN_DATA_RATES = {"api": 3}
    answers = [client.get("/api/v1/councils/", REMOTE_ADDR="203.0.113.5") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "Too many requests" in refused.json()["detail"]
    # Another address is not affected; the feeds and downloads count apart from the API.
    assert client.get("/api/v1/councils/", REMOTE_ADDR="198.51.100.7").status_code == 200
    assert client.get("/feeds/letters/", REMOTE_ADDR="203.0.113.5").status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_the_address_it_saw_is_throttled_never_one_a_client_wrote(
    client, settings, districts
):
    settings.OPEN_DATA_RATES = {"api": 2}
    settings.TRUSTED_PROXY_COUNT = 1

    def ask(forwarded_for: str):
        return client.get(
            "/api/v1/councils/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for
        ).status_code

    # A client that writes a new X-Forwarded-For each time is still one address to nginx.
    assert [ask(f"6.6.6.{n}, 192.0.2.9") for n in range(3)] == [200, 200, 429]
    # Everyone else behind the same proxy is not.
    assert ask("203.0.113.5") == 200
    settings.TRUSTED_PROXY_COUNT = 0  # the header is ignored: everyone is the proxy
    assert [ask(f"203.0.113.{n}") for n in range(3)] == [200, 200, 429]


def again_cache_control(client, url, etag) -> str:
    return client.get(url, HTTP_IF_NONE_MATCH=etag)["Cache-Control"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", OPEN + ["/api/v1/letters/", "/feeds/councils/borsetshire/"])
def test_an_etag_from_the_data_version_answers_304_until_the_data_change(url, data_admin):
    council = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    letter = make_letter(council, upheld_percent=70, upheld_count=21, investigations=30)
    client = Client()
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    assert again_cache_control(client, url, etag) == first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Access-Control-Allow-Origin"] == "*"
    # A data admin corrects a figure: the data version moves, so does the ETag.
    letter.upheld_percent = 68
    corrections.letter_correct(letter=letter, reason="The letter says 68%.", user=data_admin)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.django_db(transaction=True)
def test_a_new_letter_changes_the_etag_and_a_304_skips_the_work(
    django_assert_num_queries, data_admin
):
    council = make_council(slug="borsetshire")
    make_letter(council)
    client = Client()
    etag = client.get("/api/v1/letters/")["ETag"]
    with django_assert_num_queries(1):  # the data version, nothing else
        assert client.get("/api/v1/letters/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_letter(make_council(slug="felpersham"))
    assert client.get("/api/v1/letters/", HTTP_IF_NONE_MATCH=etag).status_code == 200

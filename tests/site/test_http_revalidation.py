"""HTTP revalidation of the public pages and downloads (complaints_site.cache): a weak ETag
from the versions of what the page depends on, public caching headers for anonymous
visitors only, and 304 to a matching If-None-Match without rendering the page."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from complaints_site.cache import PUBLIC, forget_versions
from tests.support.factories import make_letter

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/councils/",
    "/councils/swale/",
    "/compare/district/2024/",
    "/councils/?_export=csv",
    "/councils/?_export=json&year=2024",
    "/compare/district/2024/?_export=xlsx",
    "/compare/councils/?c=kent&c=swale",
    "/map/?year=2024",
    "/data/",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_says_anyone_may_keep_it_and_answers_304_until_it_changes(url, kent_letters):
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"') and first["Cache-Control"] == PUBLIC
    assert "Cookie" in first["Vary"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"] == PUBLIC
    assert "Cookie" in again["Vary"]
    make_letter(kent_letters["swale"], year_end=2022)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_versions_read_in_the_last_second_make_a_304_and_a_hit_cost_no_query(
    kent_letters, settings, django_assert_num_queries
):
    settings.PAGE_VERSIONS_MEMO_SECONDS = 3600  # the memo never runs out in this test
    client = Client()
    first = client.get("/councils/swale/")
    etag = first["ETag"]
    with django_assert_num_queries(0):
        again = client.get("/councils/swale/", HTTP_IF_NONE_MATCH=etag)
        hit = client.get("/councils/swale/")
    assert again.status_code == 304
    assert (hit.status_code, hit["X-Page-Cache"], hit.content) == (200, "hit", first.content)
    make_letter(kent_letters["swale"], year_end=2022)
    # Until the memo runs out the page is the one before (PAGE_VERSIONS_MEMO_SECONDS);
    # then the change shows.
    assert client.get("/councils/swale/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    forget_versions()
    changed = client.get("/councils/swale/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_one_read_of_the_versions_serves_every_page_until_the_memo_runs_out(kent_letters, settings):
    """Each process reads every scope's version at once: the first page of another council
    renders without reading them again."""
    settings.PAGE_VERSIONS_MEMO_SECONDS = 3600
    client = Client()
    assert client.get("/councils/swale/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/councils/kent/").status_code == 200
        assert client.get("/compare/county/2024/").status_code == 200
    assert not [q for q in captured.captured_queries if "councils_page_version" in q["sql"]]


def test_the_years_and_regions_a_listing_may_name_are_remembered_with_the_versions(
    kent_letters, settings, django_assert_num_queries
):
    """/councils/?year=...&region=...: which years and regions exist is part of the page's
    cache key; remembered as the versions are, so a 304 or a hit still costs no query."""
    settings.PAGE_VERSIONS_MEMO_SECONDS = 3600
    kent_letters["swale"].region = "South East"
    kent_letters["swale"].save()
    forget_versions()
    client = Client()
    url = "/councils/?year=2024&region=South+East"
    first = client.get(url)
    assert "Swale" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        hit = client.get(url)
    assert again.status_code == 304
    assert (hit["X-Page-Cache"], hit.content) == ("hit", first.content)


def test_a_304_renders_nothing_and_reads_one_query(kent_letters, django_assert_num_queries):
    client = Client()
    etag = client.get("/councils/swale/")["ETag"]
    cache.clear()  # not even the stored page: only the versions are read
    with django_assert_num_queries(1):
        again = client.get("/councils/swale/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["X-Page-Cache"] == "revalidated"
    # Rendering it takes many more: a stale ETag renders it, and it is stored again.
    with CaptureQueriesContext(connection) as rendering:
        stale = client.get("/councils/swale/", HTTP_IF_NONE_MATCH='W/"stale"')
    assert stale.status_code == 200 and stale["X-Page-Cache"] == "miss"
    assert len(rendering) > 5


def test_head_carries_the_same_validator(kent_letters):
    client = Client()
    etag = client.get("/councils/kent/")["ETag"]
    head = client.head("/councils/kent/")
    assert head.status_code == 200 and head["ETag"] == etag and head.content == b""
    assert client.head("/councils/kent/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_other_conditions_are_weighed_as_django_weighs_them(kent_letters):
    client = Client()
    etag = client.get("/councils/swale/")["ETag"]
    several = client.get("/councils/swale/", HTTP_IF_NONE_MATCH=f'W/"other", {etag}')
    assert several.status_code == 304 and several["ETag"] == etag
    since = "Mon, 01 Jan 2024 00:00:00 GMT"
    both = client.get("/councils/swale/", HTTP_IF_NONE_MATCH=etag, HTTP_IF_MODIFIED_SINCE=since)
    assert both.status_code == 304
    refused = client.get("/councils/swale/", HTTP_IF_NONE_MATCH=etag, HTTP_IF_MATCH='"other"')
    assert refused.status_code == 412
    assert client.get("/councils/swale/", HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_an_unrelated_councils_etag_outlives_another_councils_change(kent_letters):
    client = Client()
    etags = {slug: client.get(f"/councils/{slug}/")["ETag"] for slug in ("essex", "canterbury")}
    make_letter(kent_letters["canterbury"], year_end=2022)
    assert client.get("/councils/essex/", HTTP_IF_NONE_MATCH=etags["essex"]).status_code == 304
    changed = client.get("/councils/canterbury/", HTTP_IF_NONE_MATCH=etags["canterbury"])
    assert changed.status_code == 200


def test_each_page_and_each_parameter_has_its_own_etag(kent_letters):
    client = Client()
    urls = ["/councils/kent/", "/councils/essex/", "/councils/", "/councils/?year=2023"]
    assert len({client.get(url)["ETag"] for url in urls}) == len(urls)
    # Parameters the page does not read are not part of it.
    assert client.get("/councils/?utm_source=x")["ETag"] == client.get("/councils/")["ETag"]


def test_a_name_search_is_not_stored_but_still_revalidated(kent_letters):
    client = Client()
    first = client.get("/councils/?name=kent")
    assert "X-Page-Cache" not in first and first["Cache-Control"] == PUBLIC
    assert first["ETag"] != client.get("/councils/?name=essex")["ETag"]
    assert client.get("/councils/?name=kent", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_signed_in_visitors_never_get_public_caching(kent_letters, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="a-long-password-1")
    signed_in = Client()
    signed_in.force_login(reader)
    anonymous = Client().get("/councils/swale/")
    for url in ["/councils/swale/", "/councils/", "/councils/?_export=csv", "/"]:
        response = signed_in.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"])
        assert response.status_code == 200, url
        assert "public" not in response["Cache-Control"], url
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert "ETag" not in response and "X-Page-Cache" not in response
    assert "Signed in as reader" in signed_in.get("/councils/swale/").content.decode()


def test_the_open_data_are_public_whoever_asks(kent_letters, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="a-long-password-1")
    signed_in = Client()
    signed_in.force_login(reader)
    for url in ["/api/v1/councils/", "/feeds/letters/", "/data/council-years.csv"]:
        anonymous = Client().get(url)
        assert anonymous["Cache-Control"] == PUBLIC, url
        # Nothing there reads a cookie: a signed-in reader gets the same answer.
        assert signed_in.get(url)["ETag"] == anonymous["ETag"], url


def test_a_council_feed_revalidates_by_its_council(kent_letters):
    client = Client()
    essex = client.get("/feeds/councils/essex/")["ETag"]
    swale = client.get("/feeds/councils/swale/")["ETag"]
    make_letter(kent_letters["swale"], year_end=2022)
    assert client.get("/feeds/councils/essex/", HTTP_IF_NONE_MATCH=essex).status_code == 304
    assert client.get("/feeds/councils/swale/", HTTP_IF_NONE_MATCH=swale).status_code == 200


def test_a_page_showing_messages_is_the_visitors_own(kent_letters, rf):
    # A message left for an anonymous visitor (the cookie storage, as a redirect leaves it).
    left = HttpResponse()
    storage = CookieStorage(rf.get("/"))
    storage.add(messages.INFO, "Your report was sent.")
    storage.update(left)
    client = Client()
    client.cookies[CookieStorage.cookie_name] = left.cookies[CookieStorage.cookie_name].value
    response = client.get("/councils/swale/")
    assert "Your report was sent." in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "ETag" not in response and "X-Page-Cache" not in response
    # Shown once: the next page is everyone's again.
    assert Client().get("/councils/swale/")["Cache-Control"] == PUBLIC

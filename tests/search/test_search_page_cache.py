"""The search page is cached like the others without words to search (complaints_site.cache),
and a search, free text, is rendered each time but still revalidated."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_search_form_and_its_filters_are_cached(client, kent_letters):
    assert client.get("/search/?type=district")["X-Page-Cache"] == "miss"
    again = client.get("/search/?type=district&utm_source=x&page=3")
    assert again["X-Page-Cache"] == "hit" and again.status_code == 200


def test_a_search_is_rendered_each_time_and_revalidated(client, kent_letters):
    first = client.get("/search/?q=complaints&type=district")
    assert first.status_code == 200 and "X-Page-Cache" not in first
    again = client.get("/search/?q=complaints&type=district", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get("/search/?q=other&type=district")["ETag"] != first["ETag"]

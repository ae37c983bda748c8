"""The comparison and the map are cached pages like the others (complaints_site.cache), keyed
by what they read: the councils and a download format; the measure, the year, the layer."""

import pytest

from places.views import compare_query, map_query

# The cache is bypassed inside a transaction that wrote data: these tests commit theirs.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "url", ["/map/?year=2024&layer=counties", "/compare/councils/?c=kent&c=swale&_export=csv"]
)
def test_the_second_visitor_is_served_from_the_page_cache(client, kent_letters, url):
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content


def test_the_cache_keys_hold_only_what_the_pages_read(rf):
    asked = rf.get("/compare/councils/?c=kent&c=kent&c=swale&_export=xml&utm_source=x")
    assert compare_query(asked).urlencode() == "c=kent&c=swale"
    many = rf.get("/compare/councils/?" + "&".join(f"c=n{i}" for i in range(500)))
    assert len(compare_query(many).getlist("c")) == 11  # one more than a comparison holds
    asked = rf.get("/map/?measure=uphold&year=2024&layer=counties&nc=1&year=2023")
    assert map_query(asked).urlencode() == "measure=uphold&year=2023&layer=counties"


@pytest.mark.parametrize(
    "urls",
    [
        [
            "/map/?year=2024&layer=counties",
            "/map/?layer=counties&year=2024&utm_source=x",
            "/map/?year=%202024%20&layer=counties&nc=7",
        ],
        [
            "/compare/councils/?c=kent&c=swale",
            "/compare/councils/?c=kent&c=swale&c=kent&nc=1",
            "/compare/councils/?c=%20kent&c=swale&_export=xml",
        ],
    ],
)
def test_pages_with_parameters_are_cached_under_the_parameters_they_read(
    client, kent_letters, urls
):
    first = client.get(urls[0])
    assert first["X-Page-Cache"] == "miss"
    for url in urls[1:]:
        again = client.get(url)
        assert again["X-Page-Cache"] == "hit", url
        assert again.content == first.content and again["ETag"] == first["ETag"], url
    # Another value is another page.
    other = client.get(urls[0].replace("2024", "2023").replace("swale", "medway"))
    assert other["X-Page-Cache"] == "miss"

"""The page cache is keyed by what a page depends on, not by its raw address: unknown query
parameters are dropped, known ones written one way, a page number past the last is the last
page. So junk query strings cannot fill the cache, and every known parameter still has its
own page."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from tests.support.factories import make_council, make_letter

# The cache is bypassed inside a transaction that wrote data: these tests commit theirs.
pytestmark = pytest.mark.django_db(transaction=True)


def page_entries() -> set[str]:
    """The pages in the cache (LocMemCache's keys; not a paged view's count of pages)."""
    return {key for key in cache._cache if "councils:page:" in key and ":pages" not in key}


def entries_made(client: Client, urls) -> int:
    before = page_entries()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(page_entries() - before)


JUNK = [
    "nc={n}",
    "utm_source=x{n}&utm_campaign={n}",
    "%00={n}",
    "per_page={n}",
    "{n}",
    "page=0{n}x",
]


@pytest.mark.parametrize(
    "base",
    [
        "/councils/?_export=json&",
        "/councils/?",
        "/?",
        "/councils/cambridge/?",
        "/councils/?year=2024&",
    ],
)
def test_a_hundred_junk_query_strings_make_at_most_one_entry(client, districts, base):
    urls = [base + JUNK[n % len(JUNK)].format(n=n) for n in range(100)]
    assert entries_made(client, urls) <= 1
    assert client.get(urls[-1])["X-Page-Cache"] == "hit"


def test_a_hundred_junk_highlights_on_a_compare_page_make_one_entry(client, districts):
    urls = [f"/compare/district/2024/?highlight=no-such-{n}&nc={n}" for n in range(100)]
    assert entries_made(client, urls) == 1
    assert entries_made(client, ["/compare/district/2024/"]) == 0  # the same page


def test_known_values_are_written_one_way(client, districts):
    assert entries_made(client, ["/councils/?year=2024"]) == 1
    same = [
        "/councils/?year=02024",
        "/councils/?year=%202024%20",
        "/councils/?year=2023&year=2024",  # the last value, as the filter reads it
        "/councils/?year=2024&status=current",  # the default status
        "/councils/?year=2024&status=",
        "/councils/?year=2024&sort=nonsense",
        "/councils/?year=2024&page=1",
        "/councils/?year=2024&page=abc",
        "/councils/?year=2024&page=-3",
        "/councils/?status=current&year=2024&junk=1",
    ]
    for url in same:
        assert entries_made(client, [url]) == 0, url
    # Every value a filter cannot read is one page, which says so.
    assert entries_made(client, ["/councils/?year=1999", "/councils/?year=abc"]) == 1
    assert entries_made(client, ["/councils/?year=99999999999999999999"]) == 0
    assert "There are no letters for that year" in client.get("/councils/?year=x").content.decode()
    assert entries_made(client, ["/councils/?region=Atlantis", "/councils/?region=Mu"]) == 1
    assert "There is no region of that name" in client.get("/councils/?region=x").content.decode()


def test_every_known_parameter_still_has_its_own_entry(client, districts):
    urls = [
        "/councils/",
        "/councils/?authority_type=district",
        "/councils/?region=West%20Midlands",
        "/councils/?status=all",
        "/councils/?status=abolished",
        "/councils/?year=2023",
        "/councils/?sort=-uphold_rate",
        "/councils/?sort=region",
        "/councils/?_export=csv",
        "/councils/?_export=json",
        "/councils/?_export=json&year=2023",
        "/compare/district/2024/",
        "/compare/district/2024/?highlight=cambridge",
        "/compare/district/2024/?highlight=borchester",
        "/compare/district/2024/?sort=council",
        "/compare/district/2024/?_export=csv",
        "/compare/district/2023/",
    ]
    for url in urls:
        assert entries_made(client, [url]) == 1, url
    # And what each shows is its own: the filters and downloads are applied.
    years = {row["year"] for row in client.get("/councils/?_export=json&year=2023").json()["rows"]}
    assert years == {2023}
    html = client.get("/compare/district/2024/?highlight=borchester").content.decode()
    assert "app-row--highlight" in html


def test_a_page_number_past_the_last_is_the_last_page(client, districts):
    for n in range(55):  # 58 councils: two pages of 50
        make_council(short_name=f"Paged {n:02}", slug=f"paged-{n:02}")
    assert entries_made(client, ["/councils/", "/councils/?page=2"]) == 2
    last = client.get("/councils/?page=2").content.decode()
    past = [f"/councils/?page={n}" for n in range(3, 60)] + ["/councils/?page=" + "9" * 20]
    assert entries_made(client, past) == 0
    response = client.get("/councils/?page=77")
    assert response["X-Page-Cache"] == "hit" and response.content.decode() == last
    # Asked for first, before the first page is cached, it is still kept as the last page.
    cache.clear()
    assert entries_made(client, ["/councils/?page=40", "/councils/?page=41"]) == 1
    assert client.get("/councils/?page=2")["X-Page-Cache"] == "hit"


def test_a_name_search_is_answered_but_never_cached(client, districts):
    before = page_entries()
    for n in range(20):
        response = client.get(f"/councils/?name=cam{n}")
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert page_entries() == before
    html = client.get("/councils/?name=%20Cambridge%00%20%20City").content.decode()
    assert 'value="Cambridge City"' in html and "Cambridge City Council" in html


def test_the_page_shows_only_the_parameters_it_reads(client, districts):
    """Links on a page (downloads, sorting, pages) carry the known parameters only."""
    html = client.get("/councils/?year=2024&junk=evil&sort=region").content.decode()
    assert "junk" not in html and "evil" not in html
    assert "?year=2024&amp;sort=region&amp;_export=csv" in html
    about = json.loads(client.get("/councils/?_export=json&year=2024&region=Mu").content)
    assert about["filters"] == {"status": "current", "year": "2024"}


def test_a_data_change_still_moves_every_key_on(client, districts):
    cambridge, _ = districts
    client.get("/councils/?junk=1")
    make_letter(cambridge, year_end=2022)
    assert client.get("/councils/?junk=2")["X-Page-Cache"] == "miss"

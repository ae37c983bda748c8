"""Atom feeds of new and corrected letters, for the whole site, a council and a type of
council: each is valid Atom (RFC 4287's required elements, checked by
tests/support/opendata.atom_problems) and each page links the feeds it concerns."""

import pytest
from django.utils import timezone

from documents.current import withdraw
from letters import corrections
from letters.models import Correction
from tests.support.factories import make_council, make_letter
from tests.support.opendata import atom_entries, atom_problems, feed_links

pytestmark = pytest.mark.django_db

SITE_FEED = ("New letters and corrections", "/feeds/letters/")


def feed(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert atom_problems(response.content) == []
    return atom_entries(response.content)


def test_the_site_feed_has_new_letters_new_versions_and_corrections(
    client, letters_and_a_correction
):
    entries = feed(client, "/feeds/letters/")
    titles = [entry["title"] for entry in entries]
    assert titles[0] == "New letter: Borsetshire County Council, 2023-24"  # newest first
    assert "New version of a letter: Felpersham District Council, 2023-24" in titles
    assert "New letter: Felpersham District Council, 2023-24" in titles
    assert "New letter: Cambridge City Council, 2023-24" in titles
    correction = next(e for e in entries if e["title"].startswith("Corrected"))
    assert (
        correction["title"] == "Corrected: Cambridge City Council, 2023-24, upheld was 70%, now 68%"
    )
    assert correction["summary"] == "A data admin corrected upheld: The letter says 68%."
    letter = letters_and_a_correction
    assert correction["link"] == f"http://testserver/letters/{letter.pk}/"
    assert correction["id"].startswith("tag:testserver,") and "correction/" in correction["id"]
    new = next(e for e in entries if e["title"] == "New letter: Cambridge City Council, 2023-24")
    # The figures as the council page writes them (from the counts), beside what the letter
    # states.
    assert "Share of complaints upheld: 70%, 21 of 30 (the letter states 85%" in new["summary"]


def test_a_councils_feed_and_a_types_feed_hold_only_theirs(client, letters_and_a_correction):
    cambridge = feed(client, "/feeds/councils/cambridge/")
    assert len(cambridge) == 2 and all("Cambridge City Council" in e["title"] for e in cambridge)
    districts = feed(client, "/feeds/types/district/")
    assert len(districts) == 4  # Cambridge's letter and correction, Felpersham's two letters
    assert not any("County" in e["title"] for e in districts)
    counties = feed(client, "/feeds/types/county/")
    assert [e["title"] for e in counties] == ["New letter: Borsetshire County Council, 2023-24"]
    assert feed(client, "/feeds/types/unitary/") == []  # valid, and empty
    assert client.get("/feeds/councils/atlantis/").status_code == 404
    assert client.get("/feeds/types/parish/").status_code == 404


def test_a_withdrawn_correction_is_updated_in_place(client, corrected):
    before = next(e for e in feed(client, "/feeds/letters/") if "Corrected" in e["title"])
    Correction.objects.filter(letter=corrected).update(
        withdrawn_at=timezone.now() + timezone.timedelta(minutes=5),
        withdrawn_reason="Reverted",
    )
    after = next(e for e in feed(client, "/feeds/letters/") if "Corrected" in e["title"])
    assert after["id"] == before["id"]  # the same entry, so a reader updates it
    assert after["updated"] > before["updated"] and after["published"] == before["published"]
    assert after["title"].endswith("(correction since withdrawn)")
    assert "The correction was withdrawn: Reverted." in after["summary"]


def test_a_second_correction_is_a_second_entry(client, corrected, data_admin):
    corrected.upheld_percent = 67
    corrections.letter_correct(letter=corrected, reason="Rounded down.", user=data_admin)
    titles = [e["title"] for e in feed(client, "/feeds/councils/cambridge/")]
    assert titles[:2] == [
        "Corrected: Cambridge City Council, 2023-24, upheld was 68%, now 67%",
        "Corrected: Cambridge City Council, 2023-24, upheld was 70%, now 68%",
    ]


def test_every_page_links_its_feeds(client, corrected):
    assert feed_links(client.get("/").content.decode()) == [SITE_FEED]
    assert feed_links(client.get("/councils/").content.decode()) == [SITE_FEED]
    council = [
        SITE_FEED,
        ("Cambridge City Council: new letters and corrections", "/feeds/councils/cambridge/"),
        ("District Councils: new letters and corrections", "/feeds/types/district/"),
    ]
    assert feed_links(client.get("/councils/cambridge/").content.decode()) == council
    assert feed_links(client.get(f"/letters/{corrected.pk}/").content.decode()) == council
    assert feed_links(client.get("/compare/district/2024/").content.decode()) == [
        SITE_FEED,
        ("District Councils: new letters and corrections", "/feeds/types/district/"),
    ]
    assert feed_links(client.get("/data/").content.decode()) == [SITE_FEED]
    for _, url in council:
        assert client.get(url).status_code == 200
    # The feeds' titles never say "corrected": a page says it only of a corrected figure.
    make_letter(make_council(slug="felpersham"))
    assert "corrected" not in client.get("/councils/felpersham/").content.decode()


def test_a_withdrawn_letter_leaves_the_feeds(client, corrected, data_admin):
    withdraw(corrected, reason="Uploaded for the wrong council.", user=data_admin)
    assert feed(client, "/feeds/letters/") == []
    assert feed(client, "/feeds/councils/cambridge/") == []
    assert client.get(corrected.get_absolute_url()).status_code == 404  # as on the pages

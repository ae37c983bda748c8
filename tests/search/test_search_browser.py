"""The search page and the council page's "What the Ombudsman said" card in Chromium, on a
phone (390 px) and a desktop (1280 px), with and without JavaScript: searching, a result
opening the letter at its passage, the card's years, nothing wider than the screen, and
axe-core clean. axe-core needs JavaScript (its run never ends without it), so it runs
with JavaScript on, on pages that have no script: the page a browser without JavaScript
shows is the same document."""

import pytest

from tests.support.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page):
    """Nothing wider than the screen; no script; axe-clean (where axe can run)."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("script").count() == 0
    if page.context.javascript:
        assert_accessible(page)


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_search_and_open_the_passage(tab, said_letters):
    tab.goto("/search/")
    check(tab)
    tab.get_by_label("Search for words or a phrase").fill('"witness summons"')
    tab.get_by_label("Type of council").select_option("district")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url("**/search/?q=*")
    assert tab.get_by_role("heading", level=2, name="1 result").is_visible()
    assert tab.locator("mark").first.inner_text() == "witness"
    check(tab)
    tab.get_by_role("link", name="Felpersham City Council, 2019-20 letter").click()
    tab.wait_for_url("**/letters/*/?highlight=*#passage-*")
    anchor = tab.url.rsplit("#", 1)[1]
    assert in_view(tab, f"#{anchor}")  # the browser went to the passage, script or none
    assert "witness" in tab.locator(f"#{anchor} mark").first.inner_text()
    check(tab)


def test_a_refused_filter_is_shown_as_an_error(tab, said_letters):
    tab.goto("/search/?q=witness&year=1999")
    assert tab.get_by_role("heading", name="There is a problem").is_visible()
    check(tab)


def test_the_council_pages_card(tab, said_letters):
    tab.goto("/councils/borsetshire/")
    card = tab.locator("#ombudsman-said")
    assert card.get_by_role("heading", name="What the Ombudsman said").is_visible()
    assert card.get_by_text("adopted the Complaint Handling Code").is_visible()
    older = card.get_by_text("2016-17: 1 paragraph (public interest report)")
    assert not card.get_by_text("issued a public interest report about Borsetshire").is_visible()
    older.click()  # a details element: opens with or without script
    assert card.get_by_text("issued a public interest report about Borsetshire").is_visible()
    check(tab)
    card.get_by_role("link", name="The full 2024-25 letter to Borsetshire").click()
    tab.wait_for_url("**/letters/*/#letter-text")
    assert tab.get_by_role("heading", name="The letter's text").is_visible()
    check(tab)

"""The comparison, the map and the council page's cards in Chromium: at a phone's width and
a desktop's, with and without JavaScript, nothing wider than the page (tables scroll in
their own region), every mark of the map inside the drawing, axe-clean, and the forms and
links working without JavaScript. axe-core itself needs JavaScript (its run never ends in a
page without it), so it runs with JavaScript on, on pages that have no script at all: the
page a browser without JavaScript shows is the same document."""

import pytest

from tests.support.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
PAGES = [
    "/compare/councils/?c=kent&c=canterbury&c=medway",
    "/compare/councils/?c=kent",
    "/compare/councils/?c=kent&c=nowhere",
    "/map/?year=2024",
    "/map/?year=2024&layer=counties&measure=per_100k",
    "/map/?measure=nothing",
    "/councils/canterbury/",
    "/councils/kent/",
    "/councils/isles-of-scilly/",
]

# Every mark's box inside the drawing's, and the drawing inside the page: nothing clipped.
MARKS_OUTSIDE = """() => {
  const svg = document.querySelector("svg.app-map");
  if (!svg) return [];
  const frame = svg.getBoundingClientRect();
  const out = [];
  if (frame.left < 0 || frame.right > document.documentElement.clientWidth) out.push("svg");
  for (const mark of svg.querySelectorAll("a > *:not(title)")) {
    const box = mark.getBoundingClientRect();
    if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5 ||
        box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5) {
      out.push(mark.parentElement.getAttribute("href"));
    }
  }
  return out;
}"""


def check(tab, url: str, *, javascript: bool) -> None:
    response = tab.goto(url)
    assert response.status in (200, 400), url
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
    assert tab.evaluate(MARKS_OUTSIDE) == [], url
    if javascript:
        assert tab.locator("script").count() == 0, url  # the same page without JavaScript
        assert_accessible(tab)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_the_pages_fit_and_are_accessible(browser, live_server, kent_letters, viewport, javascript):
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, java_script_enabled=javascript
    )
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    for url in PAGES:
        check(tab, url, javascript=javascript)
    svg = tab.goto("/map/") and tab.locator("svg.app-map").bounding_box()
    assert svg["width"] >= viewport["width"] * 0.75 or svg["width"] >= 700  # not shrunk away
    context.close()


def test_councils_are_added_and_removed_without_javascript(browser, live_server, kent_letters):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/councils/canterbury/")
    tab.get_by_role("link", name="Compare Canterbury with its neighbours").click()
    tab.wait_for_url("**/compare/councils/?c=canterbury*")
    heading = tab.get_by_role("heading", level=1).inner_text()
    assert heading == "Canterbury, Ashford, Dover, Folkestone and Hythe, Swale, Thanet and Kent"
    tab.get_by_role("link", name="Remove Ashford").click()
    tab.get_by_label("Add a council").select_option("medway")
    tab.get_by_role("button", name="Add").click()
    tab.wait_for_url("**c=medway*")
    heading = tab.get_by_role("heading", level=1).inner_text()
    assert heading == "Canterbury, Dover, Folkestone and Hythe, Swale, Thanet, Kent and Medway"
    assert "These 4 councils pooled" in tab.locator("#year-2024").locator("..").inner_text()
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download CSV").click()
    assert (
        download.value.suggested_filename
        == "compare-canterbury-dover-folkestone-and-hythe-and-4-more.csv"
    )
    context.close()


def test_the_map_is_chosen_and_followed_without_javascript(browser, live_server, kent_letters):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/map/")
    tab.get_by_label("Measure").select_option("per_100k")
    tab.get_by_label("County councils").check()
    tab.get_by_role("button", name="Show the map").click()
    tab.wait_for_url("**/map/?*layer=counties*")
    assert tab.locator("svg.app-map a").count() == 21
    tab.locator('svg.app-map a[href="/councils/essex/"]').click()
    tab.wait_for_url("**/councils/essex/")
    context.close()


def test_a_mark_is_a_focusable_named_link(page, kent_letters):
    page.goto("/map/?year=2024")
    name = "Canterbury: 70%, 21 of 30; district council average 55%; 15.0 points above"
    mark = page.get_by_role("link", name=name)
    mark.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/councils/canterbury/"
    page.keyboard.press("Enter")
    page.wait_for_url("**/councils/canterbury/")

"""The briefing and the council page's three-years card in Chromium: on a phone (390 px)
and a desktop (1280 px), with and without JavaScript, nothing wider than the screen and
every figure in view, axe-core clean; printed, without the site's navigation, on A4 pages,
its tables kept whole. axe-core needs JavaScript, so it runs with JavaScript on, on pages
that have no script: the page without JavaScript is the same document."""

import pypdfium2
import pytest

from tests.support.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_POINTS = (595.3, 841.9)


def check(page):
    """Nothing wider than the screen, every table cell inside it; no script; axe-clean."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    outside = page.evaluate(
        """width => [...document.querySelectorAll('main td, main th')]
            .map(cell => cell.getBoundingClientRect())
            .filter(box => box.width > 0 && (box.left < 0 || box.right > width + 0.5)).length""",
        width,
    )
    assert outside == 0
    assert page.locator("script").count() == 0
    if page.context.javascript:
        assert_accessible(page)


def test_the_briefing_on_a_phone_and_a_desktop(tab, loxley):
    tab.goto("/councils/lower-loxley/")
    tab.get_by_role("link", name="Committee briefing for Lower Loxley").click()
    tab.wait_for_url("**/councils/lower-loxley/briefing/")
    assert (
        tab.get_by_role("heading", level=1).inner_text().startswith("Lower Loxley District Council")
    )
    assert tab.get_by_text("In 2023-24 the Ombudsman upheld 75% of the 4").is_visible()
    assert tab.locator("#briefing-pooled").get_by_text("55%, 12 of 22").is_visible()
    check(tab)
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download this briefing as a Word document").click()
    assert download.value.suggested_filename.startswith("briefing-lower-loxley-")


def test_the_briefing_of_a_council_without_letters(tab, abolished):
    tab.goto("/councils/old-loxley/briefing/")
    assert tab.get_by_text("No Ombudsman letter has been loaded for this council").is_visible()
    check(tab)


def test_the_council_pages_card(tab, loxley):
    tab.goto("/councils/lower-loxley/")
    card = tab.locator("#three-years")
    assert card.get_by_role("heading", name="Three years together").is_visible()
    assert card.get_by_text("55%, 12 of 22").is_visible()
    check(tab)


def test_printed_the_briefing_drops_the_navigation_and_keeps_tables_whole(printed, loxley):
    printed.goto("/councils/lower-loxley/briefing/")
    assert printed.locator(".govuk-service-navigation").is_visible()
    printed.emulate_media(media="print")
    for hidden in (".govuk-header", ".govuk-service-navigation", ".govuk-footer",
                   ".app-briefing__actions"):  # fmt: skip
        assert not printed.locator(hidden).is_visible(), hidden
    assert printed.get_by_role("heading", name="Summary").is_visible()
    breaks = printed.evaluate(
        "[...document.querySelectorAll('.app-briefing table')]"
        ".map(t => getComputedStyle(t).breakInside)"
    )
    assert len(breaks) >= 5 and set(breaks) == {"avoid"}
    pdf = pypdfium2.PdfDocument(printed.pdf(prefer_css_page_size=True))
    assert len(pdf) >= 2
    for page in pdf:
        assert page.get_size() == pytest.approx(A4_POINTS, abs=1)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert "All councils" not in text and "Sign in" not in text  # the navigation
    assert "In 2023-24 the Ombudsman upheld 75% of the 4" in " ".join(text.split())


def test_the_briefing_fits_from_a_small_phone_to_a_desktop(browser, live_server, loxley):
    """Its widest table (eight columns) stacks until the page can hold it."""
    for width in (320, 768, 800, 1000, 1024, 1280):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        page.goto("/councils/lower-loxley/briefing/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        stacked = page.locator("#briefing-own thead").evaluate(
            "head => getComputedStyle(head).position"
        )
        assert (stacked == "absolute") == (width <= 1020), width
        context.close()

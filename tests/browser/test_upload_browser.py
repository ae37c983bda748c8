"""An officer uploads a letter in a real browser, through the real form, and the queue's
real worker (``manage.py db_worker``, a separate process) reads it while the page waits:
with JavaScript and without, at a phone's width and a desktop's, axe-clean, with no
console error under the content security policy. Then the preview of a real letter of each
era: what needs checking above the figures, every figure it states in view with its words,
the rest folded until asked for."""

import re

import pytest

from letters.models import AnnualLetter
from tests.support.browser import (
    READING,
    assert_accessible,
    sign_in,
    submit_upload,
    upload,
    wait_until_read,
)
from tests.support.eras import ONE_OF_EACH_ERA, read
from tests.support.factories import make_council, make_user
from tests.support.worker import db_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


def assert_no_sideways_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def cambridge_officer():
    cambridge = make_council(
        official_name="Cambridge City Council", short_name="Cambridge", slug="cambridge"
    )
    make_user("cam-officer", group="Council officers", councils=[cambridge])
    return cambridge


def assert_reading_page(page):
    assert page.locator("h1").inner_text() == "Reading your letter"
    assert page.get_by_role("status").is_visible()
    check_again = page.get_by_role("link", name="Check again")
    assert check_again.is_visible()
    assert check_again.get_attribute("href") == page.url.split(page.base_url)[-1]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_an_officer_uploads_checks_and_confirms_a_letter(page, seed_pdf, viewport):
    cambridge_officer()
    page.set_viewport_size(viewport)
    problems = watch_console(page)
    sign_in(page, "cam-officer")
    assert_accessible(page)

    submit_upload(page, seed_pdf)  # no worker yet: the letter waits to be read
    page.wait_for_url("**/letters/upload/*/")
    assert_reading_page(page)
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    page.screenshot(path=f"/tmp/reading-{viewport['width']}.png", full_page=True)

    with db_worker():
        wait_until_read(page)  # the page's script sees it read and reloads once
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    assert "Cambridge City Council" in page.locator("#matched-council").inner_text()
    figure = page.locator("#stated [data-figure='Uphold rate (decisions table)']")
    assert figure.inner_text() == "67%"
    assert page.locator("[data-figure='Total decisions']").inner_text() == "19"
    assert page.locator("[data-figure='Detailed investigations']").inner_text() == "3"
    assert AnnualLetter.objects.count() == 0

    page.get_by_role("button", name="Confirm and save").click()
    page.wait_for_url("**/councils/cambridge/")
    assert "Saved the 2017-18 letter for Cambridge City Council" in page.content()
    assert AnnualLetter.objects.get().investigations == 3
    assert "67%" in page.locator("main").inner_text()
    assert problems == []  # no script error, nothing the content security policy blocked

    page.goto("/letters/upload/")
    submit_upload(page, seed_pdf)  # the same file: refused at once, with its link
    assert "Already uploaded on" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_role("link", name="See the letter already uploaded").is_visible()
    assert_accessible(page)
    assert AnnualLetter.objects.count() == 1


def test_without_javascript_the_reading_page_refreshes_until_the_letter_is_read(
    browser, live_server, seed_pdf
):
    cambridge_officer()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    problems = watch_console(page)
    try:
        sign_in(page, "cam-officer")
        submit_upload(page, seed_pdf)
        page.wait_for_url("**/letters/upload/*/")
        assert_reading_page(page)
        # The refresh the page asks for without JavaScript (with it, a script does it).
        assert page.locator("meta[http-equiv='refresh']").get_attribute("content") == "2"
        with db_worker():
            wait_until_read(page)  # by the refresh alone
        assert page.locator("[data-figure='Total decisions']").inner_text() == "19"
        assert page.locator(READING).count() == 0
        assert problems == []
    finally:
        context.close()


def test_an_officer_of_another_council_is_refused_once_the_letter_is_read(page, seed_pdf):
    make_council(official_name="Cambridge City Council", short_name="Cambridge", slug="cambridge")
    borsetshire = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    make_user("bor-officer", group="Council officers", councils=[borsetshire])
    sign_in(page, "bor-officer")
    with db_worker():
        submit_upload(page, seed_pdf)
        wait_until_read(page)
    message = page.locator(".govuk-error-summary").inner_text()
    assert "This letter is for Cambridge City Council" in message
    assert "only for Borsetshire District Council" in message
    assert f"Nothing was saved from {seed_pdf.name}" in message
    assert_accessible(page)
    # The upload form is there to try another file, and posts to the upload page.
    assert page.get_by_label("Letter or report").is_visible()
    assert AnnualLetter.objects.count() == 0


def assert_accessible_as_shown(browser, page, *, javascript: bool):
    """axe-core on the page as it is now. Without JavaScript axe cannot run in the page
    itself (its promise never settles), so it runs on the same document, scripts removed, in
    a tab of its own that the document is served to."""
    if javascript:
        assert_accessible(page)
        return
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S)
    context = browser.new_context(viewport=page.viewport_size)
    try:
        tab = context.new_page()
        tab.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
        tab.goto(page.url)
        assert tab.locator("main").inner_text() == page.locator("main").inner_text()
        assert_accessible(tab)
    finally:
        context.close()


def assert_in_view(locator, viewport):
    """Every element the locator finds is shown, and lies across the page's width."""
    for n in range(locator.count()):
        element = locator.nth(n)
        element.scroll_into_view_if_needed()
        assert element.is_visible(), element.inner_text()
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (
            f"{element.inner_text()!r} spans {box['x']:.0f} to {box['x'] + box['width']:.0f}"
        )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("letter", ONE_OF_EACH_ERA, ids=[letter.id for letter in ONE_OF_EACH_ERA])
def test_the_preview_of_each_era_shows_its_figures_in_view_and_folds_the_rest(
    browser, live_server, letter, javascript
):
    expected = read(letter.path)
    letter.officer("era-officer")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.base_url = live_server.url
    problems = watch_console(page)
    try:
        sign_in(page, "era-officer")
        upload(page, letter.path)  # through the form; the page waits while it is read
        page.wait_for_url("**/letters/upload/*/")
        assert page.locator(READING).count() == 0
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.goto(page.url)  # each width as it first opens, the details folded
            assert_no_sideways_scroll(page)
            figures = page.locator("#stated [data-figure]")
            assert figures.count() == len(expected.stated)
            assert_in_view(figures, viewport)
            words = [p for p in expected.stated if expected.evidence.get(p)]
            assert words, "the letter's figures carry no words"
            for path in words:
                assert_in_view(page.locator(f"#stated [data-evidence='{path}']"), viewport)
            # What needs checking comes first: the reader's warnings above every figure.
            if expected.warnings:
                banner = page.locator("#parser-warnings")
                assert_in_view(banner, viewport)
                for warning in expected.warnings:
                    assert warning in banner.inner_text()
                top_figure = figures.first.bounding_box()["y"]
                box = banner.bounding_box()
                assert box["y"] + box["height"] <= top_figure
            # The rest, folded: only its count shows until the officer opens it.
            folded = page.locator("#not-stated [data-not-stated]")
            assert folded.count() == len(expected.not_stated)
            assert not any(folded.nth(n).is_visible() for n in range(folded.count()))
            summary = page.get_by_text(
                f"Figures this letter does not state ({len(expected.not_stated)})"
            )
            assert_in_view(summary, viewport)
            assert_accessible_as_shown(browser, page, javascript=javascript)
            summary.click()  # a <details>: opens with or without JavaScript
            assert_in_view(folded, viewport)
            assert_no_sideways_scroll(page)
            assert_accessible_as_shown(browser, page, javascript=javascript)
        assert problems == []
    finally:
        context.close()

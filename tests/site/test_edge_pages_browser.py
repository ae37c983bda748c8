"""The pages this issue changed, in Chromium at a phone's width and a desktop's: the
lockout page, a letter's page as the public sees it, the councils table and a comparison
given junk and unknown filters. Each is axe-clean and never scrolls sideways."""

import pytest

from tests.support.browser import assert_accessible
from tests.support.factories import make_letter, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def assert_no_sideways_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def check_both_widths(page, url: str | None = None):
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        if url is not None:
            page.goto(url)
        assert_no_sideways_scroll(page)
        assert_accessible(page)


def test_the_lockout_page_says_when_to_try_again(page, cambridge):
    make_user("jane.smith.cambridge", group="Council officers", councils=[cambridge])
    page.goto("/accounts/login/")
    for n in range(5):
        page.get_by_label("Username").fill("jane.smith.cambridge")
        page.get_by_label("Password").fill(f"wrong {n}")
        page.get_by_role("button", name="Sign in").click()
    main = page.locator("main").inner_text()
    assert "Too many failed sign-in attempts" in main
    assert "You can try again after" in main and "(UK time)" in main
    check_both_widths(page)


def test_a_letters_public_page_names_no_one(page, cambridge):
    officer = make_user("jane.smith.cambridge", group="Council officers", councils=[cambridge])
    letter = make_letter(cambridge, uploaded_by=officer)
    page.goto(letter.get_absolute_url())
    main = page.locator("main").inner_text()
    assert "by a council officer" in main and "jane.smith" not in page.content()
    check_both_widths(page, letter.get_absolute_url())


@pytest.mark.parametrize(
    "url",
    [
        "/councils/?region=Atlantis&year=abc&authority_type=parish&status=x&nc=1&per_page=-1",
        "/councils/?page=99999999999999999999&sort=-difference",
        "/compare/district/2024/?highlight=%27%20OR%201%3D1--&nc=7",
    ],
)
def test_pages_given_junk_and_unknown_filters(page, districts, url):
    page.goto(url)
    assert page.locator("h1").count() == 1
    check_both_widths(page, url)

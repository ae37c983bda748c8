"""The data page and the API's docs page in Chromium: axe-clean on a phone (390 px) and a
desktop (1280 px), nothing wider than the screen, no console error under the site's
Content Security Policy, and both usable without JavaScript."""

import csv
import io
from pathlib import Path

import pytest

from tests.support.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/data/", "/api/v1/docs/"]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("url", PAGES)
def test_axe_clean_and_within_the_screen(browser, live_server, ambridge_two_years, url, width):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    response = tab.goto(url)
    assert response is not None and response.status == 200
    assert_accessible(tab)
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url} is {overflow}px wider than a {width}px screen"
    assert problems == []
    context.close()


def test_without_javascript_the_docs_lead_to_each_answer_and_the_data_downloads(
    browser, live_server, ambridge_two_years
):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, accept_downloads=True
    )
    tab = context.new_page()
    tab.goto("/api/v1/docs/")
    tab.get_by_role("link", name="GET /api/v1/letters/", exact=True).click()
    assert tab.url.endswith("#op-api-v1-letters")
    tab.locator("section[aria-labelledby='op-api-v1-letters']").get_by_role(
        "link", name="LetterPage"
    ).first.click()
    assert tab.url.endswith("#schema-LetterPage")
    assert tab.get_by_role("heading", name="Letter", exact=True).is_visible()
    tab.get_by_role("link", name="the data page").click()
    tab.wait_for_url("**/data/")
    with tab.expect_download() as download_info:
        tab.get_by_role("link", name="Download the dataset as CSV").click()
    download = download_info.value
    assert download.suggested_filename == "council-years.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [(row["council"], row["period"]) for row in rows] == [
        ("ambridge", "2022-23"),
        ("ambridge", "2023-24"),
    ]
    tab.goto("/councils/ambridge/")
    feeds = tab.locator('link[rel="alternate"][type="application/atom+xml"]')
    assert feeds.count() == 3
    context.close()

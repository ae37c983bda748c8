"""The council pages in a real browser: click-through, CSV download, axe-core."""

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_to_council_to_comparison_and_csv_download(page, ambridge_and_borchester):
    page.goto("/")
    page.get_by_label("Find a council").fill("Ambridge")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/councils/?name=Ambridge*")
    page.get_by_role("link", name="Ambridge District Council").click()
    page.wait_for_url("**/councils/ambridge/")
    assert "70%, 21 of 30" in page.locator("main").inner_text()
    page.get_by_role("link", name="Compare Ambridge with every district council in 2023-24").click()
    page.wait_for_url("**/compare/district/2024/?highlight=ambridge")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "District Councils compared, 2023-24"
    )
    assert page.locator("tr.app-row--highlight").inner_text().count("Ambridge") == 1
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "district-2024.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [row["slug"] for row in rows] == ["borchester", "ambridge"]  # rank order
    assert rows[1]["uphold_rate"] == "70.0"


def test_table_filters_and_sorting_work_without_javascript(
    browser, live_server, ambridge_and_borchester
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/councils/")
    tab.get_by_label("Type").select_option("district")
    tab.get_by_label("Current or abolished").select_option("all")
    tab.get_by_role("button", name="Apply filters").click()
    tab.wait_for_url("**/councils/?*")
    query = parse_qs(urlparse(tab.url).query)
    assert (query["authority_type"], query["status"]) == (["district"], ["all"])
    assert tab.get_by_label("Type").input_value() == "district"
    assert tab.get_by_label("Current or abolished").input_value() == "all"
    links = [a.get_attribute("href") for a in tab.locator("tbody th a").all()]
    assert "/councils/old-ambridge/" in links  # abolished, so listed only with "all"
    tab.locator("thead a", has_text="Complaints upheld").click()
    tab.wait_for_url("**sort=uphold_rate*")
    links = [a.get_attribute("href") for a in tab.locator("tbody th a").all()]
    assert links.index("/councils/borchester/") < links.index("/councils/ambridge/")
    assert links[-1] == "/councils/old-ambridge/"  # no letters: last
    context.close()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/councils/",
        "/councils/?sort=-uphold_rate&status=all",
        "/councils/ambridge/",
        "/councils/old-ambridge/",
        "/compare/district/2024/?highlight=ambridge",
        "/compare/parish/2024/",
    ],
)
def test_pages_have_no_accessibility_violations(page, ambridge_and_borchester, url):
    page.goto(url)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_council_page_fits_a_phone(browser, live_server, ambridge_and_borchester):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 800})
    tab = context.new_page()
    tab.goto("/councils/ambridge/")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    context.close()


@pytest.mark.parametrize("url", ["/councils/", "/compare/district/2024/"])
def test_league_rows_open_their_other_figures_on_a_phone_without_javascript(
    browser, live_server, ambridge_and_borchester, url
):
    """On a phone a row is a card of its council, figure and difference; its other cells
    show when its disclosure opens, with no script. On a desktop every cell shows and the
    disclosure does not."""
    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 900}, java_script_enabled=False
    )
    tab = phone.new_page()
    tab.goto(url)
    row = tab.locator("tbody tr", has=tab.get_by_role("link", name="Ambridge District Council"))
    secondary = row.locator(".app-reflow__secondary")
    assert secondary.count() >= 4
    primary = row.locator("th, td:not(.app-reflow__secondary)").all()
    assert all(cell.is_visible() for cell in primary)
    assert not any(cell.is_visible() for cell in secondary.all())
    toggle = row.get_by_text("More figures", exact=False)
    assert toggle.text_content() == "More figures for Ambridge"
    toggle.click()
    assert all(cell.is_visible() for cell in secondary.all())
    phone.close()

    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 900})
    tab = phone.new_page()  # axe-core needs script: the same card, opened, with it
    tab.goto(url)
    row = tab.locator("tbody tr", has=tab.get_by_role("link", name="Ambridge District Council"))
    row.get_by_text("More figures", exact=False).click()
    assert_accessible(tab)
    phone.close()

    desktop = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = desktop.new_page()
    tab.goto(url)
    row = tab.locator("tbody tr", has=tab.get_by_role("link", name="Ambridge District Council"))
    assert all(cell.is_visible() for cell in row.locator(".app-reflow__secondary").all())
    assert not row.locator(".app-reflow__more").is_visible()
    desktop.close()

"""The council page's trend charts in Chromium at 390, 768 and 1280 px, with and without
JavaScript: every chart in view without sideways scrolling, stacked on a phone and two a row
from a tablet up, axe-clean (the page is the server's either way; axe itself needs
JavaScript), each point reached with the keyboard and naming its counts, the table under
each chart opening without JavaScript and fitting its column."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.trends import make_ambridge_and_borchester

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEWEST = (
    "2023-24: 21 of 30 upheld, 70%; stated average for district councils 66%; "
    "computed here 65.0% (pooled, 26 of 40)"
)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [390, 768, 1280])
def test_trend_charts_fit_read_and_announce_their_counts(browser, live_server, width, javascript):
    make_ambridge_and_borchester()
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
        java_script_enabled=javascript,
    )
    tab = context.new_page()
    tab.goto("/councils/ambridge/")
    charts = tab.locator(".app-trend")
    expect(charts).to_have_count(4)
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    boxes = [charts.nth(i).locator("svg").bounding_box() for i in range(4)]
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["width"] >= 250  # wide enough to read
    if width < 768:  # stacked
        assert [b["y"] for b in boxes] == sorted(b["y"] for b in boxes)
        assert len({round(b["x"]) for b in boxes}) == 1
    else:  # two a row (a heading may take two lines: the charts' tops are compared)
        tops = [round(charts.nth(i).bounding_box()["y"]) for i in range(4)]
        assert tops[0] == tops[1] < tops[2] == tops[3]
        assert boxes[0]["x"] < boxes[1]["x"]
    if javascript:  # axe-core is JavaScript (it never returns where scripts are off)
        assert_accessible(tab)

    # The keyboard reaches the points; each names its counts and shows them above the plot.
    tab.locator("#trend-heading").click()
    for _ in range(40):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.classList.contains('app-trend__point')"):
            break
    focused = tab.locator(".app-trend__point:focus")
    expect(focused).to_have_accessible_name(
        "2018-19: 3 of 10 upheld, 30%; stated average for district councils 58%; "
        "computed here 40.0% (pooled, 8 of 20)"
    )
    expect(focused.locator(".app-trend__tip")).to_be_visible()
    expect(focused.locator(".app-trend__tip")).to_contain_text("2018-19: 30%, 3 of 10")
    newest = tab.get_by_role("img", name=NEWEST)
    newest.focus()
    expect(newest.locator(".app-trend__tip")).to_be_visible()
    expect(tab.locator(".app-trend__tip:visible")).to_have_count(1)
    box = newest.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width

    # The table under each chart opens without JavaScript, has every figure and fits its column.
    for i in range(4):
        chart = charts.nth(i)
        chart.get_by_text("The chart's figures as a table").click()
        expect(chart.get_by_role("table")).to_be_visible()
        inside, table = chart.bounding_box(), chart.get_by_role("table").bounding_box()
        assert (
            inside["x"] <= table["x"]
            and table["x"] + table["width"] <= inside["x"] + inside["width"]
        )
    table = charts.first.get_by_role("table")
    expect(table.get_by_role("row", name="2023-24")).to_contain_text("70%, 21 of 30")
    expect(table.get_by_role("row", name="2022-23")).to_contain_text("letters differ: 64% to 70%")
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    if javascript:
        assert_accessible(tab)
    context.close()

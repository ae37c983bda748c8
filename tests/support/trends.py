"""Builders for the council page's trend charts (councils.charts.trend_charts) and readers
of the charts as the page draws them: each point's figure read back from its position."""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from core.periods import year_label
from councils.models import Council
from tests.support.factories import make_council, make_letter

SVG = "{http://www.w3.org/2000/svg}"
COUNCIL_POINT = "app-trend__council-point"

# Ambridge's letters, by year: upheld, investigated, stated uphold average, compliance %,
# compliance outcomes, remedies, remedy basis, upheld per 100,000. 2020-21 has no letter;
# 2019-20 had no investigations.
AMBRIDGE = {
    2019: (3, 10, 58, 100, 3, 1, 3, 2.5),
    2020: (0, 0, 60, None, 0, 0, 0, 0.0),
    2022: (7, 10, 62, 80, 5, 2, 7, 5.8),
    2023: (12, 20, 64, 90, 10, 3, 12, 10.0),
    2024: (21, 30, 66, 100, 18, 2, 21, 17.5),
}
# Borchester, another district, each year: 5 of 10 upheld and the same stated averages,
# except 2022-23, whose letter states 70%: that year the letters disagree.
BORCHESTER_ODD_STATED = {2023: 70}


def make_ambridge_and_borchester() -> Council:
    """Ambridge (the years of AMBRIDGE) and Borchester (2018-19 to 2023-24); returns Ambridge."""
    ambridge = make_council(
        official_name="Ambridge District Council", short_name="Ambridge", slug="ambridge"
    )
    borchester = make_council(short_name="Borchester", slug="borchester")
    for year, figures in AMBRIDGE.items():
        upheld, investigated, stated, compliance, outcomes, remedies, basis, per_100k = figures
        make_letter(ambridge, year_end=year, upheld_count=upheld, investigations=investigated,
                    upheld_percent=round(100 * upheld / investigated) if investigated else None,
                    upheld_average_percent=stated, compliance_percent=compliance,
                    compliance_outcomes=outcomes, compliance_average_percent=95,
                    remedies=remedies, remedy_basis=basis, remedy_percent=None,
                    remedy_average_percent=12, upheld_per_100k=per_100k,
                    upheld_average_per_100k=4.5)  # fmt: skip
        make_letter(borchester, year_end=year, upheld_count=5, investigations=10,
                    upheld_percent=50,
                    upheld_average_percent=BORCHESTER_ODD_STATED.get(year, stated),
                    compliance_percent=100, compliance_outcomes=5,
                    compliance_average_percent=95, remedies=1, remedy_basis=5,
                    remedy_percent=20, remedy_average_percent=12, upheld_per_100k=3.5,
                    upheld_average_per_100k=4.5)  # fmt: skip
    return ambridge


@dataclass(frozen=True)
class DrawnPoint:
    year: str  # "2023-24", from the point's accessible name
    name: str  # its accessible name
    value: float  # read back from its position against the y axis


@dataclass(frozen=True)
class DrawnChart:
    svg: ET.Element
    points: list[DrawnPoint]  # the council's, focusable
    stated: dict[str, float]  # year -> the stated average's square, read back
    computed: dict[str, float]  # year -> the computed average's line there, read back
    computed_lines: int  # how many runs the computed average's line has
    council_lines: int  # how many runs the council's line has
    method_change: bool  # the 2022-23 marker drawn


def parse_svg(html: str, chart_id: str) -> ET.Element:
    return ET.fromstring(chart_svg(html, chart_id))  # noqa: S314 - the site's own page


def chart_svg(html: str, chart_id: str) -> str:
    block = re.search(rf'<div class="app-trend" id="{chart_id}">.*?</svg>', html, re.S)
    assert block, f"no chart {chart_id}"
    return block.group(0)[block.group(0).index("<svg") :]


def read_chart(html: str, chart_id: str) -> DrawnChart:
    """One trend chart of a page, every mark's value read back from where it is drawn."""
    svg = parse_svg(html, chart_id)
    ticks = [
        (float(t.text.rstrip("%")), float(t.get("y")) - 4)
        for t in svg.iter(f"{SVG}text")
        if t.get("text-anchor") == "end" and re.fullmatch(r"[\d.]+%?", t.text or "")
    ]
    (low, y_low), (high, y_high) = min(ticks), max(ticks)

    def value(y: float) -> float:
        return low + (high - low) * (y_low - y) / (y_low - y_high)

    points = []
    for group in svg.iter(f"{SVG}g"):
        if group.get("tabindex") == "0":
            marker = next(c for c in group.iter(f"{SVG}circle") if c.get("class") == COUNCIL_POINT)
            name = group.get("aria-label")
            points.append(DrawnPoint(name.split(":")[0], name, value(float(marker.get("cy")))))
    stated = {
        rect.find(f"{SVG}title").text.split(":")[0]: value(float(rect.get("y")) + 4.5)
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("class") == "app-trend__stated-point"
    }
    # The years along the x axis: a tick each, from the first year the title names.
    first = int(re.search(r"(\d{4})-\d\d", svg.find(f"{SVG}title").text)[1]) + 1
    ticks_x = [
        float(line.get("x1"))
        for line in svg.iter(f"{SVG}line")
        if line.get("x1") == line.get("x2") and line.get("class") != "app-trend__method"
    ]

    def year(x: float) -> str:
        nearest = min(range(len(ticks_x)), key=lambda i: abs(ticks_x[i] - x))
        return year_label(first + nearest)

    computed: dict[str, float] = {}
    runs = {"app-trend__computed": 0, "app-trend__council": 0}
    for line in svg.iter(f"{SVG}polyline"):
        kind = line.get("class")
        if kind not in runs:
            continue
        runs[kind] += 1
        marks = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
        if len(marks) == 2 and marks[0][1] == marks[1][1] and marks[1][0] - marks[0][0] == 20:
            marks = [((marks[0][0] + marks[1][0]) / 2, marks[0][1])]  # a year alone
        if kind == "app-trend__computed":
            computed.update({year(x): value(y) for x, y in marks})
    method = any(line.get("class") == "app-trend__method" for line in svg.iter(f"{SVG}line"))
    return DrawnChart(
        svg=svg,
        points=points,
        stated=stated,
        computed=computed,
        computed_lines=runs["app-trend__computed"],
        council_lines=runs["app-trend__council"],
        method_change=method,
    )


def chart_table(html: str, chart_id: str) -> dict[str, list[str]]:
    """The table under a chart: year -> its cells (council, stated, computed), tags dropped."""
    block = re.search(rf'<div class="app-trend" id="{chart_id}">.*?</table>', html, re.S)
    body = re.search(r"<tbody.*?</tbody>", block.group(0), re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows

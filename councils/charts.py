"""Server-rendered SVG charts (no JavaScript). Each chart has a title and description for
screen readers; the pages also show the same figures as a table.

The council page's trends (trend_charts: one small chart per measure, against the stated
and the computed type average), the compare page's distribution and the service mix."""

import math
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from core import formatting
from core.markup import escape
from core.periods import METHOD_CHANGE_YEAR, year_label
from councils import table_rows
from councils.measures import (
    COMPLIANCE,
    MEASURES,
    PER_100K,
    PER_100K_RESIDENTS,
    PERCENT,
    REMEDY,
    UPHOLD,
    Measure,
)
from councils.selectors.council_page import CouncilPage, CouncilYear

BLUE = "#1d70b8"
BLACK = "#0b0c0c"
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"
ORANGE = "#d4351c"


def _svg(width: int, height: int, title: str, desc: str, body: list[str], chart_id: str) -> str:
    return (
        f'<svg class="app-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


@dataclass(frozen=True)
class DistributionPoint:
    slug: str
    name: str
    rate: float


def distribution_chart(
    points: list[DistributionPoint],
    *,
    average: float | None,
    highlight: str | None = None,
    bin_width: int = 5,
    chart_id: str = "distribution",
) -> SafeString:
    """Councils as squares stacked in bins of uphold rate, the average as a line, one
    council picked out."""
    if not points:
        return mark_safe("")  # noqa: S308 - nothing interpolated
    bins: dict[int, list[DistributionPoint]] = {}
    for point in sorted(points, key=lambda p: (p.rate, p.name)):
        index = min(int(point.rate // bin_width), 100 // bin_width - 1)
        bins.setdefault(index, []).append(point)
    tallest = max(len(v) for v in bins.values())
    box = max(6, min(16, 240 // tallest))
    width = 640
    left, right, top, bottom = 40, 16, 36, 48
    plot_w = width - left - right
    plot_h = tallest * box
    height = top + plot_h + bottom
    col_w = plot_w / (100 / bin_width)

    def x(value: float) -> float:
        return left + plot_w * value / 100

    body = [
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="{BLACK}"/>'
    ]
    for tick in range(0, 101, 10):
        body.append(
            f'<text x="{x(tick):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'font-size="12" fill="{BLACK}">{tick}%</text>'
        )
    body.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 38}" text-anchor="middle" '
        f'font-size="13" fill="{BLACK}">Share of investigated complaints upheld</text>'
    )
    highlighted = None
    for index, members in bins.items():
        for level, point in enumerate(members):
            bx = left + index * col_w + (col_w - box) / 2 + 0.5
            by = top + plot_h - (level + 1) * box + 0.5
            is_highlight = point.slug == highlight
            colour = ORANGE if is_highlight else BLUE
            if is_highlight:
                highlighted = (bx + box / 2, by, point)
            body.append(
                f'<rect x="{bx:.1f}" y="{by:.1f}" width="{box - 1}" height="{box - 1}" '
                f'fill="{colour}"><title>{escape(point.name)}: {point.rate:.0f}%</title></rect>'
            )
    if average is not None:
        ax = x(average)
        body.append(
            f'<line x1="{ax:.1f}" x2="{ax:.1f}" y1="{top - 8}" y2="{top + plot_h}" '
            f'stroke="{BLACK}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{ax + 4:.1f}" y="{top - 14}" font-size="13" fill="{BLACK}" '
            f'text-anchor="{"end" if average > 70 else "start"}">'
            f"Average {average:.1f}%</text>"
        )
    if highlighted:
        hx, hy, point = highlighted
        anchor = "end" if hx > left + plot_w * 0.7 else "start"
        body.append(
            f'<text x="{hx:.1f}" y="{max(hy - 6, 12):.1f}" font-size="13" font-weight="bold" '
            f'fill="{BLACK}" text-anchor="{anchor}">{escape(point.name)} '
            f"{point.rate:.0f}%</text>"
        )
    desc = (
        f"{len(points)} councils, in bins {bin_width} percentage points wide. "
        + (f"The average is {average:.1f}%. " if average is not None else "")
        + (
            f"{highlighted[2].name} is {highlighted[2].rate:.0f}%."
            if highlighted
            else "No council is picked out."
        )
    )
    svg = _svg(width, height, "How the councils' uphold rates are spread", desc, body, chart_id)
    return mark_safe(svg)  # noqa: S308 - every interpolated text is escaped


@dataclass(frozen=True)
class ServiceShare:
    service: str
    complaints: int


def service_mix_chart(
    shares: list[ServiceShare], *, year_label: str, chart_id: str = "service-mix"
) -> SafeString:
    """Horizontal bars: how a year's complaints to the council split across its services."""
    shares = [s for s in shares if s.complaints]
    if not shares:
        return mark_safe("")  # noqa: S308 - nothing interpolated
    shares = sorted(shares, key=lambda s: (-s.complaints, s.service))
    total = sum(s.complaints for s in shares)
    largest = shares[0].complaints
    width, label_w, bar_h, gap, top = 640, 230, 18, 8, 8
    plot_w = width - label_w - 100
    height = top + len(shares) * (bar_h + gap) + 8
    body = []
    for index, share in enumerate(shares):
        y = top + index * (bar_h + gap)
        length = max(1.0, plot_w * share.complaints / largest)
        name = share.service if len(share.service) <= 30 else share.service[:29] + "…"
        body.append(
            f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end" font-size="12" '
            f'fill="{BLACK}">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="{BLUE}">'
            f"<title>{escape(share.service)}: {share.complaints}</title></rect>"
            f'<text x="{label_w + length + 6:.1f}" y="{y + bar_h - 4}" font-size="13" '
            f'fill="{BLACK}">{share.complaints} ({100 * share.complaints / total:.0f}%)</text>'
        )
    desc = f"{total} complaints in {year_label}, by service: " + "; ".join(
        f"{s.service} {s.complaints}" for s in shares
    )
    title = f"Complaints to the council by service, {year_label}"
    return mark_safe(_svg(width, height, title, desc, body, chart_id))  # noqa: S308 - escaped


# The council page's trends: one small chart per measure ---------------------------------
#
# Each chart sets the council's figure against the average the Ombudsman's letters state for
# its type (the comparison the letters make) and, second, the average computed here from the
# letters in this database. A year without a figure is a gap in a line, never a nought.

# What a council's figure counts, after "7 of 10": per measure (councils.measures).
VERBS = {
    UPHOLD.key: "upheld",
    COMPLIANCE.key: "complied with",
    REMEDY.key: "remedied by the council",
    PER_100K_RESIDENTS.key: "upheld per 100,000 residents",
}
HOW_COMPUTED = {"pooled": "pooled", "mean": "mean of councils"}

# A phone's width in units, so that text keeps its size there (and grows on a desktop).
TREND_W, TREND_H = 300, 210
PLOT_LEFT, PLOT_RIGHT = 38, 292
PLOT_TOP, PLOT_BOTTOM = 48, 180  # above PLOT_TOP: the band where a point's figures show
MAX_YEAR_LABELS = 4  # "2019-20" at 13 units needs about 55 of the plot's 226
FONT = "arial, 'Helvetica Neue', helvetica, sans-serif"  # the pages' (frontend/app.scss)


@dataclass(frozen=True)
class TrendYear:
    """One year of one measure's chart, every figure as drawn and as written."""

    year: int
    has_letter: bool
    value: float | None  # the council's figure
    written: str  # "70%, 21 of 30", "no investigations", "no letter"
    said: str  # "21 of 30 upheld, 70%"
    stated: float | None  # the type's stated average; None when not stated or letters differ
    stated_written: str  # "85%", "not stated", "letters differ: 55% to 60%"
    stated_spread: str  # where the letters differ: "55% to 60%"; else ""
    computed: float | None  # the type's average computed here
    computed_written: str  # "65.0%"
    computed_note: str  # "26 of 40", "mean of 3 councils"

    @property
    def label(self) -> str:
        return year_label(self.year)


@dataclass(frozen=True)
class TrendChart:
    """One measure's trend for a council: its years (oldest first), labels and notes, and
    the chart as SVG."""

    measure: Measure
    council_name: str
    type_plural: str  # "district councils"
    years: list[TrendYear]
    notes: list[str]  # the years whose letters state different averages
    crosses_method_change: bool  # the years straddle the Ombudsman's 2022-23 change

    @property
    def chart_id(self) -> str:
        return f"trend-{self.measure.key.replace('_', '-')}"

    @property
    def stated_label(self) -> str:
        return f"Stated average for {self.type_plural}"

    @property
    def computed_label(self) -> str:
        return f"Average computed here ({HOW_COMPUTED[self.measure.compared_with]})"

    @property
    def method_change_label(self) -> str:
        return year_label(METHOD_CHANGE_YEAR)

    def point_name(self, year: TrendYear) -> str:
        """What a point says when focused or hovered: "2023-24: 7 of 10 upheld, 70%; stated
        average for district councils 62%; computed here 65.0% (pooled, 26 of 40)"."""
        if year.stated_spread:
            stated = f"letters to {self.type_plural} state different averages"
        else:
            stated = f"stated average for {self.type_plural} {year.stated_written}"
        computed = f"computed here {year.computed_written}"
        how = HOW_COMPUTED[self.measure.compared_with]
        if year.computed is not None:
            computed += f" ({how}, {year.computed_note})" if year.computed_note else f" ({how})"
        return f"{year.label}: {year.said}; {stated}; {computed}"

    @property
    def svg(self) -> SafeString:
        return trend_svg(self)

    @property
    def rows_html(self) -> SafeString:
        """The body of the chart's table of figures, a row per year."""
        return table_rows.trend_rows(self)


def _range_written(measure: Measure, low: float, high: float) -> str:
    unit = "%" if measure.unit == PERCENT else ""
    return f"{low:g}{unit} to {high:g}{unit}"


def _said(measure: Measure, value, numerator, base) -> str:
    """The council's figure in words, counts first: "21 of 30 upheld, 70%"."""
    verb = VERBS.get(measure.key, measure.noun)
    if measure.unit == PER_100K:
        return "not known" if value is None else f"{formatting.per_100k(value)} {verb}"
    if base == 0:
        return measure.write(value, numerator, base)  # "no investigations"
    if value is None:
        return "not known"
    if numerator is None or base is None:
        return f"{formatting.percent(value)} {verb}"
    return f"{round(numerator):,} of {base:,} {verb}, {formatting.percent(value)}"


def trend_year(*, measure: Measure, year: int, council_year: CouncilYear | None) -> TrendYear:
    """A year of one measure from the council page's year (letter and type averages), or
    a year without a letter when `council_year` is None."""
    if council_year is None:
        return TrendYear(year, False, None, "no letter", "no letter", None, "not known", "",
                         None, "not known", "")  # fmt: skip
    letter, average = council_year.letter, council_year.average
    value = getattr(letter, measure.rate)
    numerator = getattr(letter, measure.numerator) if measure.numerator else None
    base = getattr(letter, measure.base) if measure.base else None
    stated = average.stated(measure) if average else None
    spread = ""
    if stated is not None and stated.disagree:
        spread = _range_written(measure, stated.low, stated.high)
        stated_written = f"letters differ: {spread}"
    else:
        stated_written = measure.write_stated(stated.value if stated else None)
    computed, note = None, ""
    if average is not None and measure.compared_with == "pooled":
        computed = average.pooled(measure)
        totals = average.totals(measure)
        note = f"{totals[0]:,} of {totals[1]:,}" if totals else ""
    elif average is not None:
        computed = average.mean(measure)
        councils = average.councils(measure)
        note = f"mean of {councils} council{'' if councils == 1 else 's'}"
    return TrendYear(
        year=year,
        has_letter=True,
        value=None if value is None else float(value),
        written=measure.write(value, numerator, base),
        said=_said(measure, value, numerator, base),
        stated=stated.value if stated else None,
        stated_written=stated_written,
        stated_spread=spread,
        computed=computed,
        computed_written=measure.write_average(computed),
        computed_note=note,
    )


def trend_charts(page: CouncilPage, *, type_label: str) -> list[TrendChart]:
    """The council page's trend charts, one per measure in MEASURES order, over every year
    from its first letter to its last (a year without a letter is a gap); `type_label` is
    "District Council"."""
    by_year = {year.year: year for year in page.years}
    if not by_year:
        return []
    years = range(min(by_year), max(by_year) + 1)
    type_plural = f"{type_label.lower()}s"
    charts = []
    for measure in MEASURES:
        rows = [
            trend_year(measure=measure, year=year, council_year=by_year.get(year)) for year in years
        ]
        notes = [
            f"Letters to {type_plural} for {row.label} state different averages "
            f"({row.stated_spread}), so no stated average is shown for that year."
            for row in rows
            if row.stated_spread
        ]
        charts.append(
            TrendChart(
                measure=measure,
                council_name=page.council.short_name,
                type_plural=type_plural,
                years=rows,
                notes=notes,
                crosses_method_change=page.crosses_method_change,
            )
        )
    return charts


def _trend_scale(chart: TrendChart) -> tuple[float, list[float]]:
    """The y axis's top and ticks: 0 to 100% for a share; for a rate per 100,000, the
    smallest of a few round steps that takes four ticks or fewer to pass every figure."""
    if chart.measure.unit == PERCENT:
        return 100.0, [0, 25, 50, 75, 100]
    values = [v for y in chart.years for v in (y.value, y.stated, y.computed) if v is not None]
    highest = max(values, default=0.0)
    step = next((s for s in (0.5, 1, 2, 2.5, 5, 10, 20, 25, 50) if highest <= 4 * s), 100.0)
    count = max(1, math.ceil(highest / step))
    return step * count, [step * i for i in range(count + 1)]


def _tick_label(measure: Measure, tick: float) -> str:
    return f"{tick:g}%" if measure.unit == PERCENT else f"{tick:g}"


def _runs(xs: list[float], values: list[float | None], y) -> list[list[tuple[float, float]]]:
    """The stretches of consecutive years with a figure: each is drawn as one line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, value in zip(xs, values, strict=True):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((x, y(value)))
    return [run for run in runs if run]


def _polyline(run: list[tuple[float, float]], css: str, attrs: str) -> str:
    if len(run) == 1:  # a year alone between gaps: a short level stroke shows the line's style
        ((x, y),) = run
        run = [(x - 10, y), (x + 10, y)]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
    return f'<polyline class="{css}" points="{points}" fill="none" {attrs}/>'


def _single_year_labels(chart: TrendChart, x: float, y) -> str:
    """With one year there are no lines to follow: each figure is written beside its mark,
    spread apart where they would overlap."""
    (year,) = chart.years
    marks = [
        (value, text)
        for value, text in (
            (year.value, year.written),
            (year.stated, f"stated {year.stated_written}"),
            (year.computed, f"computed {year.computed_written}"),
        )
        if value is not None
    ]
    placed: list[float] = []
    for value, _ in sorted(marks, key=lambda mark: -mark[0]):  # top first
        placed.append(max(y(value) + 4, placed[-1] + 14 if placed else PLOT_TOP))
    lift = max(0.0, placed[-1] - PLOT_BOTTOM) if placed else 0.0
    return "".join(
        f'<text x="{x:.1f}" y="{at - lift:.1f}" font-size="12" fill="{BLACK}">{escape(text)}</text>'
        for at, (_, text) in zip(placed, sorted(marks, key=lambda mark: -mark[0]), strict=True)
    )


def trend_svg(chart: TrendChart) -> SafeString:
    """The chart of one measure: the council's figure (solid line, filled circles), the
    stated average (dashed line, open squares) and the computed average (dotted line), the
    2022-23 method change marked; each of the council's points focusable, naming its counts."""
    measure, years = chart.measure, chart.years
    top_value, ticks = _trend_scale(chart)
    inset = 14
    span = PLOT_RIGHT - PLOT_LEFT - 2 * inset
    if len(years) == 1:
        xs = [(PLOT_LEFT + PLOT_RIGHT) / 2]
    else:
        xs = [PLOT_LEFT + inset + span * i / (len(years) - 1) for i in range(len(years))]

    def y(value: float) -> float:
        return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / top_value

    axes = []
    for tick in ticks:
        axes.append(
            f'<line x1="{PLOT_LEFT}" x2="{PLOT_RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{LIGHT_GREY if tick else BLACK}" stroke-width="1"/>'
            f'<text x="{PLOT_LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{BLACK}">{_tick_label(measure, tick)}</text>'
        )
    every = math.ceil(len(years) / MAX_YEAR_LABELS)
    for i, (x, year) in enumerate(zip(xs, years, strict=True)):
        axes.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{PLOT_BOTTOM}" y2="{PLOT_BOTTOM + 5}" '
            f'stroke="{BLACK}"/>'
        )
        if (len(years) - 1 - i) % every == 0:  # the newest year always named
            axes.append(
                f'<text class="app-trend__year" x="{x:.1f}" y="{PLOT_BOTTOM + 20}" '
                f'text-anchor="middle" font-size="13" fill="{BLACK}">{year.label}</text>'
            )
    if chart.crosses_method_change:
        after = next(i for i, year in enumerate(years) if year.year >= METHOD_CHANGE_YEAR)
        mx = (xs[after - 1] + xs[after]) / 2
        left_half = mx < (PLOT_LEFT + PLOT_RIGHT) / 2
        axes.append(
            f'<line class="app-trend__method" x1="{mx:.1f}" x2="{mx:.1f}" y1="{PLOT_TOP - 18}" '
            f'y2="{PLOT_BOTTOM}" stroke="{GREY}" stroke-width="2"/>'
            f'<text x="{mx + (4 if left_half else -4):.1f}" y="{PLOT_TOP - 8}" font-size="12" '
            f'text-anchor="{"start" if left_half else "end"}" fill="{BLACK}">'
            f"{chart.method_change_label}: method changed</text>"
        )
    lines = []
    for run in _runs(xs, [year.computed for year in years], y):
        lines.append(
            _polyline(
                run,
                "app-trend__computed",
                f'stroke="{GREY}" stroke-width="3" stroke-dasharray="0.1 6" stroke-linecap="round"',
            )  # fmt: skip
        )
    for run in _runs(xs, [year.stated for year in years], y):
        lines.append(
            _polyline(
                run,
                "app-trend__stated",
                f'stroke="{BLACK}" stroke-width="2" stroke-dasharray="7 4"',
            )  # fmt: skip
        )
    for x, year in zip(xs, years, strict=True):
        if year.stated is not None:
            lines.append(
                f'<rect class="app-trend__stated-point" x="{x - 4.5:.1f}" '
                f'y="{y(year.stated) - 4.5:.1f}" width="9" height="9" fill="#fff" '
                f'stroke="{BLACK}" stroke-width="2"><title>{year.label}: '
                f"{escape(chart.stated_label.lower())} {year.stated_written}</title></rect>"
            )
    for run in _runs(xs, [year.value for year in years], y):
        if len(run) > 1:
            lines.append(_polyline(run, "app-trend__council", f'stroke="{BLUE}" stroke-width="3"'))
    points = []
    for x, year in zip(xs, years, strict=True):
        if year.value is None:
            continue
        name = escape(chart.point_name(year))
        stated = "letters differ" if year.stated_spread else year.stated_written
        points.append(
            f'<g class="app-trend__point" tabindex="0" role="img" aria-label="{name}">'
            f"<title>{name}</title>"
            f'<circle class="app-trend__halo" cx="{x:.1f}" cy="{y(year.value):.1f}" r="9" '
            f'fill="#fd0" stroke="{BLACK}" stroke-width="2" display="none"/>'
            f'<circle cx="{x:.1f}" cy="{y(year.value):.1f}" r="12" fill="transparent"/>'
            f'<circle class="app-trend__council-point" cx="{x:.1f}" cy="{y(year.value):.1f}" '
            f'r="5" fill="{BLUE}" stroke="#fff" stroke-width="1.5"/>'
            f'<g class="app-trend__tip" display="none" aria-hidden="true">'
            f'<rect x="0" y="0" width="{TREND_W}" height="{PLOT_TOP - 4}" fill="#fff" '
            f'stroke="{BLACK}" stroke-width="1"/>'
            f'<text x="8" y="18" font-size="13" font-weight="bold" fill="{BLACK}">'
            f"{year.label}: {escape(year.written)}</text>"
            f'<text x="8" y="37" font-size="12" fill="{BLACK}">Stated {escape(stated)}; '
            f"computed {escape(year.computed_written)}</text></g></g>"
        )
    if len(years) == 1:
        lines.append(_single_year_labels(chart, xs[0] + 14, y))
    first, last = years[0].label, years[-1].label
    title = f"{measure.label}: {chart.council_name} against the {chart.stated_label.lower()}, " + (
        first if first == last else f"{first} to {last}"
    )
    desc = (
        f"{chart.council_name}: solid line with filled circles. {chart.stated_label}: dashed "
        f"line with open squares. {chart.computed_label}: dotted line. "
        "Each of the council's points names its figures; the table under the chart has them all."
    )
    svg = (
        f'<svg class="app-trend__svg" viewBox="0 0 {TREND_W} {TREND_H}" role="group" '
        f'aria-labelledby="{chart.chart_id}-title" aria-describedby="{chart.chart_id}-desc" '
        f'font-family="{FONT}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart.chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart.chart_id}-desc">{escape(desc)}</desc>'
        f'<g aria-hidden="true">{"".join(axes)}{"".join(lines)}</g>{"".join(points)}</svg>'
    )
    return mark_safe(svg)  # noqa: S308 - every interpolated text is escaped

"""Server-rendered SVG charts (no JavaScript). Each chart has a title and description for
screen readers; the pages also show the same figures as a table."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.periods import METHOD_CHANGE_YEAR, year_label
from councils.measures import UPHOLD

BLUE = "#1d70b8"
BLACK = "#0b0c0c"
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"
ORANGE = "#d4351c"


@dataclass(frozen=True)
class TrendPoint:
    year: int
    council: float | None
    average: float | None


def _svg(width: int, height: int, title: str, desc: str, body: list[str], chart_id: str) -> str:
    return (
        f'<svg class="app-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def trend_chart(
    points: list[TrendPoint], *, council_name: str, average_label: str, chart_id: str = "trend"
) -> SafeString:
    """Line chart of a council's uphold rate against its type average, oldest year left."""
    points = sorted(points, key=lambda p: p.year)
    width, height = 640, 300
    left, right, top, bottom = 48, 36, 16, 72
    plot_w, plot_h = width - left - right, height - top - bottom
    if not points:
        return mark_safe("")  # noqa: S308 - nothing interpolated

    def x(i: int) -> float:
        if len(points) == 1:
            return left + plot_w / 2
        return left + plot_w * i / (len(points) - 1)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / 100)

    body = []
    for tick in (0, 25, 50, 75, 100):
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{LIGHT_GREY}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{BLACK}">{tick}%</text>'
        )
    for i, point in enumerate(points):
        body.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="12" '
            f'fill="{BLACK}">{year_label(point.year)}</text>'
        )
    years = [p.year for p in points]
    if min(years) < METHOD_CHANGE_YEAR <= max(years):
        after = next(i for i, p in enumerate(points) if p.year >= METHOD_CHANGE_YEAR)
        mx = (x(after - 1) + x(after)) / 2
        body.append(
            f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{top}" y2="{top + plot_h}" stroke="{GREY}" '
            f'stroke-dasharray="2 3"/><text x="{mx + 4:.1f}" y="{top + 12}" font-size="11" '
            f'fill="{BLACK}">Method changed</text>'
        )

    def series(attr: str, colour: str, dash: str, shape: str) -> None:
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, point in enumerate(points):
            value = getattr(point, attr)
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(i):.1f},{y(value):.1f}")
            if shape == "circle":
                body.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="4" fill="{colour}"/>')
            else:
                body.append(
                    f'<rect x="{x(i) - 4:.1f}" y="{y(value) - 4:.1f}" width="8" height="8" '
                    f'fill="#fff" stroke="{colour}" stroke-width="2"/>'
                )
        if segment:
            segments.append(segment)
        for points_ in segments:
            body.insert(
                0,
                f'<polyline points="{" ".join(points_)}" fill="none" stroke="{colour}" '
                f'stroke-width="3" stroke-dasharray="{dash}"/>',
            )

    series("average", BLACK, "6 4", "square")
    series("council", BLUE, "none", "circle")
    legend_y = height - 24
    body.append(
        f'<line x1="{left}" x2="{left + 28}" y1="{legend_y}" y2="{legend_y}" stroke="{BLUE}" '
        f'stroke-width="3"/><circle cx="{left + 14}" cy="{legend_y}" r="4" fill="{BLUE}"/>'
        f'<text x="{left + 36}" y="{legend_y + 4}" font-size="13" fill="{BLACK}">'
        f"{escape(council_name)}</text>"
        f'<line x1="{left + 320}" x2="{left + 348}" y1="{legend_y}" y2="{legend_y}" '
        f'stroke="{BLACK}" stroke-width="3" stroke-dasharray="6 4"/>'
        f'<text x="{left + 356}" y="{legend_y + 4}" font-size="13" fill="{BLACK}">'
        f"{escape(average_label)}</text>"
    )
    described = "; ".join(
        f"{year_label(p.year)}: council "
        + ("not known" if p.council is None else f"{p.council:.0f}%")
        + ", average "
        + ("not known" if p.average is None else f"{p.average:.1f}%")
        for p in points
    )
    svg = _svg(
        width,
        height,
        f"{UPHOLD.label}: {council_name} against {average_label.lower()}",
        described,
        body,
        chart_id,
    )
    return mark_safe(svg)  # noqa: S308 - every interpolated text is escaped


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

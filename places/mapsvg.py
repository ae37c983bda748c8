"""England as a server-rendered SVG: every council a symbol at its British National Grid
position (no tiles, no network, no JavaScript), London's boroughs in an enlarged inset.

Each symbol says by its shape and size, not only its colour, how far the council's figure
sits from its type's stated average: triangles pointing up (above) or down (below), large
when far, small when near; a circle when close; a small hollow square when there is no
figure. Every symbol is a link to the council's page, named for screen readers."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The frame, in kilometres of the British National Grid: England from the Isles of Scilly
# to Berwick, with room on the right (the North Sea) for the London inset.
LEFT, RIGHT, BOTTOM, TOP = 75, 765, 0, 665
# London's boroughs, enlarged in an inset whose top left corner is INSET_AT in the frame.
LONDON = (500, 565, 153, 204)  # x from, x to, y from, y to
INSET_SCALE = 2.2
INSET_AT = (540, 24)
BLACK, GREY, LIGHT_GREY, WHITE = "#0b0c0c", "#505a5f", "#b1b4b6", "#ffffff"


@dataclass(frozen=True)
class Category:
    key: str
    label: str  # "15 points or more above the average"
    shape: str  # "up", "down", "circle", "square"
    size: float  # the symbol's radius, km
    fill: str


@dataclass(frozen=True)
class MapPoint:
    slug: str
    url: str
    x: int  # metres east
    y: int  # metres north
    category: Category
    name: str  # the accessible name: the council and its figures in words
    inset: bool = False  # a London borough, drawn in the enlarged inset


def categories(near: float, far: float, unit: str) -> list[Category]:
    """The symbols, from furthest below the average to furthest above, then no figure."""
    return [
        Category("far-below", f"{far:g} {unit} or more below the average", "down", 8, "#003078"),
        Category("below", f"{near:g} to {far:g} {unit} below", "down", 5.5, "#5694ca"),
        Category("close", f"Within {near:g} {unit} of the average", "circle", 4, WHITE),
        Category("above", f"{near:g} to {far:g} {unit} above", "up", 5.5, "#f47738"),
        Category("far-above", f"{far:g} {unit} or more above the average", "up", 8, "#942514"),
        Category("none", "No figure or no stated average", "square", 3, WHITE),
    ]


def _frame(x_m: float, y_m: float, *, inset: bool) -> tuple[float, float]:
    """SVG coordinates (y down) of a point given in metres of the grid."""
    x, y = x_m / 1000, y_m / 1000
    if inset:
        x0, _, _, y1 = LONDON
        return INSET_AT[0] + (x - x0) * INSET_SCALE, INSET_AT[1] + (y1 - y) * INSET_SCALE
    return x - LEFT, TOP - y


def symbol(category: Category, cx: float, cy: float, css: str = "app-map__dot") -> str:
    r = category.size
    stroke = GREY if category.key == "none" else BLACK
    common = f'class="{css}" fill="{category.fill}" stroke="{stroke}" stroke-width="1.2"'
    if category.shape == "circle":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:g}" {common}/>'
    if category.shape == "square":
        return (
            f'<rect x="{cx - r:.1f}" y="{cy - r:.1f}" width="{2 * r:g}" height="{2 * r:g}" '
            f"{common}/>"
        )
    h, tip = r * 0.866, (-r if category.shape == "up" else r)
    points = (
        f"{cx:.1f},{cy + tip:.1f} {cx + h:.1f},{cy - tip / 2:.1f} {cx - h:.1f},{cy - tip / 2:.1f}"
    )
    return f'<polygon points="{points}" {common}/>'


def legend_symbol(category: Category) -> SafeString:
    """The category's symbol alone, for the legend beside the map."""
    size = 2 * 9 + 4
    body = symbol(category, size / 2, size / 2, css="app-map__key")
    return mark_safe(  # noqa: S308 - no text interpolated
        f'<svg class="app-map-legend__symbol" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}" aria-hidden="true" focusable="false">{body}</svg>'
    )


def _link(point: MapPoint, *, inset: bool) -> str:
    cx, cy = _frame(point.x, point.y, inset=inset)
    name = escape(point.name)
    return (
        f'<a href="{escape(point.url)}" aria-label="{name}"><title>{name}</title>'
        f"{symbol(point.category, cx, cy)}</a>"
    )


def england_map(
    points: list[MapPoint],
    *,
    title: str,
    backdrop: list[tuple[int, int]] = (),
    labels: list[tuple[str, int, int]] = (),
    chart_id: str = "england-map",
) -> SafeString:
    """The map: `points` as linked symbols (London's in the inset), `backdrop` (grid
    metres) as faint dots giving England's shape under a sparse layer, `labels` (text, grid
    metres) the regions' names, under everything, for finding one's way."""
    width, height = RIGHT - LEFT, TOP - BOTTOM
    body = []
    for text, x_m, y_m in labels:
        cx, cy = _frame(x_m, y_m, inset=False)
        body.append(
            f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" font-size="15" '
            f'fill="{GREY}" stroke="{WHITE}" stroke-width="4" paint-order="stroke" '
            f'aria-hidden="true">{escape(text)}</text>'
        )
    for x_m, y_m in backdrop:
        cx, cy = _frame(x_m, y_m, inset=False)
        body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.5" fill="{LIGHT_GREY}"/>')
    london = [p for p in points if p.inset]
    rest = [p for p in points if not p.inset]
    # Symbols far from the average last, so they sit on top where symbols overlap.
    order = {"none": 0, "close": 1, "below": 2, "above": 2, "far-below": 3, "far-above": 3}
    for point in sorted(rest, key=lambda p: (order[p.category.key], p.slug)):
        body.append(_link(point, inset=False))
    if london:
        x0, x1, y0, y1 = LONDON
        lx, ly = _frame(x0 * 1000, y1 * 1000, inset=False)
        bx, by = INSET_AT
        bw, bh = (x1 - x0) * INSET_SCALE, (y1 - y0) * INSET_SCALE
        body.insert(
            len(backdrop) + len(labels),
            f'<rect x="{lx:.1f}" y="{ly:.1f}" width="{x1 - x0}" height="{y1 - y0}" fill="none" '
            f'stroke="{GREY}" stroke-dasharray="3 2"/>'
            f'<line x1="{lx + x1 - x0:.1f}" y1="{ly:.1f}" x2="{bx:.1f}" y2="{by + bh:.1f}" '
            f'stroke="{GREY}" stroke-dasharray="3 2"/>'
            f'<rect x="{bx:.1f}" y="{by:.1f}" width="{bw:.1f}" height="{bh:.1f}" fill="{WHITE}" '
            f'stroke="{GREY}"/>'
            f'<text x="{bx + 4:.1f}" y="{by + bh + 16:.1f}" font-size="15" fill="{BLACK}">'
            "London, enlarged</text>",
        )
        for point in sorted(london, key=lambda p: (order[p.category.key], p.slug)):
            body.append(_link(point, inset=True))
    svg = (
        f'<svg class="app-map" id="{chart_id}" viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="{chart_id}-title" xmlns="http://www.w3.org/2000/svg" '
        'font-family="Arial, sans-serif" '
        f'preserveAspectRatio="xMinYMin meet"><title id="{chart_id}-title">{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every interpolated text is escaped

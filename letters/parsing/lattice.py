"""Ruled tables read with pypdfium2 alone (no pdfminer): a fast stand-in for pdfplumber's
``find_tables()`` + ``pdf._grid()``.

It follows pdfplumber's "lines" strategy step by step, so that both give the same grids:

1. every straight, axis-parallel segment of every path object (stroked lines, the four
   sides of rectangles, thin filled rectangles) is an edge;
2. edges within 3 pt of one another are snapped to their average position, collinear
   edges less than 3 pt apart are joined, and edges shorter than 3 pt dropped;
3. the points where a vertical and a horizontal edge meet (3 pt tolerance) are the
   lattice; the smallest rectangle whose four corners are lattice points joined by edges
   is a cell (so a spanning cell is one cell), and cells sharing a corner are one table;
4. each cell's text is made of the characters whose centre lies in it, put into words and
   lines as pdfplumber does (3 pt tolerances), and cleaned with ``clean_cell``; a lattice
   position covered by a spanning cell gets that cell's text;
5. the title is the lowest line of words within 40 pt above the table's top edge.

Steps 1-3 (the geometry) are here; steps 4-5 (the text) are ``cell_text``.

``ruled_grids`` returns ``(rows, title)`` pairs, one per table, in page order (top to
bottom, then left to right), without joining tables continued on the next page.
"""

from __future__ import annotations

import ctypes
import itertools
from typing import TYPE_CHECKING

from .cell_text import Cell, chars_of, cluster, grid_text, table_title, words_of

if TYPE_CHECKING:  # pragma: no cover
    import pypdfium2

SNAP = 3.0  # pdfplumber's snap_tolerance
JOIN = 3.0  # join_tolerance
MIN_EDGE = 3.0  # edge_min_length
MIN_EDGE_PREFILTER = 1.0  # edge_min_length_prefilter
CROSS = 3.0  # intersection_tolerance
_FLAT = 0.01  # a segment this close to axis-parallel counts as horizontal/vertical

# An edge: (x0, top, x1, bottom) in page space, origin top-left (like pdfplumber).
Edge = tuple[float, float, float, float]


def ruled_grids(
    pdf: pypdfium2.PdfDocument, page_indexes: list[int]
) -> list[tuple[list[list[str]], str]]:
    """Every ruled table on the given pages: ``(rows, title)``, rows top to bottom."""
    found: list[tuple[list[list[str]], str]] = []
    for index in page_indexes:
        page = pdf[index]
        try:
            found.extend(_page_grids(page))
        finally:
            page.close()
    return found


def _page_grids(page) -> list[tuple[list[list[str]], str]]:
    left, _bottom, _right, top = page.get_mediabox()
    vertical, horizontal = _edges(page, left, top)
    tables = _tables(vertical, horizontal)
    if not tables:
        return []
    textpage = page.get_textpage()
    try:
        chars = chars_of(textpage, left, top)
    finally:
        textpage.close()
    words = None
    grids = []
    for cells in tables:
        rows = _rows(cells)
        if words is None:
            words = words_of(chars)
        grids.append((grid_text(cells, rows, chars), table_title(cells, words)))
    return grids


# --- edges ---------------------------------------------------------------------------


def _edges(page, left: float, top: float) -> tuple[list[Edge], list[Edge]]:
    import pypdfium2.raw as raw

    vertical: list[Edge] = []
    horizontal: list[Edge] = []
    x = ctypes.c_float()
    y = ctypes.c_float()
    matrix = raw.FS_MATRIX()

    def walk(handle, outer: tuple[float, ...] | None) -> None:
        kind = raw.FPDFPageObj_GetType(handle)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            return
        if not raw.FPDFPageObj_GetMatrix(handle, matrix):
            return
        m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        if outer is not None:
            m = _compose(m, outer)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            for i in range(raw.FPDFFormObj_CountObjects(handle)):
                walk(raw.FPDFFormObj_GetObject(handle, i), m)
            return
        a, b, c, d, e, f = m
        start: tuple[float, float] | None = None
        previous: tuple[float, float] | None = None
        for i in range(raw.FPDFPath_CountSegments(handle)):
            segment = raw.FPDFPath_GetPathSegment(handle, i)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            point = (a * x.value + c * y.value + e - left, top - (b * x.value + d * y.value + f))
            kind_ = raw.FPDFPathSegment_GetType(segment)
            if kind_ == raw.FPDF_SEGMENT_MOVETO:
                start = point
            elif kind_ == raw.FPDF_SEGMENT_LINETO and previous is not None:
                _add(previous, point, vertical, horizontal)
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                _add(point, start, vertical, horizontal)
            previous = point

    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        walk(raw.FPDFPage_GetObject(page.raw, i), None)
    return vertical, horizontal


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _add(p: tuple[float, float], q: tuple[float, float], vertical: list, horizontal: list):
    (x0, y0), (x1, y1) = p, q
    if abs(x0 - x1) < _FLAT and abs(y0 - y1) >= MIN_EDGE_PREFILTER:
        vertical.append((x0, min(y0, y1), x0, max(y0, y1)))
    elif abs(y0 - y1) < _FLAT and abs(x0 - x1) >= MIN_EDGE_PREFILTER:
        horizontal.append((min(x0, x1), y0, max(x0, x1), y0))


def _snap(edges: list[Edge], axis: int) -> list[Edge]:
    """Move edges whose position (x for vertical, y for horizontal) is within SNAP of
    another's to the average position of their cluster."""
    clusters = cluster(sorted({e[axis] for e in edges}), SNAP)
    group = {value: i for i, values in enumerate(clusters) for value in values}
    members: dict[int, list[Edge]] = {}
    for e in edges:
        members.setdefault(group[e[axis]], []).append(e)
    snapped = []
    for _i, items in sorted(members.items()):
        average = sum(e[axis] for e in items) / len(items)
        for e in items:
            if axis == 0:
                snapped.append((average, e[1], average, e[3]))
            else:
                snapped.append((e[0], average, e[2], average))
    return snapped


def _join(edges: list[Edge], axis: int) -> list[Edge]:
    """Join collinear edges that overlap or are less than JOIN apart."""
    lo, hi = (1, 3) if axis == 0 else (0, 2)
    joined: list[Edge] = []
    for _position, group in itertools.groupby(
        sorted(edges, key=lambda e: e[axis]), key=lambda e: e[axis]
    ):
        line: list[list[float]] = []
        for e in sorted(group, key=lambda e: e[lo]):
            if line and e[lo] <= line[-1][hi] + JOIN:
                if e[hi] > line[-1][hi]:
                    line[-1][hi] = e[hi]
            else:
                line.append(list(e))
        joined.extend(tuple(e) for e in line)
    return joined


def _tables(vertical: list[Edge], horizontal: list[Edge]) -> list[list[Cell]]:
    vertical = [e for e in _join(_snap(vertical, 0), 0) if e[3] - e[1] >= MIN_EDGE]
    horizontal = [e for e in _join(_snap(horizontal, 1), 1) if e[2] - e[0] >= MIN_EDGE]
    if not vertical or not horizontal:
        return []
    crossings: dict[tuple[float, float], tuple[set[Edge], set[Edge]]] = {}
    horizontal.sort(key=lambda e: (e[1], e[0]))
    for v in sorted(vertical, key=lambda e: (e[0], e[1])):
        for h in horizontal:
            if (
                v[1] <= h[1] + CROSS
                and v[3] >= h[1] - CROSS
                and v[0] >= h[0] - CROSS
                and v[0] <= h[2] + CROSS
            ):
                vs, hs = crossings.setdefault((v[0], h[1]), (set(), set()))
                vs.add(v)
                hs.add(h)
    return _group(_cells(crossings))


def _cells(crossings: dict) -> list[Cell]:
    def connects(p, q) -> bool:
        if p[0] == q[0] and crossings[p][0] & crossings[q][0]:
            return True
        return p[1] == q[1] and bool(crossings[p][1] & crossings[q][1])

    points = sorted(crossings)
    by_x: dict[float, list] = {}
    by_y: dict[float, list] = {}
    for p in points:  # sorted, so each list is in order too
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)
    cells = []
    for p in points:
        below = [q for q in by_x[p[0]] if q > p]
        right = [q for q in by_y[p[1]] if q > p]
        cell = None
        for b in below:
            if not connects(p, b):
                continue
            for r in right:
                if not connects(p, r):
                    continue
                corner = (r[0], b[1])
                if corner in crossings and connects(corner, r) and connects(corner, b):
                    cell = (p[0], p[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def _group(cells: list[Cell]) -> list[list[Cell]]:
    """Cells sharing a corner are one table (pdfplumber's ``cells_to_tables``)."""

    def corners(c: Cell):
        return ((c[0], c[1]), (c[0], c[3]), (c[2], c[1]), (c[2], c[3]))

    remaining = list(cells)
    tables = []
    current: list[Cell] = []
    seen: set = set()
    while remaining:
        count = len(current)
        for cell in list(remaining):
            if not current or any(c in seen for c in corners(cell)):
                seen.update(corners(cell))
                current.append(cell)
                remaining.remove(cell)
        if len(current) == count:
            tables.append(current)
            current, seen = [], set()
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _rows(cells: list[Cell]) -> list[list[Cell | None]]:
    xs = sorted({c[0] for c in cells})
    rows = []
    for _top, group in itertools.groupby(
        sorted(cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]
    ):
        by_x = {c[0]: c for c in group}
        rows.append([by_x.get(x) for x in xs])
    return rows

"""The text of a ruled table's cells and the heading above it, found as pdfplumber finds
them: characters (``chars_of``, from pdfium's text page) put into words and lines with
3 pt tolerances (``words_of``), each cell's text made of the characters whose centre lies
in it and cleaned with ``clean_cell``, a position covered by a spanning cell given that
cell's text (``grid_text``, ``covering_text``), and the title: the lowest line of words
within 40 pt above the table (``table_title``, ``title_above``). ``lattice`` finds the
cells; ``pdf`` uses ``covering_text`` and ``title_above`` for pdfplumber's tables too, so
both table readers follow one rule.
"""

from __future__ import annotations

from .text import clean_cell

X_TOLERANCE = 3.0  # word extraction
Y_TOLERANCE = 3.0
TITLE_ABOVE = 40.0

# A cell's box: (x0, top, x1, bottom) in page space, origin top-left.
Cell = tuple[float, float, float, float]


def cluster(values: list[float], tolerance: float) -> list[list[float]]:
    """Sorted values in groups, each within ``tolerance`` of the one before (pdfplumber's
    ``cluster_list``): edges are snapped with it (``lattice``), characters put into lines."""
    groups: list[list[float]] = []
    for value in values:
        if groups and value <= groups[-1][-1] + tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return groups


# A character: (text, x0, top, x1, bottom), origin top-left.
Char = tuple[str, float, float, float, float]


def chars_of(textpage, left: float, top: float) -> list[Char]:
    """The characters of pdfium's text page with their loose boxes, generated ones left out."""
    import pypdfium2.raw as raw

    handle = textpage.raw
    box = raw.FS_RECTF()
    chars = []
    for i in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, i)
        if code in (0, 0xFFFE) or raw.FPDFText_IsGenerated(handle, i) == 1:
            continue
        if not raw.FPDFText_GetLooseCharBox(handle, i, box):
            continue
        chars.append(
            (chr(code), box.left - left, top - box.top, box.right - left, top - box.bottom)
        )
    return chars


def words_of(chars: list[Char]) -> list[tuple[str, float, float, float, float]]:
    """Words as pdfplumber's ``extract_words`` makes them: (text, x0, top, x1, bottom)."""
    words = []
    for line in _lines(chars):
        current: list[Char] = []
        for ch in line:
            if ch[0].isspace():
                if current:
                    words.append(_word(current))
                current = []
                continue
            if current and ch[1] > current[-1][3] + X_TOLERANCE:
                words.append(_word(current))
                current = []
            current.append(ch)
        if current:
            words.append(_word(current))
    return words


def _word(chars: list[Char]):
    return (
        "".join(c[0] for c in chars),
        min(c[1] for c in chars),
        min(c[2] for c in chars),
        max(c[3] for c in chars),
        max(c[4] for c in chars),
    )


def _lines(chars: list[Char]) -> list[list[Char]]:
    clusters = cluster(sorted({c[2] for c in chars}), Y_TOLERANCE)
    group = {value: i for i, values in enumerate(clusters) for value in values}
    lines: dict[int, list[Char]] = {}
    for c in chars:
        lines.setdefault(group[c[2]], []).append(c)
    return [sorted(line, key=lambda c: c[1]) for _i, line in sorted(lines.items())]


def _text(chars: list[Char]) -> str:
    lines = []
    for line in _lines(chars):
        lines.append(" ".join(w[0] for w in words_of(line)))
    return "\n".join(lines)


def _inside(ch: Char, box) -> bool:
    h = (ch[1] + ch[3]) / 2
    v = (ch[2] + ch[4]) / 2
    return box[0] <= h < box[2] and box[1] <= v < box[3]


def grid_text(
    cells: list[Cell], rows: list[list[Cell | None]], chars: list[Char]
) -> list[list[str]]:
    """The table's grid, row by row: each cell's text, and for a position a spanning cell
    covers, that cell's text."""
    texts: dict[Cell, str] = {}
    for row in rows:
        present = [c for c in row if c is not None]
        bbox = (
            min(c[0] for c in present),
            min(c[1] for c in present),
            max(c[2] for c in present),
            max(c[3] for c in present),
        )
        row_chars = [ch for ch in chars if _inside(ch, bbox)]
        for cell in present:
            inside = [ch for ch in row_chars if _inside(ch, cell)]
            texts[cell] = clean_cell(_text(inside)) if inside else ""
    # pdf._grid: a position covered by a spanning cell gets its text (found at the centre
    # of the column and the middle of the row).
    xs = sorted({c[0] for c in cells})
    columns = []
    for x in xs:
        in_column = [c for c in cells if c[0] == x]
        columns.append((min(c[0] for c in in_column) + max(c[2] for c in in_column)) / 2)
    spans = list(texts.items())
    grid = []
    for row in rows:
        present = [c for c in row if c is not None]
        middle = (min(c[1] for c in present) + max(c[3] for c in present)) / 2
        out = []
        for i, cell in enumerate(row):
            if cell is not None:
                out.append(texts[cell])
                continue
            out.append(covering_text(spans, x=columns[i], y=middle))
        grid.append(out)
    return grid


def table_title(cells: list[Cell], words) -> str:
    """The heading above the table whose cells these are (``title_above``)."""
    x0 = min(c[0] for c in cells)
    top = min(c[1] for c in cells)
    return title_above([(w[0], w[1], w[4]) for w in words], x0=x0, top=top)


def title_above(words: list[tuple[str, float, float]], *, x0: float, top: float) -> str:
    """A table's heading: the lowest line of words (text, x0, bottom) within TITLE_ABOVE
    points above its top edge, from its left edge on (both table readers use this rule)."""
    above = [w for w in words if top - TITLE_ABOVE <= w[2] <= top + 1 and w[1] >= x0 - 5]
    if not above:
        return ""
    last = max(w[2] for w in above)
    line = sorted((w for w in above if abs(w[2] - last) < 3), key=lambda w: w[1])
    return clean_cell(" ".join(w[0] for w in line))


def covering_text(spans, *, x: float, y: float) -> str:
    """The text of the cell (bbox, text) that covers the point: a position of the lattice
    that a spanning cell covers gets that cell's text."""
    return next((t for b, t in spans if b[0] <= x <= b[2] and b[1] <= y <= b[3]), "")

"""Grids of cells from a letter's text, for the table reader (``tables.read_rows``):
``text_rows`` splits lines on tabs or wide gaps (and "label figure" lines in two);
``layout_rows`` reads fixed-width layout text (``pdftotext -layout``, pdfplumber's layout
text), where header cells wrap over several lines and sit in columns: each header word is
put in the column of the figure below it, and a header that stretches over several
columns ("Detailed Investigations") becomes an upper header row.
"""

from __future__ import annotations

import re

from .table_cells import fold, is_value, title_of
from .text import flatten

# "(?:\s*:)?\s+" is "\s*:?\s+" (spaces, or spaces, a colon and spaces) without trying every
# split of a run of spaces between the two.
_KV_LINE = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z'&/() -]{1,80}?)(?:\s*:)?\s+"
    r"(?P<value>\d[\d,]*(?:\.\d+)?\s?%?|n/a)$"
)
_SPLIT = re.compile(r"\t| {2,}")


def text_rows(text: str) -> list[list[str]]:
    """Split normalised text lines into cells (tabs, or runs of 2+ spaces, or 'label N').

    Every line becomes a row (blank lines become empty rows), so rows keep their order."""
    rows = []
    for line in text.split("\n"):
        if not line.strip():
            rows.append([])
            continue
        cells = _SPLIT.split(line) if ("\t" in line or "  " in line) else [line]
        cells = [flatten(c) for c in cells]
        if len([c for c in cells if c]) == 1:
            only = next(c for c in cells if c)
            match = _KV_LINE.match(only)
            if match and len(match["label"].split()) <= 9:
                cells = [match["label"].strip(), match["value"]]
        rows.append(cells)
    return rows


_WORD = re.compile(r"\S+")
_TOKEN = re.compile(r"\S+(?: \S+)*")
_LAYOUT_TOLERANCE = 1
_HEADING = re.compile(
    r"^\s*(?:complaints\s+and\s+enquiries\s+received|decisions\s+made|complaints?\s*remedied"
    r"|local authority report|for the period ending|notes\b)",
    re.I,
)


def layout_rows(text: str) -> list[list[str]]:
    """Rows from fixed-width layout text (``pdftotext -layout``, pdfplumber's layout text).

    Header cells there wrap over several lines and sit in columns; each line of figures
    gives the columns (where its figures start) and the header lines just above it are
    split word by word into those columns. A line whose words stretch over several columns
    ("Detailed Investigations") is a spanning header: it becomes an upper header row.
    Yields, for each table: its heading, header rows, figures, then an empty row."""
    lines = text.split("\n")
    rows: list[list[str]] = []
    for i, line in enumerate(lines):
        tokens = [(m.start(), m.group(0)) for m in _TOKEN.finditer(line)]
        if len(tokens) < 2 or not all(is_value(t) for _, t in tokens):
            continue
        header: list[str] = []
        heading = None
        j = i - 1
        while j >= 0 and not lines[j].strip():  # blank lines between header and figures
            j -= 1
        while j >= 0 and lines[j].strip() and len(header) < 8:
            above = _TOKEN.findall(lines[j])
            if all(is_value(t) for t in above):
                break
            if m := _HEADING.match(lines[j]):
                heading = m.group(0).strip() if title_of(m.group(0)) else None
                rest = " " * m.end() + lines[j][m.end() :]  # a header cell beside the heading
                if rest.strip():
                    header.insert(0, rest)
                break
            header.insert(0, lines[j])
            j -= 1
        if not header:
            continue
        lower, upper = _assign_to_columns(header, tokens)
        label_row = [" ".join(words) for words in lower]
        if sum(1 for c in label_row if c) < 2:
            continue
        rows.append([])
        if heading:
            rows.append([heading])
        if any(upper):
            spans = [" ".join(words) for words in upper]
            k = 0
            while k < len(spans):  # one spanning header over its run of columns
                run = k
                while run < len(spans) and spans[run]:
                    run += 1
                if run > k:
                    longest = max(spans[k:run], key=len)
                    spans[k:run] = [longest] * (run - k)
                k = run + 1
            rows.append(spans)
        rows.append(label_row)
        rows.append([t for _, t in tokens])
        rows.append([])
    return rows


def _is_prose(phrase: str) -> bool:
    """A note's prose, not a column header: a long run of words, or one with punctuation
    (headers such as "Referred back for Closed After Initial Upheld" can run together)."""
    words = len(phrase.split())
    return words >= 8 or (words >= 4 and any(mark in phrase for mark in ".,;"))


_NEAR = 8  # characters: a stray header word this close to a column belongs to it


def _phrases(line: str) -> list[tuple[int, int, str]]:
    """Runs of words (one space apart) on a layout line; the words of a spanning header
    stay one phrase even when spaced wider ("Complaints  Remedied")."""
    found: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(line):
        start, end, text = m.start(), m.end(), m.group(0)
        if found and _spans(found[-1][2]) and _spans(text) and start - found[-1][1] <= 3:
            start, text = found[-1][0], f"{found.pop()[2]} {text}"
        found.append((start, end, text))
    return found


def _assign_to_columns(header: list[str], figures: list[tuple[int, str]]):
    """Header words -> the columns of the figures below them: (lower, upper) word lists.

    The columns are the stretches of the page that some header word or figure occupies,
    between gutters no line crosses, so a header centred over its figure (wider than it)
    lands in its column; where two columns touch, a word goes to the figure it starts at
    or after. Spanning headers ("Detailed Investigations") go to the upper row over the
    figures they stretch across; a note's prose is left out."""
    starts = [s for s, _ in figures]
    lower: list[list[str]] = [[] for _ in starts]
    upper: list[list[str]] = [[] for _ in starts]
    phrases = [p for head in header for p in _phrases(head) if not _is_prose(p[2])]
    width = max([end for _, end, _ in phrases] + [s + len(t) for s, t in figures]) + 1
    occupied = bytearray(width)
    for start, end, text in phrases:
        if not _spans(text):
            occupied[start:end] = b"\x01" * (end - start)
    for start, text in figures:
        occupied[start : start + len(text)] = b"\x01" * len(text)
    region = [0] * width  # stretch number of each position (0: a gutter)
    number = 0
    for x in range(width):
        if occupied[x]:
            number += number == 0 or not occupied[x - 1]
            region[x] = number
    columns_in: dict[int, list[int]] = {}
    for k, start in enumerate(starts):
        columns_in.setdefault(region[start], []).append(k)

    def column_at(position: int) -> int | None:
        here = region[position] if position < width else 0
        if here and here not in columns_in:  # a word apart from its cell's other words
            near = [
                region[x]
                for d in range(1, _NEAR + 1)
                for x in (position - d, position + d)
                if 0 <= x < width and region[x] in columns_in
            ]
            here = near[0] if near else here
        found = columns_in.get(here, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:  # columns touching: by where the figures start
            k = _column_of([starts[k] for k in found], position)
            return found[k or 0]
        return None

    for start, end, text in phrases:
        if _spans(text):
            under = [k for k, s in enumerate(starts) if start - 2 <= s < end + 2]
            for k in under or [c for c in [column_at(start)] if c is not None]:
                upper[k].append(text)
            continue
        for word in _WORD.finditer(text):
            column = column_at(start + word.start())
            if column is not None:
                lower[column].append(word.group(0))
    return lower, upper


def _column_of(starts: list[int], position: int) -> int | None:
    """The column (by where its figure starts) that a word at ``position`` falls in."""
    column = None
    for k, start in enumerate(starts):
        if start <= position + _LAYOUT_TOLERANCE:
            column = k
    return column


# Spanning headers, also when wrapped over lines ("Detailed" / "Investigations").
_SPANNING_HEADERS = re.compile(
    r"^(?:detailed|investigations|detailed investigations|complaints?|s remedied|remedied"
    r"|complaints? remedied)$"
)


def _spans(phrase: str) -> bool:
    return bool(_SPANNING_HEADERS.match(fold(phrase)))

"""Reading the 2014-2018 tables ("Complaints and enquiries received", "Decisions made",
"Complaints remedied") by their structure.

A table is a grid: rows of cells. Above each row of figures sit one or more header rows. A
header cell may span sub-columns ("Detailed Investigations" over "Not Upheld" and "Upheld"):
pdfplumber leaves ``None`` beside it, text extracts leave the cells empty; the sub-columns'
names are in the header row below. Each column's header path ("Detailed Investigations >
Upheld") is resolved, its words folded (case, spacing, line breaks, hyphenation,
apostrophes) and classified, and the figures row is matched to the resolved columns. Every
figure read keeps its evidence: "Decisions made > Detailed Investigations > Upheld: 43".

Grids come from pdfplumber's ruled tables (``pdf.py`` fills the spans from the cells'
geometry), from text split on tabs or wide gaps, and from fixed-width layout text. A table
laid out vertically ("label | figure" per row) is read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import flatten, to_number

_VALUE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?%?$|^n/?a$|^-$", re.I)
_KV_LINE = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z'&/() -]{1,80}?)\s*:?\s+(?P<value>\d[\d,]*(?:\.\d+)?\s?%?|n/a)$"
)
_SPLIT = re.compile(r"\t| {2,}")
MAX_HEADER_ROWS = 4

DECISION_LABELS = [
    ("incomplete_or_invalid", re.compile(r"incomplete\s*(?:or|/|&|and)?\s*invalid")),
    ("advice_given", re.compile(r"advice\s*given|^advice$")),
    ("referred_back", re.compile(r"referred\s*back")),
    ("closed_after_initial_enquiries", re.compile(r"closed\s*after\s*initial")),
    ("not_upheld", re.compile(r"^(?:detailed investigations? )?not\s*upheld$")),
    ("upheld", re.compile(r"^(?:detailed investigations? )?upheld$")),
    ("uphold_rate", re.compile(r"uphold\s*rate|upheld\s*rate|%\s*upheld|percentage\s*upheld")),
]
REMEDIED_LABELS = [
    (
        "by_ombudsman",
        re.compile(
            r"^(?:(?:complaints?\s*)?remedied\s*)?by\s*(?:the\s*)?"
            r"(?:lgo|lgsco|ombudsman|local gov\w* ombuds\w*)"
        ),
    ),
    ("by_authority", re.compile(r"satisf.{0,12}\bby\b.{0,8}(?:authority|council)")),
]
COMPLIANCE_LABELS = [
    ("percent", re.compile(r"compliance\s*rate")),
    ("outcomes", re.compile(r"compliance\s*outcomes|number\s*of\s*compliance")),
]
TOTAL = re.compile(r"^total$")
# A table's heading, printed above it (or as its first header row).
TITLES = {
    "received": re.compile(r"^complaints? (?:and|&) enquiries received$"),
    "decisions": re.compile(r"^decisions made$"),
    "remedied": re.compile(r"^complaints? remedied$"),
}
TITLE_TEXT = {
    "received": "Complaints and enquiries received",
    "decisions": "Decisions made",
    "remedied": "Complaints remedied",
    "compliance": "Compliance",
}
UNALIGNED = {
    "decisions": "The 'Decisions made' table could not be lined up with its figures, so it was "
    "not read.",
    "remedied": "The 'Complaints remedied' table could not be lined up with its figures, so it "
    "was not read.",
}


def fold(label: str) -> str:
    """A header's words for matching: lower case, apostrophes and hyphenation folded,
    punctuation and line breaks as single spaces."""
    text = label.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)
    text = re.sub(r"[^a-z%/ ]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _classify(label: str, table: list) -> str | None:
    key = fold(label)
    for name, pattern in table:
        if pattern.search(key):
            return name
    return None


def title_of(label: str) -> str | None:
    key = fold(label)
    return next((kind for kind, pattern in TITLES.items() if pattern.match(key)), None)


def is_value(cell: str) -> bool:
    return bool(_VALUE.match(cell))


def _value(cell: str):
    if cell == "-" or cell.lower().replace("/", "") == "na":
        return None
    return to_number(cell.replace("%", "").strip())


@dataclass
class TableData:
    decisions: dict = field(default_factory=dict)
    remedied: dict = field(default_factory=dict)
    compliance: dict = field(default_factory=dict)
    received: dict = field(default_factory=dict)
    # dotted field name ("decisions.upheld", "received_by_service.Housing") -> source text
    evidence: dict = field(default_factory=dict)
    unaligned: set = field(default_factory=set)  # tables seen but not lined up: sections

    @property
    def warnings(self) -> list[str]:
        """A table that no reading could line up with its figures."""
        return [UNALIGNED[name] for name in sorted(self.unaligned) if not getattr(self, name)]

    def put(self, section: str, key: str, value, evidence: str) -> None:
        """Record a figure unless one was read already (the first reading wins)."""
        figures = getattr(self, section)
        if key not in figures:
            figures[key] = value
            self.evidence[f"{section}.{key}"] = evidence

    def merge(self, other: TableData) -> None:
        """Fill what is missing from ``other`` (self wins)."""
        for name in ("decisions", "remedied", "compliance"):
            for key, value in getattr(other, name).items():
                self.put(name, key, value, other.evidence.get(f"{name}.{key}", ""))
        if not self.received and other.received:
            self.received = dict(other.received)
            for key in other.received:
                self.evidence[f"received.{key}"] = other.evidence.get(f"received.{key}", "")
        self.unaligned |= other.unaligned


def _source(kind: str, path: list[str], cell: str) -> str:
    title = TITLE_TEXT[kind]
    if path and fold(path[0]) == fold(title):
        path = path[1:]
    return " > ".join([title, *path]) + f": {cell}"


# --------------------------------------------------------------------------- grids


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


def is_figures_row(row: list[str]) -> bool:
    filled = [c for c in row if c]
    return bool(filled) and all(is_value(c) for c in filled)


def _is_header(row: list[str]) -> bool:
    filled = [c for c in row if c]
    return bool(filled) and not any(is_value(c) for c in filled)


def _header_block(rows: list[list[str]], end: int) -> tuple[list[list[str]], str | None]:
    """The header rows just above row ``end`` (figures), top first, and a title among them."""
    block: list[list[str]] = []
    title = None
    j = end - 1
    while j >= 0 and not rows[j]:  # a blank line between headers and figures
        j -= 1
    while j >= 0 and _is_header(rows[j]) and len(block) < MAX_HEADER_ROWS:
        row = list(rows[j])
        # A heading in the header ("Decisions made" over the table, maybe split in cells).
        filled = [i for i, c in enumerate(row) if c]
        for width in (1, 2, 3):
            lead = filled[:width]
            if lead and (kind := title_of(" ".join(row[i] for i in lead))):
                title = kind
                for i in lead:
                    row[i] = ""
                break
        if any(row):
            block.insert(0, row)
        if title:  # the header ends at the table's heading
            break
        j -= 1
    return block, title


# The sub-columns of the tables' spanning headers ("Detailed Investigations" over "Not
# Upheld" and "Upheld"; "Complaints Remedied" over "by LGO" and "Satisfactorily by ...").
_SUB_COLUMN = re.compile(r"^(?:not\s*)?upheld$|^by\b|satisf|authority")


def _resolve_spans(block: list[list[str]]) -> list[list[str]]:
    """Text grids: an upper header cell followed by empty cells spans the sub-columns named
    below it (pdfplumber grids arrive resolved from the cells' geometry)."""
    if len(block) < 2:
        return block
    lowest = block[-1]
    width = max(len(r) for r in block)
    resolved = []
    for row in block[:-1]:
        row = row + [""] * (width - len(row))
        out = list(row)
        for i, cell in enumerate(row):
            if not cell:
                continue
            k = i + 1
            while (
                k < min(width, len(lowest)) and not row[k] and _SUB_COLUMN.search(fold(lowest[k]))
            ):
                out[k] = cell
                k += 1
        resolved.append(out)
    return resolved + [lowest]


def _paths(block: list[list[str]]) -> dict[int, list[str]]:
    """Column index -> header path, top first (a cell repeated down a column once)."""
    paths: dict[int, list[str]] = {}
    for row in block:
        for i, cell in enumerate(row):
            if cell and (not paths.get(i) or paths[i][-1] != cell):
                paths.setdefault(i, []).append(cell)
    return paths


def _pair(paths: dict[int, list[str]], values: list[tuple[int, str]], exact: bool):
    """Match the figures to the resolved columns: by column, or (text grids whose cells
    slipped) in order when the counts agree."""
    if all(j in paths for j, _ in values):
        return [(j, cell) for j, cell in values]
    if exact:
        return None
    columns = sorted(paths)
    if len(columns) == len(values):
        return [(j, cell) for j, (_, cell) in zip(columns, values, strict=True)]
    return None


def read_rows(
    rows: list[list[str]],
    out: TableData,
    *,
    title: str | None = None,
    exact: bool = False,
) -> None:
    """Read every table found in ``rows`` into ``out`` (first reading of a figure wins).

    Cells must be clean single-line strings (``text.clean_cell``). ``title``: the heading
    printed above the grid, if known. ``exact``: the grid's columns are exact (a ruled
    table), so figures are matched by column only."""
    block = title  # current table: "decisions" / "remedied" / "received"
    services: dict[str, int] = {}
    service_evidence: dict[str, str] = {}
    for i, row in enumerate(rows):
        labels = [(j, c) for j, c in enumerate(row) if c and not is_value(c)]
        values = [(j, c) for j, c in enumerate(row) if c and is_value(c)]
        if len(labels) == 1 and not values and (kind := title_of(labels[0][1])):
            block, services = kind, {}
            continue

        if is_figures_row(row) and len(values) >= 2:
            header, header_title = _header_block(rows, i)
            if header:
                _read_horizontal(header, values, out, header_title or block, exact)
            continue

        # Vertical table: "label | figure" rows.
        if len(labels) == 1 and len(values) == 1 and labels[0][0] < values[0][0]:
            label, cell = labels[0][1], values[0][1]
            kind = block or "decisions"
            if key := _classify(label, DECISION_LABELS):
                out.put("decisions", key, _value(cell), _source("decisions", [label], cell))
                block = "decisions"
            elif key := _classify(label, REMEDIED_LABELS):
                out.put("remedied", key, _value(cell), _source("remedied", [label], cell))
                block = "remedied"
            elif key := _classify(label, COMPLIANCE_LABELS):
                out.put("compliance", key, _value(cell), _source("compliance", [label], cell))
            elif TOTAL.match(fold(label)):
                if kind == "decisions":
                    out.put("decisions", "total", _value(cell), _source(kind, [label], cell))
                elif kind == "received" and services:
                    services["Total"] = _value(cell)
                    service_evidence["Total"] = _source(kind, [label], cell)
                    _put_received(out, services, service_evidence)
                    services, block = {}, None
            elif kind == "received":
                number = _value(cell)
                if isinstance(number, int) and "%" not in cell:
                    services[label] = number
                    service_evidence[label] = _source(kind, [label], cell)


def _put_received(out: TableData, services: dict, evidence: dict) -> None:
    if out.received:
        return
    out.received = dict(services)
    for name in services:
        out.evidence[f"received.{name}"] = evidence[name]


def _read_horizontal(header, values, out: TableData, title: str | None, exact: bool) -> None:
    paths = _paths(_resolve_spans(header) if not exact else header)
    pairs = _pair(paths, values, exact)

    def kinds(table):
        found = {}
        for j, path in paths.items():
            key = _classify(path[-1], table) or _classify(" ".join(path), table)
            if key:
                found[j] = key
        return found

    decisions, remedied, compliance = (
        kinds(DECISION_LABELS),
        kinds(REMEDIED_LABELS),
        kinds(COMPLIANCE_LABELS),
    )
    totals = [j for j, path in paths.items() if TOTAL.match(fold(path[-1]))]
    if len(decisions) >= 3:
        section, names = "decisions", {**decisions, **{j: "total" for j in totals[-1:]}}
    elif remedied or compliance:
        section, names = "remedied", remedied
    else:
        section = None
    if section is not None:
        if pairs is None:
            out.unaligned.add(section)
            return
        for j, cell in pairs:
            if j in names:
                out.put(section, names[j], _value(cell), _source(section, paths[j], cell))
            elif j in compliance:  # compliance columns sometimes share the row
                out.put(
                    "compliance", compliance[j], _value(cell), _source("compliance", paths[j], cell)
                )
        return
    if pairs is None or out.received or not (totals or title == "received"):
        return
    services, evidence = {}, {}
    for j, cell in pairs:
        number = _value(cell)
        if not isinstance(number, int) or "%" in cell:
            return
        name = "Total" if j in totals else paths[j][-1]
        services[name], evidence[name] = number, _source("received", [paths[j][-1]], cell)
    if len(services) == len(paths):  # every named column has its figure
        _put_received(out, services, evidence)


def read_text_tables(text: str, out: TableData, *, layout_only: bool = False) -> None:
    """Tables from text: tab-separated rows, 'label figure' lines and fixed-width layout.
    Text with tabs is read by its tabs first; layout text by its columns first."""
    readers = [text_rows, layout_rows] if "\t" in text else [layout_rows, text_rows]
    if layout_only:
        readers = [layout_rows]
    for reader in readers:
        found = TableData()
        read_rows(reader(text), found)
        out.merge(found)


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

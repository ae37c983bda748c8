"""Reading the 2014-2018 tables ("Complaints and enquiries received", "Decisions made",
"Complaints remedied") from rows of cells.

Rows come either from pdfplumber's table extraction (real ruled tables in a PDF) or from
text lines split on tabs / wide gaps (text extracts). Two layouts are understood:

* horizontal: a row of labels followed by a row of figures. Labels are paired with figures
  in order when the counts agree (extraction often shifts empty cells, and notes get
  interleaved with the labels); otherwise by column position.
* vertical: one "label  figure" pair per row.
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

DECISION_LABELS = [
    ("incomplete_or_invalid", re.compile(r"incomplete\s*(?:or|/|&|and)?\s*invalid")),
    ("advice_given", re.compile(r"advice\s*given|^advice$")),
    ("referred_back", re.compile(r"referred\s*back")),
    ("closed_after_initial_enquiries", re.compile(r"closed\s*after\s*initial")),
    ("not_upheld", re.compile(r"^not\s*upheld$")),
    ("upheld", re.compile(r"^upheld$")),
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


def _key(label: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z%/ ]", " ", label.lower())).strip()


def _classify(label: str, table: list) -> str | None:
    key = _key(label)
    for name, pattern in table:
        if pattern.search(key):
            return name
    return None


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
    warnings: list = field(default_factory=list)

    def merge(self, other: TableData) -> None:
        """Fill what is missing from ``other`` (self wins)."""
        for name in ("decisions", "remedied", "compliance"):
            mine = getattr(self, name)
            for key, value in getattr(other, name).items():
                mine.setdefault(key, value)
        if not self.received and other.received:
            self.received = dict(other.received)
        for warning in other.warnings:
            if warning not in self.warnings:
                self.warnings.append(warning)

    @property
    def found(self) -> bool:
        return bool(self.decisions or self.remedied or self.received or self.compliance)


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


def _pair(labels, values, wanted_idx):
    """Pair label cells with value cells. ``wanted_idx``: label positions we need."""
    if len(wanted_idx) == len(values):
        return list(zip(wanted_idx, (v for _, v in values), strict=True))
    if len(labels) == len(values):
        by_label = {idx: v for (idx, _), (_, v) in zip(labels, values, strict=True)}
        return [(i, by_label[i]) for i in wanted_idx]
    by_column = dict(values)
    pairs = [(i, by_column[i]) for i in wanted_idx if i in by_column]
    return pairs if len(pairs) == len(wanted_idx) else None


def read_rows(rows: list[list[str]], out: TableData, *, received_context: bool) -> None:
    """Read every table found in ``rows`` into ``out`` (first reading of a figure wins).

    Cells must already be clean single-line strings (``text.clean_cell``)."""
    block = None  # current vertical block: "decisions" / "remedied" / "received"
    received_open = False
    services: dict[str, int] = {}
    for i, row in enumerate(rows):
        labels = [(j, c) for j, c in enumerate(row) if c and not is_value(c)]
        values = [(j, c) for j, c in enumerate(row) if c and is_value(c)]
        joined = _key(" ".join(c for c in row if c))
        if "received" in joined and ("complaint" in joined or "enquir" in joined) and not values:
            received_open, block = True, "received"
            services = {}
        if "decisions" in joined and "made" in joined and not values:
            received_open = False
            block = "decisions"

        # Horizontal table: a label row followed by a figures row.
        if len(labels) >= 2 and not values:
            nxt = next((r for r in rows[i + 1 : i + 3] if any(r)), None)
            if nxt is None:
                continue
            nxt_labels = [c for c in nxt if c and not is_value(c)]
            nxt_values = [(j, c) for j, c in enumerate(nxt) if c and is_value(c)]
            if nxt_labels or not nxt_values:
                continue
            _read_horizontal(labels, nxt_values, out, received_context or received_open)
            continue

        # Vertical table: "label | figure" rows.
        if len(labels) == 1 and len(values) == 1 and labels[0][0] < values[0][0]:
            label, value = labels[0][1], values[0][1]
            if key := _classify(label, DECISION_LABELS):
                out.decisions.setdefault(key, _value(value))
                block = "decisions"
            elif key := _classify(label, REMEDIED_LABELS):
                out.remedied.setdefault(key, _value(value))
                block = "remedied"
            elif key := _classify(label, COMPLIANCE_LABELS):
                out.compliance.setdefault(key, _value(value))
            elif TOTAL.match(_key(label)):
                if block == "decisions":
                    out.decisions.setdefault("total", _value(value))
                elif block == "received" and services:
                    services["Total"] = _value(value)
                    if not out.received:
                        out.received = services
                    services, block, received_open = {}, None, False
            elif block == "received" and received_open:
                number = _value(value)
                if isinstance(number, int) and "%" not in value:
                    services[label] = number


def _read_horizontal(labels, values, out: TableData, received_context: bool) -> None:
    decision_idx = [(j, k) for j, c in labels if (k := _classify(c, DECISION_LABELS))]
    remedied_idx = [(j, k) for j, c in labels if (k := _classify(c, REMEDIED_LABELS))]
    compliance_idx = [(j, k) for j, c in labels if (k := _classify(c, COMPLIANCE_LABELS))]
    total_idx = [j for j, c in labels if TOTAL.match(_key(c))]

    if len(decision_idx) >= 3:
        wanted = decision_idx + [(j, "total") for j in total_idx[-1:]]
        wanted.sort()
        pairs = _pair(labels, values, [j for j, _ in wanted])
        if pairs is None:
            out.warnings.append(
                "The 'Decisions made' table could not be lined up with its figures, so it was "
                "not read."
            )
            return
        names = dict(wanted)
        for j, cell in pairs:
            out.decisions.setdefault(names[j], _value(cell))
        # compliance columns sometimes share the row
        for j, key in compliance_idx:
            for jj, cell in pairs:
                if jj == j:
                    out.compliance.setdefault(key, _value(cell))
        return
    if remedied_idx or compliance_idx:
        wanted = sorted(remedied_idx + compliance_idx)
        pairs = _pair(labels, values, [j for j, _ in wanted])
        if pairs is None:
            out.warnings.append(
                "The 'Complaints remedied' table could not be lined up with its figures, so it "
                "was not read."
            )
            return
        names = dict(wanted)
        kinds = {j: ("remedied" if j in dict(remedied_idx) else "compliance") for j, _ in wanted}
        for j, cell in pairs:
            getattr(out, kinds[j]).setdefault(names[j], _value(cell))
        return
    if (total_idx or received_context) and len(labels) == len(values) and not out.received:
        received = {}
        for (_, label), (_, cell) in zip(labels, values, strict=True):
            number = _value(cell)
            if not isinstance(number, int) or "%" in cell:
                return
            received["Total" if TOTAL.match(_key(label)) else label] = number
        if received_context or "Total" in received:
            out.received = received


def read_text_tables(text: str, out: TableData, *, layout_only: bool = False) -> None:
    """Tables from text: tab-separated rows, 'label figure' lines and fixed-width layout.
    Text with tabs is read by its tabs first; layout text by its columns first."""
    readers = [text_rows, layout_rows] if "\t" in text else [layout_rows, text_rows]
    if layout_only:
        readers = [layout_rows]
    for reader in readers:
        found = TableData()
        read_rows(reader(text), found, received_context=False)
        out.merge(found)


_WORD = re.compile(r"\S+")
_TOKEN = re.compile(r"\S+(?: \S+)*")
_LAYOUT_TOLERANCE = 1
_SPANNING = {
    "detailed",
    "investigations",
    "notes",
    "complaint",
    "complaints",
    "remedied",
}  # headings spanning several columns
_HEADING = re.compile(
    r"^\s*(?:complaints\s+and\s+enquiries\s+received|decisions\s+made|complaints?\s*remedied"
    r"|local authority report|for the period ending)\b",
    re.I,
)


def layout_rows(text: str) -> list[list[str]]:
    """Rows from fixed-width layout text (``pdftotext -layout``, pdfplumber's layout text).

    Header cells there wrap over several lines and sit in columns; each line of figures
    gives the columns (where its figures start) and the label lines just above it are
    split word by word into those columns. Yields pairs of rows: labels, figures.
    """
    lines = text.split("\n")
    rows: list[list[str]] = []
    for i, line in enumerate(lines):
        tokens = [(m.start(), m.group(0)) for m in _TOKEN.finditer(line)]
        if len(tokens) < 2 or not all(is_value(t) for _, t in tokens):
            continue
        starts = [s for s, _ in tokens]
        header: list[str] = []
        j = i - 1
        while j >= 0 and not lines[j].strip():  # blank lines between header and figures
            j -= 1
        while j >= 0 and lines[j].strip() and len(header) < 8:
            above = [t for t in _TOKEN.findall(lines[j])]
            if _HEADING.match(lines[j]) or all(is_value(t) for t in above):
                break
            header.insert(0, lines[j])
            j -= 1
        if not header:
            continue
        labels = [[] for _ in starts]
        for head in header:
            for word in _WORD.finditer(head):
                if word.group(0).lower() in _SPANNING:
                    continue
                column = None
                for k, start in enumerate(starts):
                    if start <= word.start() + _LAYOUT_TOLERANCE:
                        column = k
                if column is not None and word.start() >= starts[0] - _LAYOUT_TOLERANCE:
                    # a word far right of its column's start but left of the next column
                    labels[column].append(word.group(0))
        label_row = [" ".join(words) for words in labels]
        if sum(1 for c in label_row if c) < 2:
            continue
        rows.append([])
        rows.append(label_row)
        rows.append([t for _, t in tokens])
        rows.append([])
    return rows

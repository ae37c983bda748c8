"""Reading the 2014-2018 tables ("Complaints and enquiries received", "Decisions made",
"Complaints remedied") by their structure.

A table is a grid: rows of cells. Above each row of figures sit one or more header rows. A
header cell may span sub-columns ("Detailed Investigations" over "Not Upheld" and "Upheld"):
pdfplumber leaves ``None`` beside it, text extracts leave the cells empty; the sub-columns'
names are in the header row below. Each column's header path ("Detailed Investigations >
Upheld") is resolved, its words folded (case, spacing, line breaks, hyphenation,
apostrophes) and classified, and the figures row is matched to the resolved columns. Every
figure read keeps its evidence: "Decisions made > Detailed Investigations > Upheld: 43".

Grids come from the ruled tables (``lattice`` and ``pdf.py`` fill the spans from the cells'
geometry), from text split on tabs or wide gaps, and from fixed-width layout text
(``text_grids``). A table laid out vertically ("label | figure" per row) is read too. What
a cell says (a figure, a header's column, a heading) is ``table_cells``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .table_cells import (
    COMPLIANCE_LABELS,
    DECISION_LABELS,
    REMEDIED_LABELS,
    TOTAL,
    cell_value,
    classify,
    fold,
    is_figures_row,
    is_value,
    title_of,
)
from .text_grids import layout_rows, text_rows

MAX_HEADER_ROWS = 4

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
            if key := classify(label, DECISION_LABELS):
                out.put("decisions", key, cell_value(cell), _source("decisions", [label], cell))
                block = "decisions"
            elif key := classify(label, REMEDIED_LABELS):
                out.put("remedied", key, cell_value(cell), _source("remedied", [label], cell))
                block = "remedied"
            elif key := classify(label, COMPLIANCE_LABELS):
                out.put("compliance", key, cell_value(cell), _source("compliance", [label], cell))
            elif TOTAL.match(fold(label)):
                if kind == "decisions":
                    out.put("decisions", "total", cell_value(cell), _source(kind, [label], cell))
                elif kind == "received" and services:
                    services["Total"] = cell_value(cell)
                    service_evidence["Total"] = _source(kind, [label], cell)
                    _put_received(out, services, service_evidence)
                    services, block = {}, None
            elif kind == "received":
                number = cell_value(cell)
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
            key = classify(path[-1], table) or classify(" ".join(path), table)
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
                out.put(section, names[j], cell_value(cell), _source(section, paths[j], cell))
            elif j in compliance:  # compliance columns sometimes share the row
                out.put(
                    "compliance",
                    compliance[j],
                    cell_value(cell),
                    _source("compliance", paths[j], cell),
                )
        return
    if pairs is None or out.received or not (totals or title == "received"):
        return
    services, evidence = {}, {}
    for j, cell in pairs:
        number = cell_value(cell)
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

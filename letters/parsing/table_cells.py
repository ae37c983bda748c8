"""What a cell of a 2014-2018 table says: a figure (``is_value``; ``cell_value`` reads it,
"n/a" and "-" as nothing) or words. Words are folded for matching (``fold``: case,
spacing, line breaks, hyphenation, apostrophes) and classified: the decision, remedy or
compliance column a header names (``classify`` with ``DECISION_LABELS``,
``REMEDIED_LABELS`` or ``COMPLIANCE_LABELS``), a total, or a table's heading
(``title_of``). A row is a figures row when every filled cell is a figure.
"""

from __future__ import annotations

import re

from .text import to_number

_VALUE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?%?$|^n/?a$|^-$", re.I)

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


def fold(label: str) -> str:
    """A header's words for matching: lower case, apostrophes and hyphenation folded,
    punctuation and line breaks as single spaces."""
    text = label.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)
    text = re.sub(r"[^a-z%/ ]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def classify(label: str, table: list) -> str | None:
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


def cell_value(cell: str):
    if cell == "-" or cell.lower().replace("/", "") == "na":
        return None
    return to_number(cell.replace("%", "").strip())


def is_figures_row(row: list[str]) -> bool:
    filled = [c for c in row if c]
    return bool(filled) and all(is_value(c) for c in filled)

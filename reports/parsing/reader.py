"""The report's text as a token stream, and the bookkeeping every section reader shares:
figures observed (with where they were seen), figures per year and warnings."""

from __future__ import annotations

import re
from collections import defaultdict

from core.periods import label_of
from letters.parsing.grammar.key_statistics import WORD_NUMBERS
from letters.parsing.text import flatten, normalise, to_number

from .result import ParsedCouncilReport, YearFigures

NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
COUNT = rf"(?:{NUMBER}|{WORD_NUMBERS})"
# A figure a pattern begins with, tried only where no earlier start could read the same: a
# run of digits (or of "111,111,...") was otherwise read to its end from each of its digits.
# "\d+" starts after no digit; "1,234"-style from the start of its digits, or three digits
# before a comma in a longer run ("1234,567" gives 234,567, as before), or right after
# "digit," unless three digits follow (a group the figure before it already reads).
NUMBER_FIRST = (
    r"(?:(?<!\d)(?<!\d,)|(?<=\d)(?=\d{3},)|(?<=\d,)(?!\d{3}(?!\d)))\d{1,3}(?:,\d{3})+"
    r"|(?<!\d)\d+"
)
# (The words behind a one-letter look-ahead: a digit is not tried against each of them.)
COUNT_FIRST = rf"(?:{NUMBER_FIRST}|(?=[nzoteftsNZOTEFTS])(?:{WORD_NUMBERS}))"
YEAR = r"20\d\d\s?[-/]\s?(?:20)?\d\d"
VALUE_TOKEN = re.compile(r"^(?:-?\d[\d,]*(?:\.\d+)?\s?%?|-|n/?a|\d+\*?\s*\+\s*\d+\*?)$", re.I)
# A bookmark runs to the first "]" (or the line's end): when one is not closed, none before
# that end is, so the whole run is taken (without its "]") and put back.
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*(\])?", re.I)

FIELD_NAMES = {
    "total_complaints": "the total number of complaints",
    "stage_1": "the number of stage 1 complaints",
    "stage_2": "the number of complaints escalated to stage 2",
    "independent_investigator": "the number of complaints escalated to the independent "
    "investigator (stage 3)",
    "ombudsman": "the number of complaints to the Ombudsman",
    "ombudsman_investigated": "the number of Ombudsman investigations",
    "ombudsman_upheld": "the number of complaints the Ombudsman upheld",
    "resolved_at_stage_1_percent": "the share resolved at stage 1",
    "in_target_percent": "the share answered within target",
    "compliments": "the number of compliments",
    "independent_investigator_partially_upheld": "the number of independent investigator "
    "complaints partially upheld",
    "independent_investigator_upheld": "the number of independent investigator complaints "
    "wholly upheld",
}


def strip_bookmarks(text: str) -> str:
    """Without Word's "[bookmark: ...]" marks."""
    return _BOOKMARK.sub(lambda m: "" if m[1] else m[0], text)


def format_figure(value) -> str:
    """A figure as a warning prints it: ``12`` and ``12.5``, never ``12.0``."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def whole_number(token: str | None) -> int | None:
    """``token`` ("1,234", "two") as an int; None when it is not a whole number."""
    if token is None:
        return None
    value = to_number(token)
    return value if isinstance(value, int) else None


class ReportReader:
    """One report being read: its text, lines and tokens, the report built so far, the
    figures observed per (year, name) and the warnings, in the order they were raised."""

    def __init__(self, raw: str):
        text = strip_bookmarks(normalise(raw))
        self.text = text
        self.raw_lines = text.split("\n")
        self.tokens: list[str] = []
        for line in self.raw_lines:
            token = re.sub(r"\s+", " ", line).strip()
            if not token:
                continue
            parts = token.split(" ")
            if (
                len(parts) > 1
                and label_of(parts[0])
                and all(VALUE_TOKEN.match(p) for p in parts[1:])
            ):
                self.tokens.extend(parts)  # a table row printed on one line
            else:
                self.tokens.append(token)
        self.flat = flatten(text)
        self.report = ParsedCouncilReport(text=text)
        self.warnings: list[str] = []
        self.observed: dict[tuple[str, str], list[tuple[object, str]]] = defaultdict(list)
        self.years: dict[str, YearFigures] = {}

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def observe(self, year: str | None, name: str, value, where: str) -> None:
        if year is None or value is None:
            return
        self.observed[(year, name)].append((value, where))
        self.year(year)

    def year(self, year: str) -> YearFigures:
        if year not in self.years:
            self.years[year] = YearFigures(year=year)
        return self.years[year]

    def year_tables(self):
        """(headers, tokens before the headers, rows, index) for every run of rows that
        start with a year."""
        tokens, i = self.tokens, 0
        while i < len(tokens):
            if not label_of(tokens[i]) or (i and VALUE_TOKEN.match(tokens[i - 1])):
                i += 1
                continue
            n = 0
            while i + 1 + n < len(tokens) and VALUE_TOKEN.match(tokens[i + 1 + n]):
                n += 1
            if n == 0:
                i += 1
                continue
            rows, j = [], i
            while (
                j + n < len(tokens)
                and label_of(tokens[j])
                and all(VALUE_TOKEN.match(t) for t in tokens[j + 1 : j + 1 + n])
            ):
                rows.append((label_of(tokens[j]), tokens[j + 1 : j + 1 + n]))
                j += n + 1
            before = tokens[max(0, i - n - 3) : i]
            headers = before[-n:] if len(before) >= n else []
            rest = before[: -n or None] if headers else before
            yield headers, rest, rows, i
            i = max(j, i + 1)

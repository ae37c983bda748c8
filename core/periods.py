"""Reporting years: the Ombudsman's (and councils') year runs from 1 April to 31 March. The
pages and the database name a year by its end year (2024); people name it "2023-24".

    ReportingYear(2024).label          -> "2023-24"
    ReportingYear(2024).start, .end    -> date(2023, 4, 1), date(2024, 3, 31)
    ReportingYear.from_label("2023/24") -> ReportingYear(2024)  ("2023-2024" too)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# The Ombudsman changed how it investigates in 2022-23 (end year 2023): uphold rates before
# and after are not strictly comparable.
METHOD_CHANGE_YEAR = 2023

_LABEL = re.compile(r"(20\d\d)\s?[-/]\s?((?:20)?\d\d)")


@dataclass(frozen=True, order=True)
class ReportingYear:
    end_year: int

    @classmethod
    def from_label(cls, text: str) -> ReportingYear | None:
        """'2019-20', '2019/20' or '2019-2020' -> the year ending in 2020; None for anything
        else (including '2019-21', which is not one year)."""
        m = _LABEL.fullmatch(text.strip())
        if not m or (int(m[1]) + 1) % 100 != int(m[2][-2:]):
            return None
        start = int(m[1])
        return cls(start + 1)

    @property
    def label(self) -> str:
        return year_label(self.end_year)

    @property
    def start(self) -> date:
        return date(self.end_year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.end_year, 3, 31)

    @property
    def previous(self) -> ReportingYear:
        return ReportingYear(self.end_year - 1)

    def __str__(self) -> str:
        return self.label


def label_of(text: str) -> str | None:
    """'2019/20', '2019-2020' -> '2019-20' (the one spelling); None if not a year."""
    year = ReportingYear.from_label(text)
    return year.label if year else None


def year_label(end_year: int) -> str:
    """2024 -> '2023-24'."""
    return f"{end_year - 1}-{end_year % 100:02d}"

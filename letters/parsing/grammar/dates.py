"""Dates as letters print them ('18 July 2018', 'July 18, 2018', '2018-07-18', '18/07/2018'),
read into ``date`` by ``parse_date``, and the wordings that give the reporting period ("the
year ending 31 March 2023", "between 1 April 2022 and 31 March 2023").
"""

from __future__ import annotations

import re
from datetime import date

from .anchored import anchored

I = re.I  # noqa: E741 - short alias used in many patterns below


MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4})"
)
DATE_RE = re.compile(rf"(?<![\d/.-]){DATE}(?![\d/-])", I)
_DMY_WORDS = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})", I)
_MDY_WORDS = re.compile(rf"({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", I)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_NUM = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def parse_date(token: str) -> date | None:
    """'18 July 2018', 'July 18, 2018', '2018-07-18', '18/07/2018' -> date (None if invalid)."""
    token = token.strip()
    try:
        if m := _DMY_WORDS.fullmatch(token):
            return date(int(m[3]), MONTHS[m[2][:3].lower()], int(m[1]))
        if m := _MDY_WORDS.fullmatch(token):
            return date(int(m[3]), MONTHS[m[1][:3].lower()], int(m[2]))
        if m := _ISO.fullmatch(token):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY_NUM.fullmatch(token):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except (ValueError, OverflowError):
        return None
    return None


PERIOD_RANGE = anchored(
    rf"(?:between|from)\s+(?P<start>{DATE})\s+(?:to|and|until|-)\s+(?P<end>{DATE})",
    I,
    "between",
    "from",
    reach=0,
)
PERIOD_END = anchored(
    rf"(?:year|period|twelve months|12 months|reporting year)\s+(?:ended|ending|to)\s*:?\s*"
    rf"(?:on\s+)?(?P<end>{DATE})",
    I,
    "ended",
    "ending",
    "year to",
    "period to",
    "months to",
    reach=20,
)

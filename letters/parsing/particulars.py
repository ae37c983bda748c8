"""The letter's particulars: the council it is about (``council_named``: from the "Local
Authority Report:" heading, the address block above "Dear ...", a statistics page's
heading, or "Adjusted for X's population"), the date it is dated (from the address block)
and the reporting period its statistics cover (its end, and its start or the twelve months
before that end).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .grammar.dates import DATE_RE, PERIOD_END, PERIOD_RANGE, parse_date
from .grammar.names import ADJUSTED_FOR, COUNCIL_NAME, LOCAL_AUTHORITY_REPORT, TITLES
from .reading import Reading, sentence

_HEADER_LINES = 40


def _header(text: str, salutation: re.Match | None) -> list[str]:
    head = text[: salutation.start()] if salutation else ""
    return [line.strip() for line in head.split("\n") if line.strip()]


def council_named(text: str, flat: str, salutation: re.Match | None) -> tuple[str, str] | None:
    """The council's name as printed, and the line it was read from."""
    if (m := LOCAL_AUTHORITY_REPORT.search(text)) and (name := _clean_council(m["name"], None)):
        return name, m.group(0).strip()
    person = salutation["name"].strip() if salutation else None
    for line in _header(text, salutation)[-_HEADER_LINES:]:
        if "ombudsman" in line.lower():
            continue
        if (m := COUNCIL_NAME.search(line)) and (name := _clean_council(m.group(0), person)):
            return name, line
    if not salutation:  # a statistics web page: the council's name is the heading
        lines = [line.strip() for line in text.split("\n") if line.strip()][:6]
        for line in lines:
            if (m := COUNCIL_NAME.search(line)) and (name := _clean_council(m.group(0), None)):
                return name, line
    if m := ADJUSTED_FOR.search(flat):
        name = _clean_council(m["name"], None)
        if name and COUNCIL_NAME.fullmatch(name):
            return name, sentence(flat, m.start(), m.end())
    return None


def _clean_council(candidate: str, person: str | None) -> str | None:
    name = re.sub(r"\s+", " ", candidate).strip(" \t,;:.-")
    if person:
        words = [w for w in re.split(r"\s+", person) if w]
        for w in words:
            if name.startswith(w + " "):
                name = name[len(w) + 1 :]
    titles = list(TITLES.finditer(name))
    last = titles[-1] if titles else None
    if last is not None and last.end() < len(name):
        tail = name[last.end() :].strip(" ,&")
        if COUNCIL_NAME.fullmatch(tail):
            name = tail
    m = COUNCIL_NAME.search(name)
    return m.group(0).strip() if m else None


def read_letter_date(text: str, salutation: re.Match | None, read: Reading) -> None:
    """The letter's date from its address block: a date on a line of its own (three words
    beside it at most), else the first date there."""
    lines = _header(text, salutation)
    for line in lines:
        for m in DATE_RE.finditer(line):
            rest = (line[: m.start()] + line[m.end() :]).strip(" \t:,-")
            rest = re.sub(r"^(?:date|dated)\b", "", rest, flags=re.I).strip(" :")
            if len(rest.split()) <= 3 and (day := parse_date(m.group(0))):
                read.set("letter_date", day, line)
                return
    for line in lines:
        for m in DATE_RE.finditer(line):
            if day := parse_date(m.group(0)):
                read.set("letter_date", day, line)
                return


def read_period(read: Reading, warnings: list[str]) -> None:
    """The reporting period: its end ("year ending ...", else a range's end), its start from
    a range that ends on the same day, else the twelve months to its end."""
    flat = read.flat
    end = start = None
    source = None
    if m := PERIOD_END.search(flat):
        end, source = parse_date(m["end"]), m
    rng = PERIOD_RANGE.search(flat)
    if rng:
        r_start, r_end = parse_date(rng["start"]), parse_date(rng["end"])
        if end is None:
            end, source = r_end, rng
        if r_end == end:
            start = r_start
            read.set("period_start", start, rng)
        elif r_end is not None:
            warnings.append(
                f"The letter's year ends on {end.isoformat()}, but its statistics cover the "
                f"period to {r_end.isoformat()}."
            )
    if end is not None:
        read.set("period_end", end, source)
        if start is None:  # a reporting year: the twelve months to its end
            read.set("period_start", _year_before(end), read.letter.evidence["period_end"])


def _year_before(end: date) -> date:
    try:
        anniversary = end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        anniversary = end.replace(year=end.year - 1, day=28)
    return anniversary + timedelta(days=1)

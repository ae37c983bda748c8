"""Read a council's own annual complaints report (text already extracted) into
``ParsedCouncilReport``.

How cells are read
------------------
* A cell printed ``-`` is a **recorded zero**: the report uses ``-`` for "none" (the stage 2
  column has ``-`` where a service had no escalations, and the independent investigator's
  outcome table prints ``-`` for "wholly upheld" in 2019-20 while the text says only 2 were
  partially upheld). The figure is stored as ``0`` and the column name is listed in
  ``printed_as_dash`` so a reader can always see it was a dash.
* A negative count (the ``-8`` compliments cell) is not a count: stored as ``None`` with a
  warning, never as a negative number and never "corrected" to 8.
* A percentage above 100 is stored as ``None`` with a warning.
* Nothing is derived by guesswork: a figure the report does not print stays ``None``.

Figures the report states twice (summary text, tables, chart data) are compared; each
disagreement becomes a plain-English warning and the first statement (summary text, then
tables, then charts) is kept. The charts are taken to show the report's own year (the year
in its title or summary heading), as their figures do in the reports seen.
"""

from __future__ import annotations

import re
from collections import defaultdict

from core.periods import ReportingYear, label_of

from .. import grammar as g
from ..text import flatten, normalise, to_number
from . import errors
from .areas import ombudsman_area
from .errors import LetterParseError
from .result import (
    OmbudsmanCases,
    OmbudsmanDecision,
    ParsedCouncilReport,
    ServiceYear,
    YearFigures,
)

N = r"\d{1,3}(?:,\d{3})+|\d+"
COUNT = rf"(?:{N}|{g.WORD_NUMBERS})"
YEAR = r"20\d\d\s?[-/]\s?(?:20)?\d\d"
_YEAR_TOKEN = re.compile(rf"^({YEAR})$")
_VALUE_TOKEN = re.compile(r"^(?:-?\d[\d,]*(?:\.\d+)?\s?%?|-|n/?a|\d+\*?\s*\+\s*\d+\*?)$", re.I)
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]", re.I)

SERVICE_COLUMNS = [
    ("complaints", re.compile(r"^(?:total|total complaints?|complaints? total|all complaints)$")),
    ("stage_2", re.compile(r"^stage (?:2|two)(?: complaints?)?$")),
    (
        "independent_investigator",
        re.compile(
            r"^(?:ici|independent (?:complaints? )?investigator|stage (?:3|three))"
            r"(?: complaints?)?$"
        ),
    ),
    (
        "in_target_percent",
        re.compile(r"^(?:% )?(?:complaints? )?(?:in|within) (?:target|time)(?: %)?$"),
    ),
    ("multi_service", re.compile(r"^multi-? ?service(?: complaints?)?$")),
    ("compliments", re.compile(r"^compliments?(?: received)?$")),
]
PERCENT_FIELDS = {"in_target_percent"}

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


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


class _Reader:
    def __init__(self, raw: str):
        text = _BOOKMARK.sub("", normalise(raw))
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
                and all(_VALUE_TOKEN.match(p) for p in parts[1:])
            ):
                self.tokens.extend(parts)  # a table row printed on one line
            else:
                self.tokens.append(token)
        self.flat = flatten(text)
        self.report = ParsedCouncilReport(text=text)
        self.warnings: list[str] = []
        self.observed: dict[tuple[str, str], list[tuple[object, str]]] = defaultdict(list)
        self.years: dict[str, YearFigures] = {}

    # ------------------------------------------------------------------ bookkeeping

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

    # ------------------------------------------------------------------ tables

    def year_tables(self):
        """(headers, label, heading, rows) for every run of rows that start with a year."""
        tokens, i = self.tokens, 0
        while i < len(tokens):
            if not label_of(tokens[i]) or (i and _VALUE_TOKEN.match(tokens[i - 1])):
                i += 1
                continue
            n = 0
            while i + 1 + n < len(tokens) and _VALUE_TOKEN.match(tokens[i + 1 + n]):
                n += 1
            if n == 0:
                i += 1
                continue
            rows, j = [], i
            while (
                j + n < len(tokens)
                and label_of(tokens[j])
                and all(_VALUE_TOKEN.match(t) for t in tokens[j + 1 : j + 1 + n])
            ):
                rows.append((label_of(tokens[j]), tokens[j + 1 : j + 1 + n]))
                j += n + 1
            before = tokens[max(0, i - n - 3) : i]
            headers = before[-n:] if len(before) >= n else []
            rest = before[: -n or None] if headers else before
            yield headers, rest, rows, i
            i = max(j, i + 1)

    def read_tables(self) -> None:
        for headers, rest, rows, _ in self.year_tables():
            lows = [h.lower() for h in headers]
            columns = self._service_columns(lows)
            if columns:
                self._service_table(columns, rest, rows)
            elif _all(lows, r"received|enquir", r"investigated", r"upheld") and len(lows) == 3:
                for year, cells in rows:
                    where = "the table of Ombudsman cases by year"
                    for name, cell in zip(
                        ("ombudsman", "ombudsman_investigated", "ombudsman_upheld"),
                        cells,
                        strict=True,
                    ):
                        self.observe(year, name, self._count(cell, year, name), where)
            elif _all(lows, r"partially upheld", r"(?:wholly|fully)? ?upheld") and len(lows) == 2:
                for year, cells in rows:
                    where = "the table of independent investigator outcomes"
                    for name, cell in zip(
                        (
                            "independent_investigator_partially_upheld",
                            "independent_investigator_upheld",
                        ),
                        cells,
                        strict=True,
                    ):
                        self.observe(year, name, self._sum_cell(cell, year, name), where)
            elif lows and all(  # noqa: SIM102
                re.search(
                    r"e-?mail|\bweb|online|tele?phone|\bphone|face to face|in person|letter"
                    r"|social media|\btext\b|post",
                    h,
                )
                for h in lows
            ):
                if all(c.endswith("%") for _, cells in rows for c in cells):
                    for year, cells in rows:
                        target = self.year(year).channels_percent
                        for name, cell in zip(headers, cells, strict=True):
                            target[name] = to_number(cell.rstrip("%").strip())
                        total = sum(v for v in target.values() if v is not None)
                        if abs(total - 100) > len(target) / 2:
                            self.warn(
                                f"{year}: the shares of complaints by channel add up to "
                                f"{_fmt(total)}%, not 100%"
                            )

    def _service_columns(self, lows: list[str]) -> list[str] | None:
        found = []
        for h in lows:
            name = next((n for n, p in SERVICE_COLUMNS if p.match(h)), None)
            if name is None or name in found:
                return None
            found.append(name)
        if "complaints" not in found or len(found) < 2:
            return None
        return found

    def _service_table(self, columns: list[str], rest: list[str], rows) -> None:
        label = rest[-1] if rest else None
        heading = rest[-2] if len(rest) >= 2 else None
        if label and (label_of(label) or _VALUE_TOKEN.match(label)):
            label = None
        if heading and not _plausible_heading(heading):
            heading = None
        service = heading or label
        if not service:
            self.warn("A table of service figures has no service name; it was left out")
            return
        kind = "service"
        if "multi_service" not in columns and re.search(r"multi-? ?service", service, re.I):
            kind = "multi-service"
        area = None if kind != "service" else (ombudsman_area(heading) or None)
        if area is None and kind == "service" and not heading:
            area = ombudsman_area(label)
        for year, cells in rows:
            row = ServiceYear(
                service=service,
                year=year,
                ombudsman_service_area=area,
                table_label=label if label and label != service else None,
                kind=kind,
            )
            for name, cell in zip(columns, cells, strict=True):
                value = self._cell(cell, name, f"{service}, {year}", row)
                setattr(row, name, value)
            self.report.services.append(row)

    def _cell(self, cell: str, name: str, where: str, row: ServiceYear):
        column = name.replace("_percent", "").replace("_", " ")
        if cell == "-":
            row.printed_as_dash.append(name)
            return 0
        if cell.lower() in ("n/a", "na"):
            return None
        is_pct = cell.endswith("%")
        value = to_number(cell.rstrip("%").strip())
        if value is None:
            self.warn(f'{where}: {column} printed as "{cell}" could not be read; left blank')
            return None
        if value < 0:
            self.warn(
                f'{where}: {column} is printed as "{cell}"; a count cannot be negative, '
                "so it was left blank (check the original report)"
            )
            return None
        if name in PERCENT_FIELDS:
            if value > 100:
                self.warn(f'{where}: {column} printed as "{cell}" is over 100%; left blank')
                return None
            return value
        if is_pct or not isinstance(value, int):
            self.warn(f'{where}: {column} printed as "{cell}" is not a count; left blank')
            return None
        return value

    def _count(self, cell: str, year: str, name: str) -> int | None:
        if cell == "-":
            return 0
        value = to_number(cell)
        if isinstance(value, int) and value >= 0:
            return value
        self.warn(f'{year}: {FIELD_NAMES.get(name, name)} printed as "{cell}" could not be read')
        return None

    def _sum_cell(self, cell: str, year: str, name: str) -> int | None:
        m = re.fullmatch(r"(\d+)(\*?)\s*\+\s*(\d+)(\*?)", cell)
        if not m:
            return self._count(cell, year, name)
        total = int(m[1]) + int(m[3])
        note = " (the starred part is explained in a note under the table)" if "*" in cell else ""
        self.warn(
            f'{year}: {FIELD_NAMES.get(name, name)} is printed as "{cell}"; recorded as '
            f"{total}{note}"
        )
        return total

    # ------------------------------------------------------------------ Ombudsman cases

    def read_ombudsman_cases(self, report_year: str | None) -> None:
        tokens = self.tokens
        for i, token in enumerate(tokens[:-2]):
            if not re.fullmatch(r"(?:department|service(?: area)?)", token, re.I):
                continue
            wanted = r"complaints received|no\.? of (?:complaints|cases)"
            if not re.search(wanted, tokens[i + 1], re.I):
                continue
            if not re.fullmatch(r"decisions?|outcomes?", tokens[i + 2], re.I):
                continue
            j, name_parts, rows = i + 3, [], []
            while j < len(tokens):
                token = tokens[j]
                if re.fullmatch(r"\d+", token) and name_parts:
                    case = OmbudsmanCases(department=" ".join(name_parts), received=int(token))
                    j += 1
                    while j < len(tokens) and (m := re.fullmatch(r"(\d+) ([A-Za-z].*)", tokens[j])):
                        case.decisions.append(OmbudsmanDecision(int(m[1]), m[2].strip()))
                        j += 1
                    rows.append(case)
                    name_parts = []
                    if re.fullmatch(r"total", case.department, re.I):
                        break
                    continue
                if len(name_parts) >= 2 or _VALUE_TOKEN.match(token) or len(token) > 90:
                    break
                name_parts.append(token)
                j += 1
            if not rows:
                continue
            total = rows[-1] if re.fullmatch(r"total", rows[-1].department, re.I) else None
            cases = rows[:-1] if total else rows
            for case in cases:
                case.ombudsman_service_area = ombudsman_area(case.department)
            self.report.ombudsman_cases = cases
            self.report.ombudsman_cases_total = total
            self.report.ombudsman_cases_year = report_year
            where = "the table of Ombudsman cases by department"
            received = sum(c.received or 0 for c in cases)
            upheld = sum(d.count for c in cases for d in c.decisions if _is_upheld(d.decision))
            if total is not None:
                if total.received != received:
                    self.warn(
                        f"The table of Ombudsman cases by department gives a total of "
                        f"{total.received}, but its rows add up to {received}"
                    )
                total_upheld = [d.count for d in total.decisions if _is_upheld(d.decision)]
                if total_upheld and total_upheld[0] != upheld:
                    self.warn(
                        f"The table of Ombudsman cases by department gives {total_upheld[0]} "
                        f"upheld in total, but its rows have {upheld}"
                    )
            for c in cases:
                decided = sum(d.count for d in c.decisions)
                if c.decisions and c.received is not None and decided != c.received:
                    self.warn(
                        f"Ombudsman cases for {c.department}: {c.received} received but the "
                        f"decisions listed add up to {decided}"
                    )
            self.observe(report_year, "ombudsman", received, where)
            self.observe(report_year, "ombudsman_upheld", upheld, where)
            return

    # ------------------------------------------------------------------ summary text

    def read_summary(self, y: str | None) -> None:
        flat = self.flat
        if y is None:
            return
        summary = "the summary"
        m = re.search(
            rf"In ({YEAR}),? the total number of complaints [^.]*?(?:\bby ({COUNT})\b[^.]*?)?"
            rf"\bfrom ({N}) to ({N})",
            flat,
            re.I,
        )
        if m:
            year = label_of(m[1]) or y
            prev, cur = _int(m[3]), _int(m[4])
            self.observe(year, "total_complaints", cur, summary)
            self.observe(_prev_year(year), "total_complaints", prev, summary)
            if m[2] and _int(m[2]) != abs(prev - cur):
                self.warn(
                    f"The summary says complaints changed by {m[2]} from {prev} to {cur}, "
                    f"but the difference is {abs(prev - cur)}"
                )
        m = re.search(
            rf"Of (?:those|these|the) ({N}) complaints,? ({N})% were resolved[^.]*?first stage"
            rf"(?:[^.]*\.\s*This compares with ({N})% in ({YEAR}),? and ({N})% in ({YEAR}))?",
            flat,
            re.I,
        )
        if m:
            self.observe(y, "stage_1", _int(m[1]), summary)
            self.observe(y, "resolved_at_stage_1_percent", _int(m[2]), summary)
            if m[3]:
                self.observe(label_of(m[4]), "resolved_at_stage_1_percent", _int(m[3]), summary)
                self.observe(label_of(m[6]), "resolved_at_stage_1_percent", _int(m[5]), summary)
        m = re.search(
            rf"({COUNT}) complaints were escalated to stage (?:two|2),? and a further ({COUNT}) "
            r"(?:were )?escalated to the Independent Complaints? Investigator",
            flat,
            re.I,
        )
        if m:
            self.observe(y, "stage_2", _int(m[1]), summary)
            self.observe(y, "independent_investigator", _int(m[2]), summary)
        m = re.search(
            rf"({N})% were (?:resolved|responded to|answered) within the target time"
            rf"(?:[^.]*\.[^.]*?\bwhere ({N})% were [^.]*?in ({YEAR}),? and ({N})% in ({YEAR}))?",
            flat,
            re.I,
        )
        if m:
            self.observe(y, "in_target_percent", _int(m[1]), summary)
            if m[2]:
                self.observe(label_of(m[3]), "in_target_percent", _int(m[2]), summary)
                self.observe(label_of(m[5]), "in_target_percent", _int(m[4]), summary)
        for m in re.finditer(
            rf"({COUNT}) new complaints were submitted to the (?:ICI|Independent Complaints? "
            rf"Investigator) in ({YEAR})",
            flat,
            re.I,
        ):
            self.observe(label_of(m[2]), "independent_investigator", _int(m[1]), summary)
        for m in re.finditer(
            rf"During ({YEAR}),? ({COUNT}) complaints were escalated to the (?:ICI|Independent)",
            flat,
            re.I,
        ):
            where = "the independent investigator section"
            self.observe(label_of(m[1]), "independent_investigator", _int(m[2]), where)
        m = re.search(
            rf"submitted to the ICI in ({YEAR})\.? Of these complaints, ({COUNT}) were "
            rf"investigated and of these ({COUNT}) were partially upheld",
            flat,
            re.I,
        )
        if m:
            year = label_of(m[1])
            self.observe(year, "independent_investigator_partially_upheld", _int(m[3]), summary)
        m = re.search(
            rf"({COUNT}) complaints were made to the Local Government (?:and Social Care )?"
            rf"Ombudsman\.? Of these,? ({COUNT}) were investigated and,? of those,? ({COUNT}) "
            r"were upheld",
            flat,
            re.I,
        )
        if m:
            self.observe(y, "ombudsman", _int(m[1]), summary)
            self.observe(y, "ombudsman_investigated", _int(m[2]), summary)
            self.observe(y, "ombudsman_upheld", _int(m[3]), summary)
        for m in re.finditer(
            rf"In ({YEAR}),? the Local Government (?:and Social Care )?Ombudsman received "
            rf"({COUNT}) complaints",
            flat,
            re.I,
        ):
            where = "the Ombudsman section"
            self.observe(label_of(m[1]), "ombudsman", _int(m[2]), where)
        for m in re.finditer(
            rf"In ({YEAR}),? the Council received ({COUNT}) compliments", flat, re.I
        ):
            self.observe(label_of(m[1]), "compliments", _int(m[2]), summary)

    def read_brief_services(self, y: str | None) -> None:
        """'Property Services received two stage one complaints which were both resolved
        within target.' (services the report summarises in one sentence)."""
        if y is None:
            return
        name = r"(?:[A-Z][A-Za-z-]+|&)(?: (?:[A-Z][A-Za-z-]+|&))*"
        for m in re.finditer(
            rf"(?<![\w])({name}) received ({COUNT}) stage (?:one|1) complaints?"
            rf"(?:,? and ({COUNT}) stage (?:two|2) complaints?)?,? ([^.]*?)resolved within "
            r"target",
            self.flat,
        ):
            words = m[1].split(" ")
            half = len(words) // 2
            if len(words) % 2 == 0 and words[:half] == words[half:]:
                words = words[:half]  # the heading printed right before the sentence
            service = " ".join(words)
            if self.report.service(service, y):
                continue
            # the sentence lists every stage the service had complaints at: others are zero
            stage_1, stage_2 = _int(m[2]), _int(m[3]) if m[3] else 0
            all_in_target = re.search(r"\b(?:both|all)\b|which was", m[4])
            self.report.services.append(
                ServiceYear(
                    service=service,
                    year=y,
                    ombudsman_service_area=ombudsman_area(service),
                    complaints=stage_1 + stage_2,
                    stage_2=stage_2,
                    independent_investigator=0,
                    in_target_percent=100 if all_in_target else None,
                    source="text",
                )
            )

    # ------------------------------------------------------------------ charts

    def chart_rows(self) -> list[tuple[int, list[str], list]]:
        """(line index, labels, values) of every chart-data line (tab-separated)."""
        out = []
        for index, line in enumerate(self.raw_lines):
            if line.count("\t") < 2:
                continue
            cells = [c.strip() for c in line.split("\t")]
            cells = [c for c in cells if c]
            joined: list[str] = []
            k = 0
            while k < len(cells):
                if cells[k] == "&" and joined and k + 1 < len(cells):
                    joined[-1] = f"{joined[-1]} & {cells[k + 1]}"
                    k += 2
                    continue
                joined.append(cells[k])
                k += 1
            split = len(joined)
            while split and re.fullmatch(r"-?\d[\d,]*(?:\.\d+)?", joined[split - 1]):
                split -= 1
            labels, values = joined[:split], [to_number(v) for v in joined[split:]]
            if values and len(labels) == len(values) + 1:
                labels = labels[1:]  # the series name ("Series 1", "Sales")
            if values and len(labels) == len(values):
                out.append((index, labels, values))
        return out

    def read_charts(self, y: str | None) -> None:
        if y is None:
            return
        charts = self.chart_rows()
        stage_names = {
            "stage_1": r"stage (?:1|one)",
            "stage_2": r"stage (?:2|two)",
            "independent_investigator": r"stage (?:3|three)|ici|independent",
            "ombudsman": r"lgo|lgsco|ombudsman",
        }
        where = "the chart data (complaints by stage)"
        for _, labels, values in charts:
            names = [
                next((n for n, p in stage_names.items() if re.fullmatch(p, lab, re.I)), None)
                for lab in labels
            ]
            if all(names) and "stage_1" in names:
                for name, value in zip(names, values, strict=True):
                    self.observe(y, name, value, where)
                break
        else:  # a PDF's text layer: the chart's cells run together on one line
            m = re.search(
                rf"Stage 1 Stage 2 (?:Stage 3|ICI) (?:LGO|LGSCO|Ombudsman) ({N}) ({N}) ({N}) "
                rf"({N})\b",
                self.flat,
            )
            if m:
                for name, value in zip(stage_names, m.groups(), strict=True):
                    self.observe(y, name, _int(value), where)
        caption = next(
            (
                i
                for i, line in enumerate(self.raw_lines)
                if re.match(r"\s*Fig(?:ure)?\.?\s*\d+\.?\s+Complaints by Service", line, re.I)
            ),
            None,
        )
        if caption is None:
            return
        rows = [s for s in self.report.services if s.year == y and s.source == "table"]
        chart = next(
            (
                c
                for c in charts
                if c[0] > caption
                and sum(_match_service(lab, rows) is not None for lab in c[1]) >= 2
            ),
            None,
        )
        if chart is None:
            return
        _, labels, values = chart
        for label, value in zip(labels, values, strict=True):
            match = _match_service(label, rows)
            if match is None:
                self.warn(
                    f'The chart of complaints by service gives {_fmt(value)} for "{label}" in '
                    f"{y}, but no service table matches that name, so it was not compared"
                )
            elif match.complaints is not None and match.complaints != value:
                self.warn(
                    f"{match.service}, {y}: the table gives {match.complaints} complaints but "
                    f'the chart of complaints by service gives {_fmt(value)} (as "{label}")'
                )

    # ------------------------------------------------------------------ checks

    def resolve(self) -> None:
        for (year, name), seen in self.observed.items():
            target = self.year(year)
            seen = sorted(seen, key=lambda item: _priority(item[1]))
            value = seen[0][0]
            setattr(target, name, value)
            distinct: dict = {}
            for v, where in seen:
                places = distinct.setdefault(v, [])
                if where not in places:
                    places.append(where)
            if len(distinct) > 1:
                told = "; ".join(
                    f"{_fmt(v)} in {', '.join(places)}" for v, places in distinct.items()
                )
                self.warn(
                    f"{year}: the report gives different figures for "
                    f"{FIELD_NAMES.get(name, name)}: {told}. {_fmt(value)} was kept"
                )

    def check(self) -> None:
        report = self.report
        for fig in self.years.values():
            parts = (fig.stage_1, fig.stage_2, fig.independent_investigator)
            if fig.total_complaints is not None and None not in parts:  # noqa: SIM102
                if sum(parts) != fig.total_complaints:
                    self.warn(
                        f"{fig.year}: stage 1, stage 2 and independent investigator complaints "
                        f"add up to {sum(parts)}, but the total given is {fig.total_complaints}"
                    )
            if (
                fig.total_complaints
                and fig.stage_1 is not None
                and fig.resolved_at_stage_1_percent is not None
            ):
                share = 100 * fig.stage_1 / fig.total_complaints
                if abs(share - fig.resolved_at_stage_1_percent) > 1:
                    self.warn(
                        f"{fig.year}: {fig.stage_1} of {fig.total_complaints} complaints is "
                        f"{share:.0f}% at stage 1, but the report says "
                        f"{_fmt(fig.resolved_at_stage_1_percent)}%"
                    )
            rows = [s for s in report.services if s.year == fig.year]
            for name, total in (
                ("complaints", fig.total_complaints),
                ("stage_2", fig.stage_2),
                ("independent_investigator", fig.independent_investigator),
                ("compliments", fig.compliments),
            ):
                values = [getattr(s, name) for s in rows if getattr(s, name) is not None]
                if total is not None and values and sum(values) > total:
                    what = "complaints" if name == "complaints" else name.replace("_", " ")
                    self.warn(
                        f"{fig.year}: the service figures for {what} add up to {sum(values)}, "
                        f"more than the council-wide figure of {total}"
                    )
        # the same service and year twice, or rows copied from another service's table
        by_service: dict[str, dict[str, ServiceYear]] = defaultdict(dict)
        for s in report.services:
            if s.year in by_service[s.service]:
                self.warn(f"{s.service}, {s.year}: the report has two tables for this service")
            by_service[s.service][s.year] = s
        names = [
            name
            for name, years in by_service.items()
            if any(row.source == "table" for row in years.values())
        ]
        for a_index, a in enumerate(names):
            for b in names[a_index + 1 :]:
                same = [
                    y
                    for y, row in by_service[b].items()
                    if y in by_service[a]
                    and row.figures() == by_service[a][y].figures()
                    and sum(v or 0 for v in row.figures()) > 0
                ]
                if same:
                    self.warn(
                        f"The figures for {b} in {', '.join(same)} are identical to those for "
                        f"{a}; they may have been copied by mistake (check the original report)"
                    )
        labels: dict[str, str] = {}
        for s in report.services:
            if s.table_label and s.source == "table":
                other = labels.setdefault(s.table_label, s.service)
                if other != s.service and s.year == report.services[0].year:
                    self.warn(
                        f'The table under "{s.service}" is labelled "{s.table_label}", like '
                        f'the table under "{other}"; its figures were recorded for {s.service}'
                    )

    def read_waste_style_sentence(self, y: str | None) -> None:
        """'398 (35%) of all complaints received by the Council were for Waste Services. This
        represented a decrease of 149 from the 526 complaints (45% of the total) received in
        2018-19.'"""
        m = re.search(
            rf"({N}) \(({N})%\) of all complaints received by the Council were for ([^.]+?)\. "
            rf"This represented an? (?:decrease|increase|reduction|rise) of ({N}) from the "
            rf"({N}) complaints(?: \(({N})% of the total\))? received in ({YEAR})",
            self.flat,
            re.I,
        )
        if not m or y is None:
            return
        cur, diff, prev = _int(m[1]), _int(m[4]), _int(m[5])
        if abs(prev - cur) != diff:
            self.warn(
                f"The summary says complaints about {m[3]} changed by {diff} from {prev} to "
                f"{cur}, but the difference is {abs(prev - cur)}"
            )
        prev_year = label_of(m[7])
        rows = [s for s in self.report.services if s.source == "table"]
        for year, value in ((y, cur), (prev_year, prev)):
            match = _match_service(m[3], [s for s in rows if s.year == year])
            if match and match.complaints is not None and match.complaints != value:
                self.warn(
                    f"{match.service}, {year}: the table gives {match.complaints} complaints "
                    f"but the summary gives {value}"
                )
        for year, share, value in ((y, m[2], cur), (prev_year, m[6], prev)):
            fig = self.years.get(year)
            if share and fig and fig.total_complaints:
                actual = 100 * value / fig.total_complaints
                if abs(actual - int(share)) > 1:
                    self.warn(
                        f"{year}: {value} of {fig.total_complaints} complaints is "
                        f"{actual:.0f}%, but the summary says {share}%"
                    )


def _priority(where: str) -> int:
    """Which statement of a figure is kept: the text first, then tables, then charts."""
    if where.startswith("the chart"):
        return 2
    if where.startswith("the table"):
        return 1
    return 0


def _all(lows: list[str], *patterns: str) -> bool:
    return all(any(re.search(p, h) for h in lows) for p in patterns)


def _int(token: str | None) -> int | None:
    if token is None:
        return None
    value = to_number(token)
    return value if isinstance(value, int) else None


def _prev_year(year: str) -> str:
    return ReportingYear.from_label(year).previous.label


def _is_upheld(decision: str) -> bool:
    return bool(re.fullmatch(r"upheld\b.*", decision.strip(), re.I))


def _plausible_heading(line: str) -> bool:
    return (
        len(line) <= 90
        and not line.rstrip().endswith((".", ":", ","))
        and not _VALUE_TOKEN.match(line)
        and not label_of(line)
        and not re.search(r"\b(?:cases by|resolution themes?|service comments)\b", line, re.I)
    )


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def _match_service(label: str, rows: list[ServiceYear]) -> ServiceYear | None:
    """The one service row whose heading or table label is ``label`` (or, failing that,
    whose heading contains it as whole words); None when there is no single match."""
    key = _key(label)
    if not key:
        return None
    tiers = [
        lambda s: key in (_key(s.service), _key(s.table_label or "")),
        lambda s: re.search(rf"\b{re.escape(key)}\b", _key(s.service)) is not None,
        lambda s: re.search(rf"\b{re.escape(key)}\b", _key(s.table_label or "")) is not None,
    ]
    for tier in tiers:
        found = {s.service: s for s in rows if tier(s)}
        if len(found) == 1:
            return next(iter(found.values()))
    # 'Waste Services' in prose for a service headed 'Greater Cambridge Shared Waste Service'
    words = [w for w in key.split() if w not in ("services", "service", "and", "the")]
    if words:
        found = {
            s.service: s
            for s in rows
            if all(re.search(rf"\b{re.escape(w)}\b", _key(s.service)) for w in words)
        }
        if len(found) == 1:
            return next(iter(found.values()))
    return None


def _council(reader: _Reader) -> str | None:
    for line in [t for t in reader.tokens[:15]]:
        if m := g.COUNCIL_NAME.search(line):
            return m.group(0).strip()
    return None


def _report_year(reader: _Reader) -> str | None:
    flat = reader.flat
    for pattern in (
        rf"Annual Complaints? (?:and Compliments )?Report,? (?:for )?({YEAR})",
        rf"Complaints to .{{0,80}}? in ({YEAR})\s*:?\s*summary",
        rf"({YEAR}) Annual Complaints? Report",
    ):
        if m := re.search(pattern, flat, re.I):
            return label_of(m[1])
    years = sorted({s.year for s in reader.report.services})
    return years[-1] if years else None


def analyse(raw_text: str) -> ParsedCouncilReport:
    reader = _Reader(raw_text)
    if len(reader.flat) < 20:
        raise LetterParseError(errors.EMPTY, "empty")
    reader.read_tables()
    report = reader.report
    if not any(s.source == "table" for s in report.services):
        raise LetterParseError(errors.NO_SERVICE_FIGURES, "no_service_figures")
    y = _report_year(reader)
    report.council = _council(reader)
    report.report_year = y
    reader.read_brief_services(y)
    reader.read_summary(y)
    reader.read_ombudsman_cases(y)
    reader.read_charts(y)
    reader.resolve()
    reader.read_waste_style_sentence(y)
    reader.check()
    for s in report.services:
        reader.year(s.year)
    report.years = sorted(reader.years.values(), key=lambda f: f.year)
    report.warnings = reader.warnings
    return report

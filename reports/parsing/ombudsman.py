"""The table of Ombudsman cases by department (received, then the decisions), with checks of
its totals."""

from __future__ import annotations

import re

from .areas import ombudsman_area
from .reader import VALUE_TOKEN, ReportReader
from .result import OmbudsmanCases, OmbudsmanDecision


def read_ombudsman_cases(reader: ReportReader, report_year: str | None) -> None:
    tokens = reader.tokens
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
            if len(name_parts) >= 2 or VALUE_TOKEN.match(token) or len(token) > 90:
                break
            name_parts.append(token)
            j += 1
        if not rows:
            continue
        total = rows[-1] if re.fullmatch(r"total", rows[-1].department, re.I) else None
        cases = rows[:-1] if total else rows
        for case in cases:
            case.ombudsman_service_area = ombudsman_area(case.department)
        reader.report.ombudsman_cases = cases
        reader.report.ombudsman_cases_total = total
        reader.report.ombudsman_cases_year = report_year
        where = "the table of Ombudsman cases by department"
        received = sum(c.received or 0 for c in cases)
        upheld = sum(d.count for c in cases for d in c.decisions if _is_upheld(d.decision))
        if total is not None:
            if total.received != received:
                reader.warn(
                    f"The table of Ombudsman cases by department gives a total of "
                    f"{total.received}, but its rows add up to {received}"
                )
            total_upheld = [d.count for d in total.decisions if _is_upheld(d.decision)]
            if total_upheld and total_upheld[0] != upheld:
                reader.warn(
                    f"The table of Ombudsman cases by department gives {total_upheld[0]} "
                    f"upheld in total, but its rows have {upheld}"
                )
        for c in cases:
            decided = sum(d.count for d in c.decisions)
            if c.decisions and c.received is not None and decided != c.received:
                reader.warn(
                    f"Ombudsman cases for {c.department}: {c.received} received but the "
                    f"decisions listed add up to {decided}"
                )
        reader.observe(report_year, "ombudsman", received, where)
        reader.observe(report_year, "ombudsman_upheld", upheld, where)
        return


def _is_upheld(decision: str) -> bool:
    return bool(re.fullmatch(r"upheld\b.*", decision.strip(), re.I))

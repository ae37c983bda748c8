"""The CSV template for councils whose reports are laid out differently.

One row per service and year, columns (header row required, any order)::

    council, year, service, ombudsman_service_area, complaints, stage_2,
    independent_investigator, in_target_percent, multi_service, compliments

* ``year`` is a financial year, "2019-20" (also "2019/20" or "2019-2020").
* An empty cell means "the report does not say" (stored as ``None``); ``-`` means zero, as
  in the printed reports; ``in_target_percent`` may be written "82" or "82%".
* Lines starting with ``#`` are comments (the template's example row is one).

Refusals (``ReportParseError``): no header, unknown or missing columns, cells that are not
numbers, an unknown ombudsman_service_area, a year that is not a financial year, the same
service and year twice, rows for more than one council. Negative numbers and percentages
over 100 are warnings (the figure is left blank), as for the printed reports.
"""

from __future__ import annotations

import csv
import io
import re

from core.periods import label_of
from documents.sniffing import decode_text
from letters.parsing.text import to_number

from . import errors
from .errors import ReportParseError
from .result import OMBUDSMAN_SERVICE_AREAS, ParsedCouncilReport, ServiceYear, YearFigures

COLUMNS = (
    "council",
    "year",
    "service",
    "ombudsman_service_area",
    "complaints",
    "stage_2",
    "independent_investigator",
    "in_target_percent",
    "multi_service",
    "compliments",
)
REQUIRED = ("year", "service", "complaints")
NUMBER_COLUMNS = COLUMNS[4:]
MAX_PROBLEMS = 5

TEMPLATE = (
    ",".join(COLUMNS)
    + "\n# example (delete this line): "
    + "Cambridge City Council,2019-20,Revenues & Benefits,Benefits and Tax,31,4,-,100%,2,18\n"
)


def looks_like_template(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    header = {c.strip().lower() for c in first.split(",")}
    return {"year", "service", "complaints"} <= header


def parse_report_csv(data: bytes | str, filename: str = "report.csv") -> ParsedCouncilReport:
    """Read the CSV template into a ``ParsedCouncilReport`` (services only; ``years`` lists
    each year with no council-wide figures). Raises ``ReportParseError``."""
    if isinstance(data, bytes):
        text = decode_text(data.lstrip(b"\xef\xbb\xbf"))
        if text is None:
            raise ReportParseError(errors.CSV_NOT_TEXT, "csv_not_text")
    else:
        text = data
    if not text.strip():
        raise ReportParseError(errors.EMPTY, "empty")
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise ReportParseError(errors.EMPTY, "empty")
    rows = list(csv.reader(io.StringIO("\n".join(line for _, line in lines))))
    numbers = [number for number, _ in lines]
    header = [h.strip().lower().replace(" ", "_") for h in rows[0]]
    if not any(h in COLUMNS for h in header):
        raise ReportParseError(
            errors.CSV_NO_HEADER.format(columns=", ".join(COLUMNS)), "csv_no_header"
        )
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise ReportParseError(
            errors.CSV_UNKNOWN_COLUMNS.format(columns=", ".join(unknown)), "csv_unknown_columns"
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ReportParseError(
            errors.CSV_MISSING_COLUMNS.format(columns=", ".join(missing)), "csv_missing_columns"
        )
    if len(rows) < 2:
        raise ReportParseError(errors.CSV_NO_ROWS, "csv_no_rows")

    report = ParsedCouncilReport(source="csv", text=text)
    problems: list[str] = []
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    duplicates: list[str] = []
    councils: list[str] = []
    for row, number in zip(rows[1:], numbers[1:], strict=True):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            problems.append(f"row {number} has more cells than the header")
            continue
        cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        council = cells.get("council", "")
        if council and council not in councils:
            councils.append(council)
        year = label_of(cells["year"])
        if year is None:
            problems.append(f'row {number}: year "{cells["year"]}" is not like 2019-20')
            continue
        service = cells["service"]
        if not service:
            problems.append(f"row {number}: the service is empty")
            continue
        area = cells.get("ombudsman_service_area") or None
        if area is not None:
            match = next((a for a in OMBUDSMAN_SERVICE_AREAS if a.lower() == area.lower()), None)
            if match is None:
                problems.append(
                    f'row {number}: ombudsman_service_area "{area}" is not one of '
                    + ", ".join(OMBUDSMAN_SERVICE_AREAS)
                )
                continue
            area = match
        key = (service.lower(), year)
        if key in seen:
            first, name = seen[key]
            duplicates.append(f"{name} {year} (rows {first} and {number})")
            continue
        seen[key] = (number, service)
        item = ServiceYear(service=service, year=year, ombudsman_service_area=area, source="csv")
        if re.search(r"multi-? ?service", service, re.I):
            item.kind = "multi-service"
        for column in NUMBER_COLUMNS:
            raw = cells.get(column, "")
            value = _number(raw, column, number, item, problems, report.warnings)
            setattr(item, column, value)
        report.services.append(item)
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS])
        if len(problems) > MAX_PROBLEMS:
            shown += f"; and {len(problems) - MAX_PROBLEMS} more"
        raise ReportParseError(errors.CSV_BAD_ROWS.format(problems=shown), "csv_bad_rows")
    if len(councils) > 1:
        raise ReportParseError(
            errors.CSV_MANY_COUNCILS.format(councils=", ".join(councils)), "csv_many_councils"
        )
    if duplicates:
        shown = "; ".join(duplicates[:MAX_PROBLEMS])
        raise ReportParseError(
            errors.CSV_DUPLICATE_ROWS.format(problems=shown), "csv_duplicate_rows"
        )
    if not report.services:
        raise ReportParseError(errors.CSV_NO_ROWS, "csv_no_rows")
    report.council = councils[0] if councils else None
    years = sorted({s.year for s in report.services})
    report.years = [YearFigures(year=y) for y in years]
    report.report_year = years[-1]
    return report


def _number(raw, column, number, item, problems, warnings):
    if raw == "":
        return None
    if raw == "-":
        item.printed_as_dash.append(column)
        return 0
    percent = column == "in_target_percent"
    token = raw[:-1].strip() if percent and raw.endswith("%") else raw
    value = to_number(token) if re.fullmatch(r"-?\d+(?:\.\d+)?", token) else None
    if value is None:
        problems.append(f'row {number}, {column}: "{raw}" is not a number')
        return None
    if value < 0:
        warnings.append(
            f"Row {number} ({item.service}, {item.year}): {column} is {raw}; a count cannot be "
            "negative, so it was left blank"
        )
        return None
    if percent:
        if value > 100:
            warnings.append(
                f"Row {number} ({item.service}, {item.year}): in_target_percent is {raw}, "
                "over 100%, so it was left blank"
            )
            return None
        return value
    if not isinstance(value, int):
        problems.append(f'row {number}, {column}: "{raw}" is not a whole number')
        return None
    return value


def report_to_csv(report: ParsedCouncilReport) -> str:
    """The report's per-service figures in the template's layout (round-trips through
    ``parse_report_csv``). Zeros the report printed "-" are written "-" (read back as 0)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for s in report.services:
        writer.writerow(
            [
                report.council or "",
                s.year,
                s.service,
                s.ombudsman_service_area or "",
                *(_cell(s, c) for c in NUMBER_COLUMNS),
            ]
        )
    return out.getvalue()


def _cell(row: ServiceYear, column: str) -> str:
    value = getattr(row, column)
    if value is None:
        return ""
    if value == 0 and column in row.printed_as_dash:
        return "-"
    return _text(value)


def _text(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)

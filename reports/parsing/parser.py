"""``analyse``: a council's own annual complaints report (text already extracted) read into
``ParsedCouncilReport``, section by section. Nothing is guessed: a figure the report does not
print stays ``None``."""

from __future__ import annotations

import re

from core.periods import label_of
from letters.parsing.grammar.names import COUNCIL_NAME

from . import errors
from .charts import read_charts
from .checks import check_consistency, resolve_figures
from .errors import ReportParseError
from .ombudsman import read_ombudsman_cases
from .prose import read_brief_services, read_service_share_sentence, read_summary
from .reader import YEAR, ReportReader
from .result import ParsedCouncilReport
from .tables import read_tables


def analyse(raw_text: str) -> ParsedCouncilReport:
    reader = ReportReader(raw_text)
    if len(reader.flat) < 20:
        raise ReportParseError(errors.EMPTY, "empty")
    read_tables(reader)
    report = reader.report
    if not any(s.source == "table" for s in report.services):
        raise ReportParseError(errors.NO_SERVICE_FIGURES, "no_service_figures")
    y = _report_year(reader)
    report.council = _council(reader)
    report.report_year = y
    read_brief_services(reader, y)
    read_summary(reader, y)
    read_ombudsman_cases(reader, y)
    read_charts(reader, y)
    resolve_figures(reader)
    read_service_share_sentence(reader, y)
    check_consistency(reader)
    for s in report.services:
        reader.year(s.year)
    report.years = sorted(reader.years.values(), key=lambda f: f.year)
    report.warnings = reader.warnings
    return report


def _council(reader: ReportReader) -> str | None:
    for line in [t for t in reader.tokens[:15]]:
        if m := COUNCIL_NAME.search(line):
            return m.group(0).strip()
    return None


def _report_year(reader: ReportReader) -> str | None:
    """The year in the report's title or summary heading; else its latest table year."""
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

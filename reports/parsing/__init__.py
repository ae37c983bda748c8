"""Reading councils' own annual complaints reports (PDF, DOCX, text or the CSV template).

Pure Python (no Django). Public API::

    parse_council_report(data: bytes, filename: str) -> ParsedCouncilReport  # in-process
    parse_report_csv(data, filename) -> ParsedCouncilReport
    report_to_csv(report) -> str
    ReportParseError  # the only error raised; .message is for a council officer, .code

Messages are constants in ``reports.parsing.errors``.
"""

from .api import (
    REPORT_PARSER_VERSION,
    parse_council_report,
)
from .csvio import COLUMNS as CSV_COLUMNS
from .csvio import TEMPLATE as CSV_TEMPLATE
from .csvio import parse_report_csv, report_to_csv
from .errors import ReportParseError
from .result import (
    OMBUDSMAN_SERVICE_AREAS,
    OmbudsmanCases,
    OmbudsmanDecision,
    ParsedCouncilReport,
    ServiceYear,
    YearFigures,
)

__all__ = [
    "CSV_COLUMNS",
    "CSV_TEMPLATE",
    "OMBUDSMAN_SERVICE_AREAS",
    "REPORT_PARSER_VERSION",
    "ReportParseError",
    "OmbudsmanCases",
    "OmbudsmanDecision",
    "ParsedCouncilReport",
    "ServiceYear",
    "YearFigures",
    "parse_council_report",
    "parse_report_csv",
    "report_to_csv",
]

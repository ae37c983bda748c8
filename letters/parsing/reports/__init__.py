"""Reading councils' own annual complaints reports (PDF, DOCX, text or the CSV template).

Pure Python (no Django). Public API::

    parse_council_report(data: bytes, filename: str) -> ParsedCouncilReport  # in-process
    detect_document_kind(data, filename) -> "lgsco-letter" | "council-report" | None
    parse_report_csv(data, filename) -> ParsedCouncilReport
    report_to_csv(report) -> str
    LetterParseError  # the only error raised; .message is for a council officer, .code

Messages are constants in ``letters.parsing.reports.errors``.
"""

from ..errors import LetterParseError
from .api import (
    REPORT_PARSER_VERSION,
    detect_document_kind,
    parse_council_report,
)
from .csvio import COLUMNS as CSV_COLUMNS
from .csvio import TEMPLATE as CSV_TEMPLATE
from .csvio import parse_report_csv, report_to_csv
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
    "LetterParseError",
    "OmbudsmanCases",
    "OmbudsmanDecision",
    "ParsedCouncilReport",
    "ServiceYear",
    "YearFigures",
    "detect_document_kind",
    "parse_council_report",
    "parse_report_csv",
    "report_to_csv",
]

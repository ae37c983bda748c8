"""``parse_council_report``: bytes in, a report out.

Only ``ReportParseError`` ever escapes ``parse_council_report``: anything unexpected is
converted to one (as ``parse_letter`` does).
"""

from __future__ import annotations

from documents.errors import DocumentUnreadable
from letters.parsing.grammar.kinds import (
    COUNCIL_REPORT_MARKERS,
    COUNCIL_REPORT_TITLE,
    LETTER_MARKERS,
    LGSCO,
)
from letters.parsing.grammar.names import ADJUSTED_FOR, LOCAL_AUTHORITY_REPORT
from letters.parsing.text import flatten, normalise

from . import errors
from .csvio import looks_like_template, parse_report_csv
from .errors import ReportParseError
from .extract import extract
from .parser import analyse
from .result import ParsedCouncilReport
from .tables import SERVICE_COLUMNS

REPORT_PARSER_VERSION = "1.0.0"
LGSCO_LETTER = "lgsco-letter"
COUNCIL_REPORT = "council-report"
_HEAD_CHARS = 600


def parse_council_report(data: bytes, filename: str = "report") -> ParsedCouncilReport:
    """Read a council's own annual complaints report (PDF, DOCX, text or CSV template).

    Raises ``ReportParseError`` (and nothing else) with a message for a council officer.
    """
    try:
        return _parse(data, filename or "report")
    except ReportParseError:
        raise
    except DocumentUnreadable as exc:  # the PDF layer's refusals (encrypted, damaged, ...)
        raise ReportParseError(exc.message, exc.code) from None
    except MemoryError:
        raise ReportParseError(errors.OUT_OF_MEMORY, "out_of_memory") from None
    except RecursionError:
        raise ReportParseError(errors.REPORT_INTERNAL, "internal") from None
    except Exception as exc:  # noqa: BLE001 - the contract: only ReportParseError escapes
        raise ReportParseError(errors.REPORT_INTERNAL, "internal") from exc


def _parse(data: bytes, filename: str) -> ParsedCouncilReport:
    extracted = extract(data, filename)
    if extracted.source == "csv" or (
        extracted.source == "text" and looks_like_template(extracted.text)
    ):
        return parse_report_csv(extracted.text, filename)
    kind = kind_from_text(extracted.text)
    if kind == LGSCO_LETTER:
        raise ReportParseError(errors.OMBUDSMAN_LETTER, "ombudsman_letter")
    try:
        report = analyse(extracted.text)
    except ReportParseError as exc:
        if exc.code == "no_service_figures" and kind is None:
            raise ReportParseError(errors.NOT_A_REPORT, "not_a_report") from None
        raise
    report.source, report.pages = extracted.source, extracted.pages
    return report


def kind_from_text(text: str) -> str | None:
    """'lgsco-letter', 'council-report' or None, from the words of a document."""
    flat = flatten(normalise(text))
    if COUNCIL_REPORT_TITLE.search(flat[:_HEAD_CHARS]):
        return COUNCIL_REPORT
    if LETTER_MARKERS.search(flat) or LOCAL_AUTHORITY_REPORT.search(text):
        return LGSCO_LETTER
    if ADJUSTED_FOR.search(flat) and LGSCO.search(flat):
        return LGSCO_LETTER
    headers = sum(
        1
        for line in text.splitlines()
        if any(p.match(line.strip().lower()) for _, p in SERVICE_COLUMNS[1:])
    )
    markers = len(COUNCIL_REPORT_MARKERS.findall(flat))
    if COUNCIL_REPORT_TITLE.search(flat) and markers >= 2:
        return COUNCIL_REPORT
    if markers >= 3 and headers >= 3:
        return COUNCIL_REPORT
    return None

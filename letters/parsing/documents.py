"""An upload read once, whatever it is: an Ombudsman letter or a council's own complaints
report, told apart by the readers themselves (the letter reader recognises a council's
report and says so), in one sandboxed child."""

from __future__ import annotations

from pathlib import PurePath

from .errors import LetterParseError
from .parser import parse_letter
from .reports.api import COUNCIL_REPORT, LGSCO_LETTER, parse_council_report
from .reports.result import ParsedCouncilReport
from .result import ParsedLetter
from .sandbox import run_sandboxed

# Only councils' reports come as Word files or the CSV template.
REPORT_SUFFIXES = {".docx", ".csv"}


def parse_document(data: bytes, filename: str = "upload") -> ParsedLetter | ParsedCouncilReport:
    """Read a letter or a council's report; ``.KIND`` of the result says which. Raises
    ``LetterParseError`` (and nothing else), the letter reader's or the report reader's."""
    if PurePath(filename).suffix.lower() in REPORT_SUFFIXES:
        return parse_council_report(data, filename)
    try:
        return parse_letter(data, filename)
    except LetterParseError as exc:
        if exc.code != "council_report":
            raise
    return parse_council_report(data, filename)


def parse_document_sandboxed(
    data: bytes, filename: str = "upload", **limits
) -> ParsedLetter | ParsedCouncilReport:
    """``parse_document`` in one limited child (``timeout``, ``memory_limit``)."""
    payload = run_sandboxed("document", data, filename, **limits)
    if payload.get("kind") == COUNCIL_REPORT:
        return ParsedCouncilReport.from_dict(payload)
    assert payload.get("kind") == LGSCO_LETTER, payload.get("kind")
    return ParsedLetter.from_dict(payload)

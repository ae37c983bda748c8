"""The one place that tells an Ombudsman letter from a council's own complaints report, and
reads an upload with the right reader, in one sandboxed child.

Pure Python (no Django). A Word file or the CSV template can only be a council's report;
anything else goes to the letter reader first, which reads the words it needs to recognise a
council's report (and says so, code ``council_report``) before it reads any table, so a
letter, the usual upload, is opened once."""

from __future__ import annotations

from pathlib import PurePath

from documents.errors import DocumentUnreadable
from documents.sandbox import run_sandboxed
from letters.parsing.errors import LetterParseError
from letters.parsing.parser import parse_letter
from letters.parsing.result import ParsedLetter
from reports.parsing.api import parse_council_report
from reports.parsing.result import ParsedCouncilReport

LGSCO_LETTER = ParsedLetter.KIND
COUNCIL_REPORT = ParsedCouncilReport.KIND

# Only councils' reports come as Word files or the CSV template.
REPORT_SUFFIXES = {".docx", ".csv"}


def detect_kind(filename: str) -> str | None:
    """The kind a file's name alone settles (a report for .docx and .csv), or None: then
    the letter reader decides, as it reads."""
    return COUNCIL_REPORT if PurePath(filename).suffix.lower() in REPORT_SUFFIXES else None


def parse_document(data: bytes, filename: str = "upload") -> ParsedLetter | ParsedCouncilReport:
    """Read a letter or a council's report; ``.KIND`` of the result says which. Raises
    ``DocumentUnreadable`` (and nothing else): the letter reader's or the report reader's."""
    if detect_kind(filename) == COUNCIL_REPORT:
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
    """``parse_document`` in one limited child (``timeout``, ``memory_limit``). Raises
    ``DocumentUnreadable``."""
    payload = run_sandboxed("document", data, filename, **limits)
    if payload.get("kind") == COUNCIL_REPORT:
        return ParsedCouncilReport.from_dict(payload)
    if payload.get("kind") != LGSCO_LETTER:
        raise DocumentUnreadable("The file was read as neither a letter nor a report", "internal")
    return ParsedLetter.from_dict(payload)

"""The one place that tells an Ombudsman letter from a council's own complaints report, and
reads an upload with the right reader, in one sandboxed child.

Pure Python (no Django). A Word file or the CSV template can only be a council's report;
anything else goes to the letter reader first, which reads the words it needs to recognise a
council's report (and says so, code ``council_report``) before it reads any table, so a
letter, the usual upload, is opened once.

An upload is at most ``MAX_UPLOAD_PAGES`` pages, whichever reader reads it: counted here,
in the child, before either reader starts (the report reader alone would read 200)."""

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

MAX_UPLOAD_PAGES = 50
TOO_MANY_PAGES = (
    "This PDF has {pages} pages; an upload may have at most {limit} (an Ombudsman letter has "
    "a few, a council's complaints report rarely more than {limit})"
)


def pdf_page_count(data: bytes) -> int | None:
    """How many pages a PDF has, or None when it cannot be opened (the reader then says
    why: damaged, password-protected...)."""
    if b"%PDF-" not in data[:1024]:
        return None
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        return len(document)
    finally:
        document.close()


def check_page_count(data: bytes, *, limit: int = MAX_UPLOAD_PAGES) -> None:
    pages = pdf_page_count(data)
    if pages is not None and pages > limit:
        raise DocumentUnreadable(TOO_MANY_PAGES.format(pages=pages, limit=limit), "too_many_pages")


def detect_kind(filename: str) -> str | None:
    """The kind a file's name alone settles (a report for .docx and .csv), or None: then
    the letter reader decides, as it reads."""
    return COUNCIL_REPORT if PurePath(filename).suffix.lower() in REPORT_SUFFIXES else None


def parse_document(data: bytes, filename: str = "upload") -> ParsedLetter | ParsedCouncilReport:
    """Read a letter or a council's report; ``.KIND`` of the result says which. Raises
    ``DocumentUnreadable`` (and nothing else): the letter reader's or the report reader's,
    or ``TOO_MANY_PAGES``."""
    check_page_count(data)
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

"""``parse_council_report`` and ``detect_document_kind``: bytes in, answers out.

Only ``LetterParseError`` ever escapes ``parse_council_report``: anything unexpected is
converted to one (as ``parse_letter`` does).
"""

from __future__ import annotations

import re

from .. import grammar as g
from ..text import flatten, normalise
from . import errors
from .csvio import looks_like_template, parse_report_csv
from .errors import LetterParseError
from .extract import extract, kind_of
from .parser import analyse
from .result import ParsedCouncilReport
from .tables import SERVICE_COLUMNS

REPORT_PARSER_VERSION = "1.0.0"
LGSCO_LETTER = "lgsco-letter"
COUNCIL_REPORT = "council-report"
_HEAD_CHARS = 600


def parse_council_report(data: bytes, filename: str = "report") -> ParsedCouncilReport:
    """Read a council's own annual complaints report (PDF, DOCX, text or CSV template).

    Raises ``LetterParseError`` (and nothing else) with a message for a council officer.
    """
    try:
        return _parse(data, filename or "report")
    except LetterParseError:
        raise
    except MemoryError:
        raise LetterParseError(errors.OUT_OF_MEMORY, "out_of_memory") from None
    except RecursionError:
        raise LetterParseError(errors.REPORT_INTERNAL, "internal") from None
    except Exception as exc:  # noqa: BLE001 - the contract: only LetterParseError escapes
        raise LetterParseError(errors.REPORT_INTERNAL, "internal") from exc


def _parse(data: bytes, filename: str) -> ParsedCouncilReport:
    extracted = extract(data, filename)
    if extracted.source == "csv" or (
        extracted.source == "text" and looks_like_template(extracted.text)
    ):
        return parse_report_csv(extracted.text, filename)
    kind = kind_from_text(extracted.text)
    if kind == LGSCO_LETTER:
        raise LetterParseError(errors.OMBUDSMAN_LETTER, "ombudsman_letter")
    try:
        report = analyse(extracted.text)
    except LetterParseError as exc:
        if exc.code == "no_service_figures" and kind is None:
            raise LetterParseError(errors.NOT_A_REPORT, "not_a_report") from None
        raise
    report.source, report.pages = extracted.source, extracted.pages
    return report


def kind_from_text(text: str) -> str | None:
    """'lgsco-letter', 'council-report' or None, from the words of a document."""
    flat = flatten(normalise(text))
    if g.COUNCIL_REPORT_TITLE.search(flat[:_HEAD_CHARS]):
        return COUNCIL_REPORT
    if g.LETTER_MARKERS.search(flat) or g.LOCAL_AUTHORITY_REPORT.search(text):
        return LGSCO_LETTER
    if g.ADJUSTED_FOR.search(flat) and g.LGSCO.search(flat):
        return LGSCO_LETTER
    headers = sum(
        1
        for line in text.splitlines()
        if any(p.match(line.strip().lower()) for _, p in SERVICE_COLUMNS[1:])
    )
    markers = len(g.COUNCIL_REPORT_MARKERS.findall(flat))
    if g.COUNCIL_REPORT_TITLE.search(flat) and markers >= 2:
        return COUNCIL_REPORT
    if markers >= 3 and headers >= 3:
        return COUNCIL_REPORT
    return None


def detect_document_kind(data: bytes, filename: str = "") -> str | None:
    """Cheap guess of what an upload is: ``"lgsco-letter"``, ``"council-report"`` or None.

    Reads the text only (a PDF's first pages, no tables); never raises.
    """
    try:
        if isinstance(data, str):
            data = data.encode("utf-8")
        kind = kind_of(data, filename)
        text = _pdf_head(data) if kind == "pdf" else extract(data, filename).text
        if kind in ("csv", "text") and looks_like_template(text):
            return COUNCIL_REPORT
        return kind_from_text(text)
    except Exception:  # noqa: BLE001 - a guess, never an error
        return None


def _pdf_head(data: bytes, pages: int = 6) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for index in range(min(pages, len(pdf))):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    out.append(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()
        return re.sub(r"\r\n?", "\n", "\n".join(out))
    finally:
        pdf.close()

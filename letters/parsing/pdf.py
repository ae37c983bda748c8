"""PDF text extraction.

The text layer comes from pypdfium2 (fast: a few milliseconds a page). Only pages that carry
a 2014-2018 table are opened again with pdfplumber, whose table extraction reads the real
ruled tables. Pages are closed as soon as they are read, so memory stays flat.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field

from . import errors
from .errors import LetterParseError
from .grammar import TABLE_ERA
from .text import clean_cell

MAX_PAGES = 50


@dataclass
class PdfText:
    pages: list[str]
    table_rows: list[list[list[str]]] = field(default_factory=list)  # one list of rows per table
    layout_text: list[str] = field(default_factory=list)  # pages with tables that are not ruled

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def extract(data: bytes, *, max_pages: int = MAX_PAGES, tables: bool = True) -> PdfText:
    """Text of every page (and, on table pages, the tables). Raises LetterParseError."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text or "security" in text:
            raise LetterParseError(errors.ENCRYPTED, "encrypted") from None
        raise LetterParseError(errors.DAMAGED_PDF, "damaged_pdf") from None
    try:
        count = len(pdf)
        if count > max_pages:
            raise LetterParseError(errors.TOO_MANY_PAGES.format(limit=max_pages), "too_many_pages")
        if count == 0:
            raise LetterParseError(errors.DAMAGED_PDF, "damaged_pdf")
        pages = []
        for index in range(count):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    pages.append(_lines(textpage.get_text_range()))
                finally:
                    textpage.close()
            finally:
                page.close()
    except pdfium.PdfiumError:
        raise LetterParseError(errors.DAMAGED_PDF, "damaged_pdf") from None
    finally:
        pdf.close()

    result = PdfText(pages=pages)
    if tables:
        wanted = [i for i, page in enumerate(pages) if TABLE_ERA.search(page)]
        if wanted:
            result.table_rows, result.layout_text = _tables(data, wanted)
    return result


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _tables(data: bytes, page_indexes: list[int]) -> tuple[list, list[str]]:
    """Rows of every ruled table on the given pages (layout text rows where none is ruled)."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    found: list[list[list[str]]] = []
    layouts: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[i + 1 for i in page_indexes]) as pdf:
            for page in pdf.pages:
                try:
                    tables = page.extract_tables()
                    if tables:
                        for table in tables:
                            found.append([[clean_cell(c) for c in row] for row in table])
                    else:
                        layout = page.extract_text(layout=True, x_density=3.5) or ""
                        layouts.append(layout)
                finally:
                    page.close()
    except LetterParseError:
        raise
    except Exception:  # noqa: BLE001 - a table we cannot read is a warning, not a refusal
        return found, layouts
    return found, layouts

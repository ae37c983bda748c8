"""PDF text extraction.

The text layer comes from pypdfium2 (fast: a few milliseconds a page). Only pages that carry
a 2014-2018 table are opened again with pdfplumber, whose table extraction reads the real
ruled tables. Pages are closed as soon as they are read, so memory stays flat.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field

from . import errors
from .cell_text import covering_text, title_above
from .errors import LetterParseError
from .grammar.kinds import TABLE_ERA
from .lattice import ruled_grids
from .table_cells import is_figures_row
from .text import clean_cell

MAX_PAGES = 50
MAX_TABLE_PAGES = 4


@dataclass
class PdfText:
    pages: list[str]
    tables: list[Grid] = field(default_factory=list)  # the ruled tables
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
        result = PdfText(pages=pages)
        if tables and (wanted := statistics_pages(pages)):
            result.tables, result.layout_text = _statistics_tables(pdf, data, wanted)
    except pdfium.PdfiumError:
        raise LetterParseError(errors.DAMAGED_PDF, "damaged_pdf") from None
    finally:
        pdf.close()
    return result


def _statistics_tables(pdf, data: bytes, wanted: list[int]) -> tuple[list[Grid], list[str]]:
    """The ruled tables of the statistics pages, read from pdfium's paths and characters
    (``lattice``, milliseconds a page); a page where that finds none is opened with
    pdfplumber, whose table finder and layout text cover what the lattice does not."""
    grids: list[Grid] = []
    layouts: list[str] = []
    for index in wanted:
        try:
            found = [Grid(rows=rows, title=title) for rows, title in ruled_grids(pdf, [index])]
        except Exception:  # noqa: BLE001 - an odd page: pdfplumber reads it instead
            found = []
        if not found:
            found, layout = _tables(data, [index])
            layouts.extend(layout)
        grids.extend(found)
    return _join_continued(grids), layouts


_TABLE_PAGE = re.compile(r"\bComplaints\s+[Rr]emedied\b|\bDetailed\s+[Ii]nvestigations\b")
_FIGURES_LINE = re.compile(r"^[ \t]*\d[\d,]*%?(?:[ \t]+\d[\d,]*%?)+[ \t]*$", re.M)


def statistics_pages(pages: list[str]) -> list[int]:
    """The pages that carry a 2014-2018 table, and a page after one of them that starts
    with figures (a table that runs onto it). Only these are opened again for tables."""
    wanted: list[int] = []
    for i, page in enumerate(pages):
        has_table = TABLE_ERA.search(page) or _TABLE_PAGE.search(page)
        runs_on = wanted and wanted[-1] == i - 1 and _FIGURES_LINE.search(page)
        if has_table or runs_on:
            wanted.append(i)
    return wanted[:MAX_TABLE_PAGES]


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Grid:
    """One ruled table: rows of cells, spanned cells filled with the text of the cell that
    spans them, and the heading printed just above it (if any)."""

    rows: list[list[str]]
    title: str = ""


def _tables(data: bytes, page_indexes: list[int]) -> tuple[list[Grid], list[str]]:
    """Every ruled table on the given pages (layout text of pages with none ruled)."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    found: list[Grid] = []
    layouts: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[i + 1 for i in page_indexes]) as pdf:
            for page in pdf.pages:
                try:
                    tables = page.find_tables()
                    if tables:
                        words = page.extract_words()
                        found.extend(_grid(table, words) for table in tables)
                    else:
                        layouts.append(page.extract_text(layout=True, x_density=3.5) or "")
                finally:
                    page.close()
    except LetterParseError:
        raise
    except Exception:  # noqa: BLE001 - a table we cannot read is a warning, not a refusal
        return found, layouts
    return found, layouts


def _grid(table, words: list[dict]) -> Grid:
    """Rows of clean cells; a cell merged with its neighbour (``None`` from pdfplumber) gets
    the text of the cell that covers it, found by geometry (as the lattice reader does)."""
    boxes = [row.cells for row in table.rows]
    texts = [[clean_cell(text) for text in row] for row in table.extract()]
    spans = [
        (box, text)
        for row_boxes, row_texts in zip(boxes, texts, strict=False)
        for box, text in zip(row_boxes, row_texts, strict=False)
        if box is not None
    ]
    columns = [((c.bbox[0] + c.bbox[2]) / 2) for c in table.columns]
    rows = []
    for r, (row_boxes, row_texts) in enumerate(zip(boxes, texts, strict=False)):
        middle = (table.rows[r].bbox[1] + table.rows[r].bbox[3]) / 2
        rows.append(
            [
                text
                if box is not None
                else (covering_text(spans, x=columns[c], y=middle) if c < len(columns) else "")
                for c, (box, text) in enumerate(zip(row_boxes, row_texts, strict=False))
            ]
        )
    x0, top = table.bbox[0], table.bbox[1]
    title = title_above([(w["text"], w["x0"], w["bottom"]) for w in words], x0=x0, top=top)
    return Grid(rows=rows, title=title)


def _join_continued(grids: list[Grid]) -> list[Grid]:
    """A table that runs onto the next page: a grid that ends in header rows, followed by
    one that starts with figures and has as many columns, is one table."""
    joined: list[Grid] = []
    for grid in grids:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.rows
            and grid.rows
            and not is_figures_row(previous.rows[-1])
            and is_figures_row(grid.rows[0])
            and len(previous.rows[-1]) == len(grid.rows[0])
        ):
            previous.rows.extend(grid.rows)
            continue
        joined.append(grid)
    return joined

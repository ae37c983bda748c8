"""Bytes of an upload -> text, for PDF, Word (.docx), CSV and plain text.

Tables come out one cell per line (a tab before the cell, a blank line between rows), the
shape of the text extracts the project started from; a PDF's text layer gives the same cells
one per line. DOCX files are read with ``zipfile`` and ElementTree (no extra dependency);
embedded charts (``word/charts/chartN.xml``) are appended as tab-separated lines
``series<TAB>category...<TAB>value...`` so their cached figures can be compared with the
tables.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from documents.sniffing import IMAGE_MAGIC, MAX_BYTES, decode_text

from . import errors
from .errors import ReportParseError

MAX_PAGES = 200
MAX_XML_BYTES = 40 * 1024 * 1024  # uncompressed size of one part of a .docx
MIN_TEXT_CHARS = 20

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_OLE = b"\xd0\xcf\x11\xe0"


@dataclass
class Extracted:
    text: str
    source: str  # "pdf", "docx", "csv" or "text"
    pages: int = 0


def kind_of(data: bytes, filename: str) -> str:
    """'pdf', 'docx', 'csv', 'text' (decided by content first, then the file name)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    name = (filename or "").lower()
    if name.endswith(".csv"):
        return "csv"
    return "text"


def extract(data: bytes, filename: str, *, max_pdf_pages: int = MAX_PAGES) -> Extracted:
    """Text of the upload. Raises ReportParseError with a message for a council officer."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise ReportParseError(errors.TOO_LARGE.format(limit=MAX_BYTES // 2**20), "too_large")
    if not data.strip():
        raise ReportParseError(errors.EMPTY, "empty")
    kind = kind_of(data, filename)
    if kind == "pdf":
        return _pdf(data, max_pdf_pages)
    if kind == "docx":
        return Extracted(docx_text(data), "docx")
    for magic in IMAGE_MAGIC:
        if data.startswith(magic):
            raise ReportParseError(errors.NOT_A_REPORT_FILE, "not_a_report_file")
    if data.startswith(_OLE):
        raise ReportParseError(errors.OLD_WORD, "old_word")
    text = decode_text(data)
    if text is None:
        raise ReportParseError(errors.NOT_A_REPORT_FILE, "not_a_report_file")
    if not text.strip():
        raise ReportParseError(errors.EMPTY, "empty")
    return Extracted(text, kind)


def _pdf(data: bytes, max_pages: int) -> Extracted:
    from letters.parsing.pdf import extract as pdf_extract

    try:
        extracted = pdf_extract(data, max_pages=max_pages, tables=False)
    except ReportParseError as exc:
        if exc.code == "too_many_pages":
            raise ReportParseError(
                errors.TOO_MANY_PAGES.format(limit=max_pages), "too_many_pages"
            ) from None
        raise
    if len(re.sub(r"\s+", "", extracted.text)) < MIN_TEXT_CHARS:
        raise ReportParseError(errors.NO_TEXT_LAYER, "no_text_layer")
    return Extracted(extracted.text, "pdf", len(extracted.pages))


# --------------------------------------------------------------------------- DOCX


def _read_part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise ReportParseError(errors.DAMAGED_DOCX, "damaged_docx")
    with archive.open(info) as handle:
        raw = handle.read(MAX_XML_BYTES + 1)
    if len(raw) > MAX_XML_BYTES or b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw[:4096]:
        raise ReportParseError(errors.DAMAGED_DOCX, "damaged_docx")  # no DTDs in Office XML
    return ElementTree.fromstring(raw)  # noqa: S314 - DTDs refused above, size capped


def docx_text(data: bytes) -> str:
    """The text of a .docx: paragraphs as lines, table cells one per line (tab first, blank
    line between rows), then the cached data of embedded charts."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ReportParseError(errors.DAMAGED_DOCX, "damaged_docx") from None
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ReportParseError(errors.NOT_A_REPORT_FILE, "not_a_report_file")
        try:
            root = _read_part(archive, "word/document.xml")
            lines: list[str] = []
            body = root.find(f"{_W}body")
            if body is not None:
                _block(body, lines)
            charts = sorted(
                (n for n in names if re.fullmatch(r"word/charts/chart\d+\.xml", n)),
                key=lambda n: int(re.sub(r"\D", "", n)),
            )
            for name in charts:
                lines.extend(_chart_lines(_read_part(archive, name)))
        except (ElementTree.ParseError, zipfile.BadZipFile, KeyError, EOFError, OSError):
            raise ReportParseError(errors.DAMAGED_DOCX, "damaged_docx") from None
    return "\n".join(lines)


def _paragraph(p: ElementTree.Element) -> str:
    out: list[str] = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            out.append(node.text)
        elif node.tag == f"{_W}tab":
            out.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
    return "".join(out)


def _block(parent: ElementTree.Element, lines: list[str]) -> None:
    for child in parent:
        if child.tag == f"{_W}p":
            lines.append(_paragraph(child))
        elif child.tag == f"{_W}tbl":
            _table(child, lines)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _block(content, lines)


def _table(tbl: ElementTree.Element, lines: list[str]) -> None:
    for row in tbl.findall(f"{_W}tr"):
        for cell in row.findall(f"{_W}tc"):
            cell_lines: list[str] = []
            _block(cell, cell_lines)
            cell_lines = [c for c in cell_lines if c.strip()] or [""]
            lines.append("\t" + cell_lines[0].replace("\t", " "))
            lines.extend(c.replace("\t", " ") for c in cell_lines[1:])
        lines.append("")


def _chart_lines(root: ElementTree.Element) -> list[str]:
    lines = []
    for series in root.iter(f"{_C}ser"):
        name = " ".join(v.text or "" for v in series.iter(f"{_C}v") if _under(series, v, "tx"))
        cats = _points(series.find(f"{_C}cat"))
        vals = _points(series.find(f"{_C}val"))
        if cats and vals:
            lines.append("\t".join([name.strip() or "Series", *cats, *vals]))
    return lines


def _under(series: ElementTree.Element, value: ElementTree.Element, tag: str) -> bool:
    holder = series.find(f"{_C}{tag}")
    return holder is not None and any(v is value for v in holder.iter(f"{_C}v"))


def _points(holder: ElementTree.Element | None) -> list[str]:
    if holder is None:
        return []
    points = sorted(holder.iter(f"{_C}pt"), key=lambda p: int(p.get("idx", "0")))
    return [(p.findtext(f"{_C}v") or "").strip() for p in points]

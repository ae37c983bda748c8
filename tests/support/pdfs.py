"""Render letters (and hostile files) to PDF for the tests and the benchmark.

* ``text_to_pdf``: a plain-text letter as a multi-page PDF. Consecutive lines that contain
  tabs become one reportlab ``Table`` with grid lines (real ruled tables, so pdfplumber's
  table extraction is exercised, as with the 2014-2018 letters). ``**bold**`` and
  ``[links](#)`` are rendered as formatting, as in the original PDFs.
* ``image_only_pdf``: a page that is only a picture (no text layer, like a scan).
* ``encrypted_pdf``: a password-protected PDF.
* ``bomb_pdf``: a tiny PDF whose page content inflates to gigabytes.
* ``png_bytes``: a small PNG image (to be renamed .pdf).
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_STYLES = getSampleStyleSheet()
_BODY = _STYLES["BodyText"]
_CELL = _STYLES["BodyText"].clone("cell", fontSize=6.5, leading=8, splitLongWords=0)


def _markup(line: str) -> str:
    text = escape(line)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r'<font color="blue">\1</font>', text)
    return text


def _table(lines: list[str], width: float) -> Table:
    rows = [line.split("\t") for line in lines]
    columns = max(len(r) for r in rows)
    data = [[Paragraph(_markup(c), _CELL) for c in r + [""] * (columns - len(r))] for r in rows]
    table = Table(data, colWidths=[width / columns] * columns)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


# The 2014-2018 letters put their statistics tables on a page of their own.
STATISTICS_PAGE = re.compile(r"^\s*Local Authority Report\s*:")


def text_to_pdf(text: str, *, encrypt: str | None = None, tables: bool = True) -> bytes:
    """Render a plain-text letter; tab-separated line runs become ruled tables, and the
    'Local Authority Report: ...' statistics start on a new page, as in the originals."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        encrypt=encrypt,
        title="Letter",
    )
    story: list = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            story.append(_table(pending, doc.width))
            story.append(Spacer(1, 4 * mm))
            pending.clear()

    for line in text.split("\n"):
        if tables and "\t" in line:
            pending.append(line)
            continue
        flush()
        if STATISTICS_PAGE.match(line) and story:
            story.append(PageBreak())
        if line.strip():
            story.append(Paragraph(_markup(line.replace("\t", " ")), _BODY))
        else:
            story.append(Spacer(1, 2 * mm))
    flush()
    doc.build(story)
    return buffer.getvalue()


TEST_PASSWORD = "borsetshire"  # noqa: S105 - a throwaway password for a test file


def encrypted_pdf(text: str = "Annual Review letter\n\nDear Chief Executive") -> bytes:
    """A PDF that cannot be opened without a password."""
    return text_to_pdf(text, encrypt=TEST_PASSWORD)


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A tiny grey PNG image, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def image_only_pdf(pages: int = 2) -> bytes:
    """A 'scanned' letter: every page is a picture, there is no text layer."""
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    image = ImageReader(io.BytesIO(png_bytes(200, 280)))
    for _ in range(pages):
        pdf.drawImage(image, 20 * mm, 20 * mm, width=170 * mm, height=250 * mm)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def raw_pdf(objects: list[bytes]) -> bytes:
    """Assemble numbered objects (1 = catalog) into a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def bomb_pdf(inflated_mib: int = 512) -> bytes:
    """A one-page PDF (about 1/1000 of ``inflated_mib``) whose content stream inflates to
    ``inflated_mib`` MiB of whitespace: a decompression bomb."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (16 << 20)
    parts = [compressor.compress(chunk) for _ in range(max(1, inflated_mib // 16))]
    parts.append(compressor.flush())
    stream = b"".join(parts)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def many_pages_pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        pdf.drawString(72, 720, f"Page {number + 1} of a very long document")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()

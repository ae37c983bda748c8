"""Render a text extract as a minimal Word document (.docx) with zipfile, for the tests.

Lines that start with a tab (one cell each, as in the seed extracts) become table cells: a
run of such lines is one row, blank lines separate rows, and a plain line right after a cell
(no blank line between) is another paragraph of that cell. Other lines are paragraphs;
tabs inside them become ``<w:tab/>``. ``charts`` are added as ``word/charts/chartN.xml``
parts (series name, categories, values), as Word stores a chart's cached data.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_C = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'


def _para(text: str) -> str:
    runs = []
    for i, part in enumerate(text.split("\t")):
        if i:
            runs.append("<w:r><w:tab/></w:r>")
        if part:
            runs.append(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return f"<w:p>{''.join(runs)}</w:p>"


def _table(rows: list[list[list[str]]]) -> str:
    out = ["<w:tbl>"]
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            out.append("<w:tc>" + "".join(_para(p) for p in cell) + "</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _is_cell(line: str) -> bool:
    return line.startswith("\t") and line.count("\t") == 1


def text_to_docx(text: str, charts: list[tuple[str, list[str], list[float]]] = ()) -> bytes:
    body: list[str] = []
    rows: list[list[list[str]]] = []
    row: list[list[str]] = []
    previous_cell = False
    for line in text.split("\n"):
        if _is_cell(line):
            row.append([line[1:]])
            previous_cell = True
            continue
        if previous_cell and line.strip():
            row[-1].append(line)  # another paragraph of the same cell
            continue
        previous_cell = False
        if not line.strip() and row:
            rows.append(row)
            row = []
            continue
        if row:
            rows.append(row)
            row = []
        if rows and line.strip():
            body.append(_table(rows))
            rows = []
        body.append(_para(line))
    if row:
        rows.append(row)
    if rows:
        body.append(_table(rows))
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {_NS}><w:body>'
    document += "".join(body) + "</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", document)
        for number, (name, categories, values) in enumerate(charts, 1):
            archive.writestr(f"word/charts/chart{number}.xml", _chart(name, categories, values))
    return buffer.getvalue()


def _chart(name: str, categories: list[str], values: list[float]) -> str:
    cats = "".join(
        f'<c:pt idx="{i}"><c:v>{escape(c)}</c:v></c:pt>' for i, c in enumerate(categories)
    )
    vals = "".join(f'<c:pt idx="{i}"><c:v>{v:g}</c:v></c:pt>' for i, v in enumerate(values))
    return (
        f'<?xml version="1.0"?><c:chartSpace {_C}><c:chart><c:plotArea><c:barChart><c:ser>'
        f'<c:tx><c:strRef><c:strCache><c:pt idx="0"><c:v>{escape(name)}</c:v></c:pt>'
        f"</c:strCache></c:strRef></c:tx>"
        f"<c:cat><c:strRef><c:strCache>{cats}</c:strCache></c:strRef></c:cat>"
        f"<c:val><c:numRef><c:numCache>{vals}</c:numCache></c:numRef></c:val>"
        "</c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>"
    )

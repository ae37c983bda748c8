"""The briefing as a Word document (python-docx): the same document the page draws
(briefings.presenters), with Word's own headings, real tables (a header row repeated on each
page, rows never split across pages), bulleted lists and links, on A4."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from briefings.presenters import BriefingDocument, Bullets, Heading, Link, Paragraph, Table
from briefings.summary import ROUNDING

LINK_COLOUR = RGBColor(0x1D, 0x70, 0xB8)  # GOV.UK's link blue
MARGIN = Mm(18)
TEXT_WIDTH = Mm(210) - 2 * MARGIN
WORD_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _a4(document) -> None:
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)


def _link(paragraph, link: Link) -> None:
    """A hyperlink run (python-docx has no call for one): the text, then its address, as the
    page prints it."""
    r_id = paragraph.part.relate_to(link.url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(LINK_COLOUR))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.extend([colour, underline])
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = f"{link.text}: {link.url}" if link.text else link.url
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _paragraph(container, block: Paragraph, style: str | None = None) -> None:
    paragraph = container.add_paragraph(style=style)
    run = paragraph.add_run(block.text)
    if block.small:
        run.font.size = Pt(9)
    for n, link in enumerate(block.links):
        paragraph.add_run(" (" if n == 0 else "; ")
        _link(paragraph, link)
    if block.links:
        paragraph.add_run(")")


def _keep_row_whole(row, *, header: bool = False) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _widths(columns: int) -> list:
    """The first column (what each row is) wider than the figures'."""
    first = min(Mm(45), TEXT_WIDTH // columns * 2)
    return [first, *[(TEXT_WIDTH - first) // (columns - 1)] * (columns - 1)]


def _table(document, block: Table) -> None:
    caption = document.add_paragraph(style="Caption")
    caption.add_run(block.caption)
    table = document.add_table(rows=1, cols=len(block.headings), style="Table Grid")
    table.autofit = False
    widths = _widths(len(block.headings))
    for n, (cell, heading) in enumerate(zip(table.rows[0].cells, block.headings, strict=True)):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
        if n:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _keep_row_whole(table.rows[0], header=True)
    for values in block.rows:
        row = table.add_row()
        _keep_row_whole(row)
        for n, (cell, lines) in enumerate(zip(row.cells, values, strict=True)):
            first, *rest = lines or ("",)
            cell.paragraphs[0].add_run(first).bold = n == 0
            for line in rest:
                cell.add_paragraph(line)
            if n:  # figures line up on the right, as on the page
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid (LibreOffice reads it), and each cell (Word does)
        for cell in column.cells:
            cell.width = width
    document.add_paragraph()


def briefing_docx(briefing: BriefingDocument) -> bytes:
    """The .docx file's bytes."""
    document = Document()
    _a4(document)
    document.core_properties.title = briefing.title
    document.add_paragraph("Committee briefing", style="Subtitle")
    document.add_heading(briefing.title, level=0)
    for label, value in briefing.facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    _link(document.add_paragraph("This briefing on the web: "), Link("", briefing.page_url))
    document.add_heading("Summary", level=1)
    if briefing.summary:
        for sentence in briefing.summary:
            document.add_paragraph(sentence, style="List Bullet")
        _paragraph(document, Paragraph(ROUNDING, small=True))
    else:
        document.add_paragraph("No Ombudsman letter has been loaded for this council.")
    for section in briefing.sections:
        document.add_heading(section.heading, level=1)
        for block in section.blocks:
            if isinstance(block, Table):
                _table(document, block)
            elif isinstance(block, Heading):
                document.add_heading(block.text, level=2)
            elif isinstance(block, Bullets):
                for item in block.items:
                    _paragraph(document, item, style="List Bullet")
            else:
                _paragraph(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

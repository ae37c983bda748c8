"""Render a fictional 2014-2018 annual review letter the way the Ombudsman printed it.

The letters of those years are two pages of prose followed by a statistics page headed
"Local Authority Report: <council>" with three ruled tables:

1. "Complaints and enquiries received": one header row of service areas (narrow columns,
   so the names wrap over two to four lines), one row of counts, the last column "Total".
2. "Decisions made": a two-row header. "Detailed Investigations" is one cell spanning two
   sub-columns named "Not Upheld" and "Upheld" in the second header row; the second header
   row is empty under every other column. Then the row of figures ("52%" as Uphold Rate).
3. "Notes" | "Complaints Remedied" (spanning two sub-columns); a second header row with the
   notes' prose | "by LGO" | "Satisfactorily by Authority before LGO Involvement"; then a
   row: empty | N | M.

The spanning cells are reportlab ``SPAN``s, so pdfplumber's ``extract_tables`` reports them
as merged cells (``None`` beside the text), as it does for the original PDFs.

``render_table_letter(TableLetter(...))`` returns the PDF bytes. The options reproduce the
variations seen in the originals and in how a table can fall across pages: a landscape
statistics page, a table starting on a page of its own, a table split between its header
rows and its figures, statistics flowing on after the letter, headings in other letter
case, no "Other" column, and the 2014-15 wording of the remedied columns.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

NAVY = colors.HexColor("#1F3864")
GREY = colors.HexColor("#7F7F7F")
MARGIN = 22 * mm

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=12, leading=15)
SUBHEAD = ParagraphStyle(
    "subhead",
    parent=BODY,
    fontName="Helvetica-Bold",
    textColor=NAVY,
    fontSize=10.5,
    keepWithNext=1,
)
# The statistics page: no space before or after, so its flowables' heights add up exactly.
REPORT = ParagraphStyle("report", parent=TITLE, spaceAfter=0)
PERIOD = ParagraphStyle("period", parent=REPORT, fontSize=10, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7.5, leading=9.5, spaceAfter=0)
HEADING = ParagraphStyle(
    "heading", parent=REPORT, textColor=NAVY, fontSize=13, leading=16, spaceAfter=0
)
HEADER_CELL = ParagraphStyle(
    "header_cell",
    fontName="Helvetica-Bold",
    fontSize=7,
    leading=8.5,
    alignment=TA_CENTER,
    splitLongWords=0,
)
VALUE_CELL = ParagraphStyle("value_cell", parent=HEADER_CELL, fontName="Helvetica")
NOTE_CELL = ParagraphStyle("note_cell", parent=VALUE_CELL, fontSize=7, leading=8.5)

FOOTER = "PO Box 4771, Coventry CV4 0EH | Phone: 0300 061 0614 | Web: www.lgo.org.uk"

# The columns of the decisions table, in the order printed, with their usual headers.
DECISION_KEYS = (
    "incomplete_or_invalid",
    "advice_given",
    "referred_back",
    "closed_after_initial_enquiries",
    "not_upheld",
    "upheld",
    "uphold_rate",
    "total",
)
DECISION_LABELS = {
    "incomplete_or_invalid": "Incomplete or Invalid",
    "advice_given": "Advice Given",
    "referred_back": "Referred back for Local Resolution",
    "closed_after_initial_enquiries": "Closed After Initial Enquiries",
    "detailed_investigations": "Detailed Investigations",
    "not_upheld": "Not Upheld",
    "upheld": "Upheld",
    "uphold_rate": "Uphold Rate",
    "total": "Total",
}
REMEDIED_LABELS = ("by LGO", "Satisfactorily by Authority before LGO Involvement")
REMEDIED_LABELS_2015 = (
    "Remedied by LGO",
    "Remedied satisfactorily by Authority before LGO Involvement",
)
NOTES = (
    "The number of remedied complaints may not equal the number of upheld complaints. This "
    "is because, while we may uphold a complaint because we find fault, we may not always "
    "find grounds to say that fault caused injustice that ought to be remedied."
)

LGSCO = "Local Government and Social Care Ombudsman"
LGO = "Local Government Ombudsman"


@dataclass
class TableLetter:
    """One fictional table-era letter. ``received`` maps each service area, as printed and
    in column order, to its count, ending with "Total". ``decisions`` maps the keys of
    ``DECISION_KEYS`` to figures (``uphold_rate`` a whole percentage). ``remedied`` is
    (by the Ombudsman, by the authority)."""

    council: str
    period_end: date
    letter_date: date
    received: dict[str, int]
    decisions: dict[str, int]
    remedied: tuple[int, int]
    addressee: str = "Chief Executive"  # the person; "Dear <salutation>,"
    salutation: str = "Chief Executive"
    ombudsman: str = LGSCO
    signatory: str = "Michael King"
    # Layout options.
    landscape: bool = False  # the statistics page (only) in A4 landscape
    statistics_on_new_page: bool = True  # False: they follow "Yours sincerely" directly
    page_break_before: frozenset[str] = frozenset()  # {"decisions", "remedied"}
    # Push the statistics down the page so that reportlab splits the decisions table
    # between its two header rows and its figures row (not repeated on the next page).
    split_decisions: bool = False
    ruled: bool = True  # False: no grid lines (the tables are read from the text's layout)
    # Wordings.
    received_heading: str = "Complaints and enquiries received"
    decisions_heading: str = "Decisions made"
    decision_labels: dict[str, str] = field(default_factory=dict)  # overrides
    remedied_heading: str = "Complaints Remedied"
    remedied_labels: tuple[str, str] = REMEDIED_LABELS

    @property
    def year(self) -> int:
        return self.period_end.year

    def label(self, key: str) -> str:
        return self.decision_labels.get(key, DECISION_LABELS[key])


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text), style)


def _prose(letter: TableLetter) -> list:
    """The letter: about a page and a half, in the wording of the years 2015-2018 (written
    for these tests, not copied from any letter)."""
    y = letter.year
    acronym = "LGSCO" if letter.ombudsman == LGSCO else "LGO"
    story: list = [
        _p(_long_date(letter.letter_date)),
        Spacer(1, 10),
        _p("By email"),
        Spacer(1, 10),
    ]
    if letter.addressee == "Chief Executive":
        story.append(_p(f"Chief Executive {letter.council}"))
    else:
        story += [_p(letter.addressee, BODY.clone("tight", spaceAfter=0)),
                  _p("Chief Executive", BODY.clone("tight2", spaceAfter=0)),
                  _p(letter.council)]  # fmt: skip
    story += [
        Spacer(1, 10),
        _p(f"Dear {letter.salutation},"),
        Spacer(1, 4),
        _p(f"Annual Review letter {y}", TITLE),
        _p(
            "I am writing with our yearly summary of statistics on the complaints made to the "
            f"{letter.ombudsman} ({acronym}) about your authority for the year ended 31 March "
            f"{y}. The tables enclosed set out the number of complaints and enquiries we "
            "received about your authority and the decisions we made on them during the "
            "year. I hope you find this information useful in reviewing how your authority "
            "handles complaints."
        ),
        _p("Complaint statistics", SUBHEAD),
        _p(
            "When reading these statistics, please bear in mind that the number of complaints "
            "does not, on its own, show how well a council is performing. A high number of "
            "complaints can point to an open organisation that listens and learns, and "
            "sometimes gives early notice of wider difficulties. A low number can mean that "
            "an organisation is not hearing what the people it serves are telling it, rather "
            "than that all is well. I would therefore ask you to treat these figures as the "
            "beginning of a conversation and not as a final verdict on your authority. The "
            "number of upheld complaints matters most: it shows how often we find fault when "
            "we investigate. We also show how many complaints your authority had already put "
            "right, to our satisfaction, before they came to us."
        ),
        _p(
            "These statistics reflect the records we hold, which may differ from the records "
            "your authority keeps. Our figures include enquiries from people we advised to "
            "complain to the council first, some of whom will not have done so."
        ),
        _p(
            "As in previous years, we are publishing the figures for every authority on our "
            "website together with our annual review of local government complaints, so "
            "that anyone can see them and use them to scrutinise local services."
        ),
        _p("Our work in the year", SUBHEAD),
        _p(
            "The year brought changes to the way we work. We have reviewed how we assess new "
            "complaints so that people hear from us sooner, and we have published more of our "
            "decisions, including reports on the themes that recur across many councils. "
            "We want councils to be able to see at a glance where others have gone wrong, and "
            "to check their own services before the same problems reach us."
        ),
        _p(
            "We will continue to look at how these letters can be made more useful, and we "
            "expect to ask councils for their views on the information they would find most "
            "helpful in future years. I would welcome any comments you have in the meantime."
        ),
        _p("Supporting local scrutiny", SUBHEAD),
        _p(
            "These letters are also meant to help councillors hold their authority to "
            "account. Our website has a section for scrutiny committees and elected members, "
            "with complaints data, decisions, public interest reports, focus reports and "
            "suggested questions to ask. I would be grateful if you would share this letter "
            "with your members and draw their attention to these resources."
        ),
        _p("Learning from complaints", SUBHEAD),
        _p(
            "We publish what we learn from our investigations so that councils can learn "
            "from one another and avoid repeating the same mistakes. Many councils have "
            "worked with us constructively this year, putting things right for the people "
            "who complained and changing their procedures so that others do not suffer the "
            "same problem. That is the culture of learning we would like every council to "
            "share."
        ),
        _p("Complaint handling training", SUBHEAD),
        _p(
            "Our training programme for councils and care providers continues to be well "
            f"received. In {y - 1}-{y % 100:02d} we ran more than 50 courses for several "
            "hundred staff, on good complaint handling and on effective investigation. "
            "Details of the courses on offer are on our website."
        ),
        _p("Yours sincerely,"),
        Spacer(1, 16),
        _p(letter.signatory, BODY.clone("sig", spaceAfter=0)),
        _p(letter.ombudsman, BODY.clone("sig2", spaceAfter=0)),
        _p("Chair, Commission for Local Administration in England"),
    ]
    return story


def _header_cell(text: str) -> Paragraph:
    return Paragraph(escape(text), HEADER_CELL)


def _value_cell(text: str) -> Paragraph:
    return Paragraph(escape(text), VALUE_CELL)


_LINES = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
_GRID = [
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]


def _style(letter: TableLetter, *extra) -> TableStyle:
    return TableStyle([*(_LINES if letter.ruled else []), *_GRID, *extra])


def received_table(letter: TableLetter, width: float) -> Table:
    names = list(letter.received)
    data = [
        [_header_cell(name) for name in names],
        [_value_cell(str(letter.received[name])) for name in names],
    ]
    return Table(data, colWidths=[width / len(names)] * len(names), style=_style(letter))


def decisions_table(letter: TableLetter, width: float) -> Table:
    d = letter.decisions
    label = letter.label
    first = [
        _header_cell(label("incomplete_or_invalid")),
        _header_cell(label("advice_given")),
        _header_cell(label("referred_back")),
        _header_cell(label("closed_after_initial_enquiries")),
        _header_cell(label("detailed_investigations")),
        "",
        _header_cell(label("uphold_rate")),
        _header_cell(label("total")),
    ]
    second = ["", "", "", "", _header_cell(label("not_upheld")), _header_cell(label("upheld"))]
    second += ["", ""]
    figures = [_value_cell(f"{d['uphold_rate']}%" if k == "uphold_rate" else str(d[k]))
               for k in DECISION_KEYS]  # fmt: skip
    shares = [1.1, 1.0, 1.3, 1.3, 0.9, 0.9, 1.0, 0.8]
    widths = [width * s / sum(shares) for s in shares]
    style = _style(letter, ("SPAN", (4, 0), (5, 0)))
    return Table([first, second, figures], colWidths=widths, style=style)


def remedied_table(letter: TableLetter, width: float) -> Table:
    by_ombudsman, by_authority = letter.remedied
    data = [
        [_header_cell("Notes"), _header_cell(letter.remedied_heading), ""],
        [
            Paragraph(escape(NOTES), NOTE_CELL),
            _value_cell(letter.remedied_labels[0]),
            _value_cell(letter.remedied_labels[1]),
        ],
        ["", _value_cell(str(by_ombudsman)), _value_cell(str(by_authority))],
    ]
    widths = [width * 0.56, width * 0.15, width * 0.29]
    style = _style(letter, ("SPAN", (1, 0), (2, 0)))
    return Table(data, colWidths=widths, style=style)


class _PushDown(Flowable):
    """Take up all of the frame's remaining height but ``reserve`` points, so that what
    follows starts that far above the bottom of the page."""

    def __init__(self, reserve: float):
        super().__init__()
        self.reserve = reserve

    def wrap(self, available_width, available_height):
        self.height = max(0.0, available_height - self.reserve)
        return available_width, self.height

    def draw(self):
        pass


def _statistics(letter: TableLetter, width: float) -> list:
    """The statistics: a list of flowables, page breaks included."""
    intro = [
        _p(f"Local Authority Report: {letter.council}", REPORT),
        Spacer(1, 6),
        _p(f"For the Period Ending: {letter.period_end:%d/%m/%Y}", PERIOD),
        Spacer(1, 6),
        _p("Our website explains how to read these statistics:", SMALL),
        _p("http://www.lgo.org.uk/information-centre/reports/annual-review-reports", SMALL),
        Spacer(1, 14),
        _p(letter.received_heading, HEADING),
        Spacer(1, 8),
        received_table(letter, width),
        Spacer(1, 18),
    ]
    decisions = [_p(letter.decisions_heading, HEADING), Spacer(1, 8)]
    table = decisions_table(letter, width)
    remedied = [Spacer(1, 14), remedied_table(letter, width)]
    if "decisions" in letter.page_break_before:
        decisions.insert(0, PageBreak())
    if "remedied" in letter.page_break_before:
        remedied[0] = PageBreak()
    story = intro + decisions + [table] + remedied
    if letter.split_decisions:
        # Room for everything down to the decisions' header rows, and 3 points more: the
        # figures row cannot fit, so reportlab carries it over to the next page.
        above = intro + decisions
        height = sum(f.wrap(width, 10_000)[1] for f in above)
        table.wrap(width, 10_000)
        height += sum(table._rowHeights[:2]) + 3
        story = [_PushDown(height), *story]
    return story


def render_table_letter(letter: TableLetter) -> bytes:
    """The letter as a PDF: prose, then the statistics, with a 'Page N of M' footer."""
    _, pages = _build(letter, total=0)
    pdf, _ = _build(letter, total=pages)
    return pdf


def _build(letter: TableLetter, total: int) -> tuple[bytes, int]:
    buffer = io.BytesIO()

    def footer(canvas, doc) -> None:
        page_width = canvas._pagesize[0]
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(GREY)
        canvas.drawCentredString(page_width / 2, 14 * mm, FOOTER)
        canvas.drawCentredString(page_width / 2, 10.5 * mm, f"Page {doc.page} of {total}")
        canvas.restoreState()

    def frame(size) -> Frame:
        return Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, id="body")

    statistics_size = landscape(A4) if letter.landscape else A4
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Annual Review letter {letter.year}",
        author=letter.ombudsman,
        pageTemplates=[
            PageTemplate("letter", [frame(A4)], onPage=footer, pagesize=A4),
            PageTemplate(
                "statistics", [frame(statistics_size)], onPage=footer, pagesize=statistics_size
            ),
        ],
    )
    story = _prose(letter)
    width = statistics_size[0] - 2 * MARGIN
    if letter.statistics_on_new_page:
        story += [NextPageTemplate("statistics"), PageBreak()]
    else:
        story += [Spacer(1, 10)]
    story += _statistics(letter, width)
    doc.build(story)
    return buffer.getvalue(), doc.page

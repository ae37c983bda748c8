"""Builders for the briefing's tests: a small district whose latest year has few
investigations, beside a bigger one, with letters that must not count."""

import io
import re

import docx
import lxml.html

from documents.current import withdraw
from tests.support.factories import make_council, make_letter


def small_district_world() -> dict:
    """Lower Loxley (a district) with letters for 2019-20 to 2023-24, 4 investigations in
    2023-24; Hollerton (a district, 25 of 40 upheld each year, a 2023-24 letter giving no
    counts but percentages) and Borchester (a county) beside it; a superseded Lower Loxley
    letter, and a withdrawn one, that must count nowhere."""
    loxley = make_council(
        official_name="Lower Loxley District Council", short_name="Lower Loxley",
        slug="lower-loxley", population=40_000,
    )  # fmt: skip
    hollerton = make_council(short_name="Hollerton", slug="hollerton", population=90_000)
    county = make_council(
        short_name="Borsetshire County", slug="borsetshire-county", authority_type="county"
    )
    # (end year, upheld, investigated, compliance %, outcomes, remedies, basis, per 100k)
    figures = [
        (2020, 6, 9, 100, 3, 1, 6, 15.0),
        (2021, 5, 8, 50, 2, 0, 5, 12.5),
        (2022, 7, 12, 100, 4, 2, 7, 17.5),
        (2023, 2, 6, 100, 1, 1, 2, 5.0),
        (2024, 3, 4, 75, 4, 0, 3, 7.5),
    ]
    letters = {}
    for year, upheld, investigated, compliance, outcomes, remedies, basis, per_100k in figures:
        letters[year] = make_letter(
            loxley, year_end=year, upheld_count=upheld, investigations=investigated,
            upheld_percent=round(100 * upheld / investigated), upheld_average_percent=62,
            compliance_percent=compliance, compliance_outcomes=outcomes,
            compliance_average_percent=99, remedies=remedies, remedy_basis=basis,
            remedy_percent=round(100 * remedies / basis), remedy_average_percent=11,
            upheld_per_100k=per_100k, upheld_average_per_100k=9.1,
        )  # fmt: skip
    for year in range(2020, 2025):
        counts = {"upheld_count": 25, "investigations": 40, "remedies": 4, "remedy_basis": 25}
        if year == 2024:
            counts = {"upheld_count": None, "investigations": None, "remedies": None,
                      "remedy_basis": None}  # fmt: skip
        make_letter(hollerton, year_end=year, upheld_percent=62, compliance_percent=95,
                    compliance_outcomes=20, remedy_percent=16, **counts)  # fmt: skip
        make_letter(county, year_end=year, upheld_count=90, investigations=100)
    # Must count nowhere: an older version of 2022-23, and a withdrawn newer one of 2023-24.
    make_letter(loxley, year_end=2023, upheld_count=6, investigations=6, is_current=False)
    late = make_letter(loxley, year_end=2024, upheld_count=1, investigations=50,
                       upheld_percent=2, is_current=False)  # fmt: skip
    withdraw(late, reason="Uploaded for the wrong council.")
    return {"loxley": loxley, "hollerton": hollerton, "county": county, "letters": letters}


# Reading a briefing back: the page's and the Word document's tables and summary --------------

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
YEAR_LABEL = re.compile(r"\b(20\d\d)-(\d\d)\b")


def numbers(text: str) -> list[str]:
    """The figures in a text, reporting years ("2023-24") and the unit "per 100,000" left
    out, commas dropped."""
    text = YEAR_LABEL.sub(" ", text).replace("per 100,000", "per")
    return [n.replace(",", "") for n in NUMBER.findall(text)]


def page_briefing(html: str) -> dict:
    """{"summary": [sentence], "tables": [[[cell text, lines joined by newlines]]]} of the
    briefing page's article."""
    root = lxml.html.fromstring(html)
    article = root.get_element_by_id("summary").getparent()

    def text(element) -> str:
        for br in element.iter("br"):
            br.tail = "\n" + (br.tail or "")
        return "\n".join(line.strip() for line in element.text_content().strip().split("\n"))

    return {
        "summary": [
            text(li) for li in article.xpath(".//ul[contains(@class, 'app-briefing__summary')]/li")
        ],
        "tables": [
            [[text(cell) for cell in row.xpath("./th|./td")] for row in table.xpath(".//tr")]
            for table in article.xpath(".//table")
        ],
    }


def word_briefing(data: bytes) -> dict:
    """The same from the .docx, read with python-docx: the summary is the bulleted list under
    the "Summary" heading."""
    document = docx.Document(io.BytesIO(data))
    summary, in_summary = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            in_summary = paragraph.text == "Summary"
        elif in_summary and paragraph.style.name == "List Bullet":
            summary.append(paragraph.text)
    return {
        "summary": summary,
        "tables": [
            [["\n".join(p.text for p in cell.paragraphs) for cell in row.cells] for row in t.rows]
            for t in document.tables
        ],
        "document": document,
    }

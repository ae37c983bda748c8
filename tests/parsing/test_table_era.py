"""The 2014-2018 letters, rendered as the Ombudsman printed them (``table_letters.py``):
prose, then a statistics page of three ruled tables with spanning header cells. Each
fictional fixture has its exact expected output, written from the specification of those
tables, not from what any version of the parser does:

* council as printed in "Local Authority Report: X"; period_end from "For the Period
  Ending: dd/mm/yyyy", period_start a year before plus a day; letter_date from the date
  line;
* complaints_upheld from the decisions table: upheld = Upheld, investigations = Not Upheld
  + Upheld, percent = Uphold Rate; averages and per-100,000 figures null;
* received_by_service keyed by the service areas as printed (a header wrapped over several
  lines joined with single spaces, the typographic apostrophe kept), plus "Total";
* decisions and remedied as printed; overview, compliance and satisfactory_remedy null.

Every figure read must come with its evidence: the words of the letter it was read from.
"""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date
from functools import cache

import pdfplumber
import pytest

from letters.parsing import parse_letter

from .table_letters import LGO, REMEDIED_LABELS_2015, TableLetter, render_table_letter

NULL_SECTIONS = {
    "overview": {
        "dealt_with": None,
        "not_for_us": None,
        "assessed_and_closed": None,
        "investigated": None,
    },
    "compliance": {"percent": None, "average_percent": None, "outcomes": None},
    "satisfactory_remedy": {
        "percent": None,
        "average_percent": None,
        "remedies": None,
        "basis": None,
    },
}


def _upheld(percent: int, upheld: int, investigations: int) -> dict:
    return {
        "percent": percent,
        "average_percent": None,
        "upheld": upheld,
        "investigations": investigations,
        "per_100k": None,
        "average_per_100k": None,
    }


# name -> (the letter as printed, its exact expected to_dict() without warnings/evidence)
FIXTURES: dict[str, tuple[TableLetter, dict]] = {}

# 1. The plain case, laid out like the real 2017-18 letters: portrait, three pages, the
#    statistics on the last page with all nine service areas and "Other".
FIXTURES["felpersham-2018-portrait"] = (
    TableLetter(
        council="Felpersham City Council",
        period_end=date(2018, 3, 31),
        letter_date=date(2018, 7, 19),
        received={
            "Adult Care Services": 7,
            "Benefits and Tax": 4,
            "Corporate and Other Services": 3,
            "Education and Children’s Services": 9,
            "Environment Services": 5,
            "Highways and Transport": 6,
            "Housing": 11,
            "Planning and Development": 8,
            "Other": 1,
            "Total": 54,
        },
        decisions={
            "incomplete_or_invalid": 2,
            "advice_given": 1,
            "referred_back": 18,
            "closed_after_initial_enquiries": 15,
            "not_upheld": 7,
            "upheld": 9,
            "uphold_rate": 56,
            "total": 52,
        },
        remedied=(8, 1),
    ),
    {
        "council": "Felpersham City Council",
        "period_start": "2017-04-01",
        "period_end": "2018-03-31",
        "letter_date": "2018-07-19",
        "complaints_upheld": _upheld(56, 9, 16),
        "decisions": {
            "incomplete_or_invalid": 2,
            "advice_given": 1,
            "referred_back": 18,
            "closed_after_initial_enquiries": 15,
            "not_upheld": 7,
            "upheld": 9,
            "uphold_rate": 56,
            "total": 52,
        },
        "received_by_service": {
            "Adult Care Services": 7,
            "Benefits and Tax": 4,
            "Corporate and Other Services": 3,
            "Education and Children's Services": 9,
            "Environment Services": 5,
            "Highways and Transport": 6,
            "Housing": 11,
            "Planning and Development": 8,
            "Other": 1,
            "Total": 54,
        },
        "remedied": {"by_ombudsman": 8, "by_authority": 1},
        **NULL_SECTIONS,
    },
)

# 2. The statistics page in A4 landscape (wide columns: fewer header lines), the 2016-17
#    service areas with "&" in a name, and a letter addressed to a named chief executive.
FIXTURES["hollerton-2017-landscape"] = (
    TableLetter(
        council="Hollerton Unitary Council",
        period_end=date(2017, 3, 31),
        letter_date=date(2017, 7, 20),
        addressee="Mr Robert Snell",
        salutation="Mr Snell",
        landscape=True,
        received={
            "Adult Care Services": 14,
            "Benefits and Tax": 6,
            "Corporate and Other Services": 4,
            "Education and Children’s Services": 12,
            "Environmental Services & Public Protection & Regulation": 9,
            "Highways and Transport": 10,
            "Housing": 7,
            "Planning and Development": 13,
            "Other": 2,
            "Total": 77,
        },
        decisions={
            "incomplete_or_invalid": 3,
            "advice_given": 2,
            "referred_back": 30,
            "closed_after_initial_enquiries": 21,
            "not_upheld": 11,
            "upheld": 9,
            "uphold_rate": 45,
            "total": 76,
        },
        remedied=(7, 2),
    ),
    {
        "council": "Hollerton Unitary Council",
        "period_start": "2016-04-01",
        "period_end": "2017-03-31",
        "letter_date": "2017-07-20",
        "complaints_upheld": _upheld(45, 9, 20),
        "decisions": {
            "incomplete_or_invalid": 3,
            "advice_given": 2,
            "referred_back": 30,
            "closed_after_initial_enquiries": 21,
            "not_upheld": 11,
            "upheld": 9,
            "uphold_rate": 45,
            "total": 76,
        },
        "received_by_service": {
            "Adult Care Services": 14,
            "Benefits and Tax": 6,
            "Corporate and Other Services": 4,
            "Education and Children's Services": 12,
            "Environmental Services & Public Protection & Regulation": 9,
            "Highways and Transport": 10,
            "Housing": 7,
            "Planning and Development": 13,
            "Other": 2,
            "Total": 77,
        },
        "remedied": {"by_ombudsman": 7, "by_authority": 2},
        **NULL_SECTIONS,
    },
)

# 3. A district council: no "Other" column (and no adult care or education), headings and
#    column headers in sentence case ("Decisions Made", "Uphold rate", ...).
FIXTURES["borchester-2016-no-other-sentence-case"] = (
    TableLetter(
        council="Borchester Borough Council",
        period_end=date(2016, 3, 31),
        letter_date=date(2016, 7, 21),
        ombudsman=LGO,
        signatory="Dr Jane Martin",
        received_heading="Complaints and Enquiries Received",
        decisions_heading="Decisions Made",
        decision_labels={
            "incomplete_or_invalid": "Incomplete or invalid",
            "advice_given": "Advice given",
            "referred_back": "Referred back for local resolution",
            "closed_after_initial_enquiries": "Closed after initial enquiries",
            "detailed_investigations": "Detailed investigations",
            "not_upheld": "Not upheld",
            "uphold_rate": "Uphold rate",
        },
        remedied_heading="Complaints remedied",
        received={
            "Benefits and Tax": 5,
            "Corporate and Other Services": 2,
            "Environmental Services & Public Protection & Regulation": 6,
            "Highways and Transport": 1,
            "Housing": 8,
            "Planning and Development": 10,
            "Total": 32,
        },
        decisions={
            "incomplete_or_invalid": 1,
            "advice_given": 0,
            "referred_back": 14,
            "closed_after_initial_enquiries": 9,
            "not_upheld": 4,
            "upheld": 3,
            "uphold_rate": 43,
            "total": 31,
        },
        remedied=(3, 0),
    ),
    {
        "council": "Borchester Borough Council",
        "period_start": "2015-04-01",
        "period_end": "2016-03-31",
        "letter_date": "2016-07-21",
        "complaints_upheld": _upheld(43, 3, 7),
        "decisions": {
            "incomplete_or_invalid": 1,
            "advice_given": 0,
            "referred_back": 14,
            "closed_after_initial_enquiries": 9,
            "not_upheld": 4,
            "upheld": 3,
            "uphold_rate": 43,
            "total": 31,
        },
        "received_by_service": {
            "Benefits and Tax": 5,
            "Corporate and Other Services": 2,
            "Environmental Services & Public Protection & Regulation": 6,
            "Highways and Transport": 1,
            "Housing": 8,
            "Planning and Development": 10,
            "Total": 32,
        },
        "remedied": {"by_ombudsman": 3, "by_authority": 0},
        **NULL_SECTIONS,
    },
)

# 4. The statistics follow "Yours sincerely" on page 2, low on the page: the decisions
#    table's two header rows are the last thing on page 2 and its figures row (not under a
#    repeated header) is the first thing on page 3, followed by the remedied table.
FIXTURES["lakey-hill-2018-split-decisions"] = (
    TableLetter(
        council="Lakey Hill Metropolitan Borough Council",
        period_end=date(2018, 3, 31),
        letter_date=date(2018, 7, 18),
        statistics_on_new_page=False,
        split_decisions=True,
        received={
            "Adult Care Services": 21,
            "Benefits and Tax": 7,
            "Corporate and Other Services": 6,
            "Education and Children’s Services": 25,
            "Environment Services": 15,
            "Highways and Transport": 9,
            "Housing": 12,
            "Planning and Development": 14,
            "Other": 0,
            "Total": 109,
        },
        decisions={
            "incomplete_or_invalid": 4,
            "advice_given": 3,
            "referred_back": 41,
            "closed_after_initial_enquiries": 33,
            "not_upheld": 14,
            "upheld": 17,
            "uphold_rate": 55,
            "total": 112,
        },
        remedied=(15, 3),
    ),
    {
        "council": "Lakey Hill Metropolitan Borough Council",
        "period_start": "2017-04-01",
        "period_end": "2018-03-31",
        "letter_date": "2018-07-18",
        "complaints_upheld": _upheld(55, 17, 31),
        "decisions": {
            "incomplete_or_invalid": 4,
            "advice_given": 3,
            "referred_back": 41,
            "closed_after_initial_enquiries": 33,
            "not_upheld": 14,
            "upheld": 17,
            "uphold_rate": 55,
            "total": 112,
        },
        "received_by_service": {
            "Adult Care Services": 21,
            "Benefits and Tax": 7,
            "Corporate and Other Services": 6,
            "Education and Children's Services": 25,
            "Environment Services": 15,
            "Highways and Transport": 9,
            "Housing": 12,
            "Planning and Development": 14,
            "Other": 0,
            "Total": 109,
        },
        "remedied": {"by_ombudsman": 15, "by_authority": 3},
        **NULL_SECTIONS,
    },
)

# 5. Each table on a page of its own: received on page 3, decisions on page 4, remedied on
#    page 5 (the last page holds only the remedied table). A county council's services.
FIXTURES["borsetshire-2017-table-per-page"] = (
    TableLetter(
        council="Borsetshire County Council",
        period_end=date(2017, 3, 31),
        letter_date=date(2017, 7, 19),
        page_break_before=frozenset({"decisions", "remedied"}),
        received={
            "Adult Care Services": 31,
            "Corporate and Other Services": 3,
            "Education and Children’s Services": 28,
            "Environmental Services & Public Protection & Regulation": 5,
            "Highways and Transport": 22,
            "Planning and Development": 4,
            "Other": 1,
            "Total": 94,
        },
        decisions={
            "incomplete_or_invalid": 5,
            "advice_given": 4,
            "referred_back": 38,
            "closed_after_initial_enquiries": 24,
            "not_upheld": 12,
            "upheld": 16,
            "uphold_rate": 57,
            "total": 99,
        },
        remedied=(14, 2),
    ),
    {
        "council": "Borsetshire County Council",
        "period_start": "2016-04-01",
        "period_end": "2017-03-31",
        "letter_date": "2017-07-19",
        "complaints_upheld": _upheld(57, 16, 28),
        "decisions": {
            "incomplete_or_invalid": 5,
            "advice_given": 4,
            "referred_back": 38,
            "closed_after_initial_enquiries": 24,
            "not_upheld": 12,
            "upheld": 16,
            "uphold_rate": 57,
            "total": 99,
        },
        "received_by_service": {
            "Adult Care Services": 31,
            "Corporate and Other Services": 3,
            "Education and Children's Services": 28,
            "Environmental Services & Public Protection & Regulation": 5,
            "Highways and Transport": 22,
            "Planning and Development": 4,
            "Other": 1,
            "Total": 94,
        },
        "remedied": {"by_ombudsman": 14, "by_authority": 2},
        **NULL_SECTIONS,
    },
)

# 6. The 2014-15 wording: "Local Government Ombudsman", remedied columns headed "Remedied
#    by LGO" and "Remedied satisfactorily by Authority before LGO Involvement"; nothing
#    upheld (0%, and zeros that are figures, not blanks).
FIXTURES["loxley-barrett-2015-none-upheld"] = (
    TableLetter(
        council="Loxley Barrett Borough Council",
        period_end=date(2015, 3, 31),
        letter_date=date(2015, 7, 15),
        ombudsman=LGO,
        signatory="Dr Jane Martin",
        remedied_labels=REMEDIED_LABELS_2015,
        received={
            "Benefits and Tax": 4,
            "Corporate and Other Services": 1,
            "Environmental Services & Public Protection & Regulation": 3,
            "Highways and Transport": 2,
            "Housing": 5,
            "Planning and Development": 6,
            "Other": 0,
            "Total": 21,
        },
        decisions={
            "incomplete_or_invalid": 0,
            "advice_given": 2,
            "referred_back": 8,
            "closed_after_initial_enquiries": 7,
            "not_upheld": 3,
            "upheld": 0,
            "uphold_rate": 0,
            "total": 20,
        },
        remedied=(0, 0),
    ),
    {
        "council": "Loxley Barrett Borough Council",
        "period_start": "2014-04-01",
        "period_end": "2015-03-31",
        "letter_date": "2015-07-15",
        "complaints_upheld": _upheld(0, 0, 3),
        "decisions": {
            "incomplete_or_invalid": 0,
            "advice_given": 2,
            "referred_back": 8,
            "closed_after_initial_enquiries": 7,
            "not_upheld": 3,
            "upheld": 0,
            "uphold_rate": 0,
            "total": 20,
        },
        "received_by_service": {
            "Benefits and Tax": 4,
            "Corporate and Other Services": 1,
            "Environmental Services & Public Protection & Regulation": 3,
            "Highways and Transport": 2,
            "Housing": 5,
            "Planning and Development": 6,
            "Other": 0,
            "Total": 21,
        },
        "remedied": {"by_ombudsman": 0, "by_authority": 0},
        **NULL_SECTIONS,
    },
)

# 7. The service areas add up to 23 but the table's Total says 25: read as printed, and
#    warned about. Everything else is consistent.
FIXTURES["ambridge-2017-received-total-mismatch"] = (
    TableLetter(
        council="Ambridge District Council",
        period_end=date(2017, 3, 31),
        letter_date=date(2017, 7, 20),
        received={
            "Benefits and Tax": 3,
            "Corporate and Other Services": 2,
            "Environmental Services & Public Protection & Regulation": 4,
            "Highways and Transport": 1,
            "Housing": 6,
            "Planning and Development": 7,
            "Other": 0,
            "Total": 25,
        },
        decisions={
            "incomplete_or_invalid": 1,
            "advice_given": 1,
            "referred_back": 9,
            "closed_after_initial_enquiries": 6,
            "not_upheld": 2,
            "upheld": 3,
            "uphold_rate": 60,
            "total": 22,
        },
        remedied=(2, 1),
    ),
    {
        "council": "Ambridge District Council",
        "period_start": "2016-04-01",
        "period_end": "2017-03-31",
        "letter_date": "2017-07-20",
        "complaints_upheld": _upheld(60, 3, 5),
        "decisions": {
            "incomplete_or_invalid": 1,
            "advice_given": 1,
            "referred_back": 9,
            "closed_after_initial_enquiries": 6,
            "not_upheld": 2,
            "upheld": 3,
            "uphold_rate": 60,
            "total": 22,
        },
        "received_by_service": {
            "Benefits and Tax": 3,
            "Corporate and Other Services": 2,
            "Environmental Services & Public Protection & Regulation": 4,
            "Highways and Transport": 1,
            "Housing": 6,
            "Planning and Development": 7,
            "Other": 0,
            "Total": 25,
        },
        "remedied": {"by_ombudsman": 2, "by_authority": 1},
        **NULL_SECTIONS,
    },
)

# 8. The same letter printed without grid lines: no ruled table to find, so the tables are
#    read from the page's fixed-width layout (pdfplumber's layout text).
FIXTURES["felpersham-2018-unruled"] = (
    dataclasses.replace(FIXTURES["felpersham-2018-portrait"][0], ruled=False),
    FIXTURES["felpersham-2018-portrait"][1],
)

INCONSISTENT = {"ambridge-2017-received-total-mismatch"}
NAMES = list(FIXTURES)
RULED = [name for name in NAMES if FIXTURES[name][0].ruled]
CONSISTENT = [name for name in NAMES if name not in INCONSISTENT]


@cache
def pdf_of(name: str) -> bytes:
    return render_table_letter(FIXTURES[name][0])


@cache
def parsed(name: str) -> dict:
    return parse_letter(pdf_of(name), f"{name}.pdf").to_dict()


@cache
def page_tables(name: str) -> tuple[tuple[float, float, list], ...]:
    """(width, height, extract_tables()) for every page."""
    with pdfplumber.open(io.BytesIO(pdf_of(name))) as pdf:
        return tuple((p.width, p.height, p.extract_tables()) for p in pdf.pages)


def _types(value):
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    return type(value).__name__


# --- The parser's output ------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_figures_as_specified(name):
    result = parsed(name)
    expected = FIXTURES[name][1]
    actual = {k: v for k, v in result.items() if k not in ("warnings", "evidence")}
    assert actual == expected
    assert list(actual["received_by_service"]) == list(expected["received_by_service"])
    assert _types(actual) == _types(expected)  # counts are ints, not 9.0 or "9"


@pytest.mark.parametrize("name", CONSISTENT)
def test_consistent_letters_have_no_warnings(name):
    assert parsed(name)["warnings"] == []


def test_received_rows_not_adding_up_to_the_total_are_warned_about():
    warnings = parsed("ambridge-2017-received-total-mismatch")["warnings"]
    assert len(warnings) == 1, warnings
    (warning,) = warnings
    assert re.search(r"\b23\b", warning) and re.search(r"\b25\b", warning), warning
    assert "total" in warning.lower(), warning


def _printed_figures(name: str) -> dict[str, str]:
    """Each figure of the expected output (dotted name) -> how the letter prints it."""
    letter, expected = FIXTURES[name]
    printed = {
        "council": letter.council,
        "period_end": f"{letter.period_end:%d/%m/%Y}",
        "period_start": f"{letter.period_end:%d/%m/%Y}",  # derived from the period end
        "letter_date": f"{letter.letter_date.day} {letter.letter_date:%B %Y}",
        "complaints_upheld.percent": f"{letter.decisions['uphold_rate']}%",
        "complaints_upheld.upheld": str(letter.decisions["upheld"]),
        "remedied.by_ombudsman": str(letter.remedied[0]),
        "remedied.by_authority": str(letter.remedied[1]),
    }
    for key, value in letter.decisions.items():
        printed[f"decisions.{key}"] = f"{value}%" if key == "uphold_rate" else str(value)
    for service, count in letter.received.items():
        # One apostrophe in service names, whichever the letter printed.
        name = service.replace("\u2019", "'")
        printed[f"received_by_service.{name}"] = str(count)
    # Every non-null figure expected has a printed form here (investigations is a sum).
    leaves = {
        f"{section}.{key}" if isinstance(values, dict) else section
        for section, values in expected.items()
        for key, value in (values.items() if isinstance(values, dict) else [(None, values)])
        if value is not None
    }
    assert leaves - set(printed) == {"complaints_upheld.investigations"}
    return printed


def _contains(evidence: str, printed: str) -> bool:
    if not printed[0].isdigit():
        return printed in " ".join(evidence.split())
    # The figure as a whole number: "1" is not found in "13", nor "5" in "56%".
    tail = r"(?!\d)" if printed.endswith("%") else r"(?![\d%])"
    return re.search(rf"(?<![\d.,]){re.escape(printed)}{tail}", evidence) is not None


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_has_evidence_showing_it_as_printed(name):
    evidence = parsed(name)["evidence"]
    letter = FIXTURES[name][0]
    # The period end is printed twice: "For the Period Ending: 31/03/2017" on the statistics
    # page and "for the year ended 31 March 2017" in the letter; either is good evidence.
    year_ended = f"31 March {letter.period_end.year}"
    for path, printed in _printed_figures(name).items():
        assert path in evidence, f"no evidence for {path}"
        found = _contains(evidence[path], printed)
        if path in ("period_start", "period_end"):
            found = found or _contains(evidence[path], year_ended)
        assert found, (path, printed, evidence[path])
    investigations = evidence.get("complaints_upheld.investigations", "")
    for key in ("not_upheld", "upheld"):
        assert _contains(investigations, str(letter.decisions[key])), investigations


def test_unruled_tables_have_no_lines_to_find():
    """The unruled fixture really has no ruled table: it is read from its text's layout."""
    assert all(not tables for _, _, tables in page_tables("felpersham-2018-unruled"))


@pytest.mark.parametrize("name", NAMES)
def test_detailed_investigations_evidence_names_its_header_path(name):
    letter = FIXTURES[name][0]
    evidence = {k: " ".join(v.split()) for k, v in parsed(name)["evidence"].items()}
    for key in ("not_upheld", "upheld"):
        text = evidence[f"decisions.{key}"]
        assert letter.label("detailed_investigations") in text, text
        assert letter.label(key) in text, text
    assert evidence["decisions.upheld"] != evidence["decisions.not_upheld"]


# --- The PDFs really have the structure of the originals ---------------------------------


def _statistics_tables(name: str) -> list[list[list[str | None]]]:
    return [table for _, _, tables in page_tables(name) for table in tables]


def _find(tables, first_cell: str) -> list[list[str | None]]:
    (table,) = [t for t in tables if t[0][0] and " ".join(t[0][0].split()) == first_cell]
    return table


def _joined(cell: str | None) -> str | None:
    return None if cell is None else " ".join(cell.split("\n"))


@pytest.mark.parametrize("name", RULED)
def test_pdf_tables_have_the_structure_of_the_originals(name):
    letter = FIXTURES[name][0]
    tables = _statistics_tables(name)

    received = _find(tables, next(iter(letter.received)))
    assert [_joined(c) for c in received[0]] == list(letter.received)
    assert received[1] == [str(n) for n in letter.received.values()]

    decisions = _find(tables, letter.label("incomplete_or_invalid"))
    header, sub = decisions[0], decisions[1]
    spanning = header.index(letter.label("detailed_investigations"))
    assert header[spanning + 1] is None  # a merged cell, as pdfplumber reports it
    assert sub[0] == ""  # nothing under "Incomplete or Invalid" in the second header row
    assert sub[spanning : spanning + 2] == [letter.label("not_upheld"), letter.label("upheld")]

    remedied = _find(tables, "Notes")
    assert remedied[0][1:] == [letter.remedied_heading, None]
    assert [_joined(c) for c in remedied[1][1:]] == list(letter.remedied_labels)
    assert remedied[-1] == ["", *map(str, letter.remedied)]


def test_the_plain_letter_has_all_three_tables_on_its_last_page():
    width, height, tables = page_tables("felpersham-2018-portrait")[-1]
    assert len(page_tables("felpersham-2018-portrait")) == 3
    assert width < height
    assert len(tables) == 3
    received, decisions, remedied = tables
    # Narrow columns: service names wrapped over up to four lines, apostrophe typographic.
    assert "Education\nand\nChildren’s\nServices" in received[0]
    assert decisions[0][4:6] == ["Detailed Investigations", None]
    assert decisions[1][0] == ""
    assert decisions[1][4:6] == ["Not Upheld", "Upheld"]
    assert decisions[2][6] == "56%"
    assert remedied[0] == ["Notes", "Complaints Remedied", None]


def test_the_landscape_statistics_page_is_wider_than_tall():
    pages = page_tables("hollerton-2017-landscape")
    width, height, tables = pages[-1]
    assert width > height
    assert len(tables) == 3
    assert all(w < h for w, h, _ in pages[:-1])  # the letter itself is portrait


def test_the_split_decisions_table_has_its_figures_on_the_next_page():
    pages = page_tables("lakey-hill-2018-split-decisions")
    assert len(pages) == 3
    _, _, second = pages[1]
    _, _, third = pages[2]
    header_rows = second[-1]
    assert len(header_rows) == 2
    assert header_rows[0][0] == "Incomplete or\nInvalid"
    assert header_rows[1][4:6] == ["Not Upheld", "Upheld"]
    figures, remedied = third
    assert figures == [["4", "3", "41", "33", "14", "17", "55%", "112"]]
    assert remedied[0][0] == "Notes"


def test_each_table_on_a_page_of_its_own():
    pages = page_tables("borsetshire-2017-table-per-page")
    assert len(pages) == 5
    assert [len(tables) for _, _, tables in pages] == [0, 0, 1, 1, 1]
    assert pages[3][2][0][0][4:6] == ["Detailed Investigations", None]
    assert pages[4][2][0][0][0] == "Notes"


def test_the_2015_wording_of_the_remedied_columns():
    _, _, tables = page_tables("loxley-barrett-2015-none-upheld")[-1]
    remedied = tables[-1]
    assert [_joined(c) for c in remedied[1][1:]] == [
        "Remedied by LGO",
        "Remedied satisfactorily by Authority before LGO Involvement",
    ]


def test_the_pages_are_numbered_and_the_letter_reads_as_its_era():
    with pdfplumber.open(io.BytesIO(pdf_of("borsetshire-2017-table-per-page"))) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    assert all(f"Page {n} of 5" in text for n, text in enumerate(texts, 1))
    assert all("PO Box 4771, Coventry CV4 0EH" in text for text in texts)
    first = texts[0]
    for line in ("19 July 2017", "Chief Executive Borsetshire County Council",
                 "Dear Chief Executive,", "Annual Review letter 2017"):  # fmt: skip
        assert line in first
    assert "for the year ended 31 March 2017" in " ".join(first.split())
    assert "Yours sincerely," in texts[1]
    assert "Local Authority Report: Borsetshire County Council" in texts[2]
    assert "For the Period Ending: 31/03/2017" in texts[2]


def test_fixture_coverage():
    letters = [letter for letter, _ in FIXTURES.values()]
    assert any(letter.landscape for letter in letters)
    assert any(letter.split_decisions for letter in letters)
    assert any("remedied" in letter.page_break_before for letter in letters)
    assert any("decisions" in letter.page_break_before for letter in letters)
    assert any("Other" not in letter.received for letter in letters)
    assert any("Other" in letter.received for letter in letters)
    assert any(letter.decision_labels for letter in letters)
    assert any(letter.remedied_labels == REMEDIED_LABELS_2015 for letter in letters)
    assert len(letters) >= 5

"""The fictional 2014-2018 letters of the table-era tests (and the parser benchmark): each
as printed (a ``TableLetter`` for ``table_letters.render_table_letter``) with its exact
expected output, written from the specification of the tables."""

from __future__ import annotations

import dataclasses
from datetime import date

from tests.support.table_letters import LGO, REMEDIED_LABELS_2015, TableLetter

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

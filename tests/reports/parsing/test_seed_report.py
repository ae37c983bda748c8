"""The seed report (Cambridge City Council's Annual Complaints Report 2019-20) read from its
text extract, from a PDF and from a Word document rendered by the tests: every per-service
row of every year exactly as read by hand (tests/reports/expected.py)."""

from __future__ import annotations

import json
import re

import pytest

from documents.kinds import parse_document_sandboxed
from letters.parsing import LetterParseError, parse_letter
from letters.parsing.errors import COUNCIL_REPORT
from reports.parsing import (
    ParsedCouncilReport,
    parse_council_report,
)
from tests.support import report_expected as E
from tests.support.docx import text_to_docx
from tests.support.paths import SEED_REPORT, require_shared

REPORT = SEED_REPORT


def seed_report() -> str:
    return require_shared(REPORT).read_text(encoding="utf-8")


SOURCES = ["seed_report_from_text", "seed_report_from_pdf", "seed_report_from_docx"]


@pytest.mark.parametrize("source", SOURCES)
def test_every_service_row_of_every_year(source, request):
    report = request.getfixturevalue(source)
    assert [s.to_dict() for s in report.services] == E.expected_services()
    assert report.source == source.removeprefix("seed_report_from_")


@pytest.mark.parametrize("source", SOURCES)
def test_years_council_and_ombudsman_cases(source, request):
    report = request.getfixturevalue(source).to_dict()
    assert report["council"] == "Cambridge City Council"
    assert report["report_year"] == "2019-20"
    assert [y["year"] for y in report["years"]] == ["2017-18", "2018-19", "2019-20"]
    for year in report["years"]:
        assert {k: v for k, v in year.items() if k != "year"} == E.YEARS[year["year"]]
    assert report["ombudsman_cases_year"] == "2019-20"
    assert report["ombudsman_cases"] == E.OMBUDSMAN_CASES
    assert report["ombudsman_cases_total"] == E.OMBUDSMAN_CASES_TOTAL


def _has(warnings: list[str], *parts: str) -> bool:
    return any(all(p in w for p in parts) for w in warnings)


@pytest.mark.parametrize("source", SOURCES)
def test_disagreements_and_oddities_are_warnings(source, request):
    warnings = request.getfixturevalue(source).warnings
    # the odd "-8" compliments cell: a warning, not a negative count
    assert _has(warnings, "Commercial Services, 2017-18", '"-8"', "cannot be negative")
    # stated twice: 13 complaints to the Ombudsman in the text and tables, 10 in Fig 1
    assert _has(warnings, "2019-20", "complaints to the Ombudsman", "13 in the summary", "10 in")
    # "a decrease of 149 from the 526 complaints" to 398 is a decrease of 128
    assert _has(warnings, "Waste Services", "149", "128")
    # Planning's 2018-19 and 2017-18 rows repeat Environmental Health's
    planning = "Greater Cambridge Shared Planning Service"
    assert _has(warnings, planning, "2018-19, 2017-18", "identical")
    assert _has(warnings, '"Housing Maintenance & Assets" is labelled "Waste"')
    assert _has(warnings, '"1* + 7"', "recorded as 8")
    # the stage totals in the summary agree with the chart data: no warning for those
    assert not _has(warnings, "stage 1 complaints")
    assert not _has(warnings, "escalated to stage 2:")
    assert all(w == w.strip() and not re.search(r"\bNone\b", w) for w in warnings)


@pytest.mark.parametrize("source", ["seed_report_from_text", "seed_report_from_docx"])
def test_chart_data_compared_with_the_tables(source, request):
    warnings = request.getfixturevalue(source).warnings
    assert _has(warnings, "Revenues & Benefits, 2019-20", "table gives 31", "gives 30")
    assert _has(warnings, "Streets & Open Spaces, 2019-20", "table gives 88", "gives 76")
    assert _has(warnings, "Greater Cambridge Shared Planning Service", "111", "112")
    assert _has(warnings, '"Estates & Facilities"', "no service table matches")
    assert not _has(warnings, "Customer Services, 2019-20")  # 29 in both


def test_pdf_text_and_docx_agree_except_chart_warnings(
    seed_report_from_text, seed_report_from_pdf, seed_report_from_docx
):
    def core(report):
        data = report.to_dict()
        data["warnings"] = [w for w in data["warnings"] if "chart of complaints" not in w]
        return data

    assert core(seed_report_from_pdf) == core(seed_report_from_text)
    assert seed_report_from_docx.to_dict() == seed_report_from_text.to_dict()
    assert seed_report_from_pdf.pages > 1


def test_to_dict_is_json_and_round_trips(seed_report_from_text):
    data = json.loads(seed_report_from_text.to_json())
    assert data == seed_report_from_text.to_dict()
    assert ParsedCouncilReport.from_dict(data).to_dict() == data


def test_read_once_in_the_sandbox_it_is_the_same_report(seed_report_pdf, seed_report_from_pdf):
    """The upload reads a file once, in one sandboxed child, whatever it turns out to be."""
    parsed = parse_document_sandboxed(seed_report_pdf, "report.pdf")
    assert parsed.KIND == "council-report"
    assert parsed.to_dict() == seed_report_from_pdf.to_dict()


def test_docx_chart_parts_are_compared(seed_report_from_text):
    text = "\n".join(line for line in seed_report().split("\n") if line.count("\t") < 2)
    labels = ["Customer Services", "Revenues & Benefits", "Streets & Open Spaces", "Waste"]
    docx = text_to_docx(
        text,
        charts=[
            ("Sales", ["Stage 1", "Stage 2", "Stage 3", "LGO"], [1056, 75, 14, 10]),
            ("Series 1", labels, [29, 30, 76, 398]),
        ],
    )
    report = parse_council_report(docx, "report.docx")
    assert [s.to_dict() for s in report.services] == E.expected_services()
    assert _has(report.warnings, "Revenues & Benefits, 2019-20", "table gives 31", "gives 30")
    assert _has(report.warnings, "complaints to the Ombudsman", "10 in the chart data")
    assert not _has(report.warnings, "Greater Cambridge Shared Waste Service, 2019-20")


def test_the_letter_parser_still_refuses_the_report():
    with pytest.raises(LetterParseError) as err:
        parse_letter(seed_report().encode("utf-8"), "report.txt")
    assert err.value.message == COUNCIL_REPORT

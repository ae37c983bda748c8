"""Table-era letters as fixed-width layout text (what `pdftotext -layout` or pdfplumber's
layout mode give, and what a PDF without ruled tables falls back to)."""

from __future__ import annotations

import io

import pdfplumber

from letters.parsing import parse_letter
from tests.support.parsing import (
    FIXTURES,
    assert_evidence_complete,
    assert_matches,
    fixture_expected,
    seed_expected,
    seed_text,
    without_evidence,
)
from tests.support.pdfs import text_to_pdf


def layout_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(
            page.extract_text(layout=True, x_density=3.5) or "" for page in document.pages
        )


def test_2018_seed_as_layout_text():
    stem = "lgsco-2018-cambridge-city"
    text = layout_text(text_to_pdf(seed_text(stem)))
    assert "\t" not in text
    result = parse_letter(text.encode(), "letter.txt").to_dict()
    assert_matches(result, seed_expected(stem))
    assert result["warnings"] == []


def test_2016_fixture_as_layout_text():
    stem = "borsetshire-2016-tables"
    text = layout_text(text_to_pdf((FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")))
    result = parse_letter(text.encode(), "letter.txt").to_dict()
    assert without_evidence(result) == fixture_expected(stem)
    assert_evidence_complete(result)


def test_layout_text_with_single_space_between_wrapped_header_cells():
    text = """Local Authority Report: Ambridge Borough Council
For the Period Ending: 31/03/2016

Complaints and enquiries received
Adult Care   Benefits and  Corporate and Education and  Housing   Total
Services     Tax           Other Services Children's
                                          Services

2            3             1              4             5         15

Decisions made
Incomplete or  Advice Given   Referred back  Closed After      Not Upheld  Upheld  Uphold Rate Total
Invalid                       for Local      Initial Enquiries
                              Resolution

1              2              6              2                 1           3       75%         15
"""
    result = parse_letter(text.encode(), "layout.txt").to_dict()
    assert result["received_by_service"] == {
        "Adult Care Services": 2,
        "Benefits and Tax": 3,
        "Corporate and Other Services": 1,
        "Education and Children's Services": 4,
        "Housing": 5,
        "Total": 15,
    }
    assert result["decisions"]["closed_after_initial_enquiries"] == 2
    assert result["complaints_upheld"] == {
        "percent": 75,
        "average_percent": None,
        "upheld": 3,
        "investigations": 4,
        "per_100k": None,
        "average_per_100k": None,
    }
    assert result["warnings"] == []

"""Fixtures for every wording family and edge case (fictional councils), each with its
exact expected output, read from text and from a rendered PDF."""

from __future__ import annotations

import pytest

from letters.parsing import parse_letter
from tests.support.parsing import (
    FIXTURE_LETTERS,
    assert_evidence_complete,
    fixture_expected,
    fixture_text,
    without_evidence,
)
from tests.support.pdfs import text_to_pdf


@pytest.mark.parametrize("stem", FIXTURE_LETTERS)
def test_fixture_text(stem):
    result = parse_letter(fixture_text(stem).encode("utf-8"), f"{stem}.txt").to_dict()
    assert without_evidence(result) == fixture_expected(stem)
    assert_evidence_complete(result)


@pytest.mark.parametrize("stem", FIXTURE_LETTERS)
def test_fixture_pdf(stem):
    result = parse_letter(text_to_pdf(fixture_text(stem)), f"{stem}.pdf").to_dict()
    assert without_evidence(result) == fixture_expected(stem)
    assert_evidence_complete(result)


def test_fixture_coverage():
    """One fixture per wording family named in the issue."""
    names = " ".join(FIXTURE_LETTERS)
    for needed in ("tables", "vertical", "three-statistics", "none-upheld", "per-100k",
                   "overview", "web-page", "inconsistent"):  # fmt: skip
        assert needed in names

"""The four seed letters give exactly ../shared/seeds/expected/*.json, from the text
extracts and from PDFs rendered by the test suite (the 2018 one with real ruled tables)."""

from __future__ import annotations

import pytest

from letters.parsing import parse_letter
from letters.parsing.pdf import extract
from tests.support.parsing import EXPECTED, SEED_LETTERS, assert_matches, seed_expected, seed_text
from tests.support.paths import require_shared
from tests.support.pdfs import text_to_pdf

_PDF_CACHE: dict[str, bytes] = {}


def seed_pdf(stem: str) -> bytes:
    if stem not in _PDF_CACHE:
        _PDF_CACHE[stem] = text_to_pdf(seed_text(stem))
    return _PDF_CACHE[stem]


def test_the_seed_letters_are_there():
    """The two tests below run once per letter found: none found is a skip here (a failure
    in CI), never a silent pass."""
    require_shared(EXPECTED)
    assert len(SEED_LETTERS) >= 4, SEED_LETTERS


@pytest.mark.parametrize("stem", SEED_LETTERS)
def test_seed_text_gives_expected_json(stem):
    result = parse_letter(seed_text(stem).encode("utf-8"), f"{stem}.txt").to_dict()
    assert_matches(result, seed_expected(stem))
    assert result["warnings"] == []


@pytest.mark.parametrize("stem", SEED_LETTERS)
def test_seed_pdf_gives_expected_json(stem):
    letter = parse_letter(seed_pdf(stem), f"{stem}.pdf")
    assert letter.source == "pdf"
    assert letter.pages >= 2
    assert_matches(letter.to_dict(), seed_expected(stem))
    assert letter.warnings == []


def test_2018_pdf_tables_are_real_ruled_tables():
    """The table-era PDF is read through pdfplumber's table extraction, not text guesses."""
    extracted = extract(seed_pdf("lgsco-2018-cambridge-city"))
    headers = [row for table in extracted.tables for row in table.rows]
    assert ["1", "0", "11", "4", "1", "2", "", "67%", "19", ""] in headers
    assert any("Adult Care Services" in row for row in headers)


def test_seed_text_with_windows_line_endings_and_bom():
    stem = "lgsco-2020-canterbury-city"
    data = b"\xef\xbb\xbf" + seed_text(stem).replace("\n", "\r\n").encode("utf-8")
    assert_matches(parse_letter(data, "letter.txt").to_dict(), seed_expected(stem))

"""``lattice.ruled_grids`` (pypdfium2 alone) reads the same ruled tables as pdfplumber's
path (``pdf._tables``): the same rows, cell for cell, and the same titles, on a real
2017-18 letter (read from ../shared, never copied here), every rendered 2014-2018 fixture
and the 2018 seed letter rendered to PDF."""

from __future__ import annotations

from functools import cache

import pypdfium2 as pdfium
import pytest

from letters.parsing.lattice import ruled_grids
from letters.parsing.pdf import Grid, _join_continued, _tables
from tests.support.paths import REAL, SEED_LETTER_2018
from tests.support.pdfs import text_to_pdf
from tests.support.table_examples import FIXTURES, RULED
from tests.support.table_letters import render_table_letter

DONCASTER = REAL / "letters" / "doncaster-metropolitan-borough-council_2017-18.pdf"
SEED = SEED_LETTER_2018

DOCUMENTS = ["doncaster-2017-18", *RULED, "seed-lgsco-2018-cambridge-city"]


@cache
def _document(name: str) -> bytes:
    if name == "doncaster-2017-18":
        if not DONCASTER.exists():
            pytest.skip(f"the real letters are not at {DONCASTER.parent}")
        return DONCASTER.read_bytes()
    if name.startswith("seed-"):
        if not SEED.exists():
            pytest.skip(f"the shared seed letter is not at {SEED}")
        return text_to_pdf(SEED.read_text(encoding="utf-8"))
    return render_table_letter(FIXTURES[name][0])


def _pairs(grids: list[Grid]) -> list[tuple[list[list[str]], str]]:
    return [(grid.rows, grid.title) for grid in grids]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_same_grids_as_pdfplumber_page_by_page(name):
    data = _document(name)
    pdf = pdfium.PdfDocument(data)
    try:
        count = len(pdf)
        found = 0
        for index in range(count):
            expected = _pairs(_tables(data, [index])[0])
            assert ruled_grids(pdf, [index]) == expected, f"page {index}"
            found += len(expected)
    finally:
        pdf.close()
    assert found >= 2  # every document has ruled tables


@pytest.mark.parametrize("name", DOCUMENTS)
def test_same_tables_as_pdfplumber_once_continued_tables_are_joined(name):
    data = _document(name)
    pdf = pdfium.PdfDocument(data)
    try:
        pages = list(range(len(pdf)))
        grids = [Grid(rows=rows, title=title) for rows, title in ruled_grids(pdf, pages)]
    finally:
        pdf.close()
    assert _pairs(_join_continued(grids)) == _pairs(_join_continued(_tables(data, pages)[0]))


def test_a_page_without_a_ruled_table_gives_no_grids():
    data = text_to_pdf(
        "Annual Review letter\n\nDear Chief Executive\n\n"
        "Complaints and enquiries received\tHousing\t12\n" * 3,
        tables=False,
    )
    pdf = pdfium.PdfDocument(data)
    try:
        assert ruled_grids(pdf, list(range(len(pdf)))) == []
    finally:
        pdf.close()


def test_the_prose_pages_of_a_table_letter_give_no_grids():
    letter, _expected = FIXTURES["felpersham-2018-portrait"]
    pdf = pdfium.PdfDocument(render_table_letter(letter))
    try:
        assert ruled_grids(pdf, [0, 1]) == []
        assert len(ruled_grids(pdf, [2])) == 3
    finally:
        pdf.close()

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
  lines joined with single spaces, one apostrophe), plus "Total";
* decisions and remedied as printed; overview, compliance and satisfactory_remedy null.

Every figure read must come with its evidence: the words of the letter it was read from.
"""

from __future__ import annotations

import io
import re
from functools import cache

import pdfplumber
import pytest

from letters.parsing import parse_letter
from tests.support.table_examples import CONSISTENT, FIXTURES, NAMES, RULED
from tests.support.table_letters import REMEDIED_LABELS_2015, render_table_letter


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

"""The Ombudsman's real documents in ../shared/real: each gives exactly its expected output
(every field; warnings aside), with evidence for every figure, and the one that is not an
LGSCO letter is refused. They are test inputs read from ../shared, never copied here."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from letters.parsing import LetterParseError, parse_letter
from tests.support.parsing import assert_evidence_complete, assert_matches
from tests.support.paths import PROJECT_ROOT, REAL

POSITIVE = sorted(
    (path, REAL / "expected" / kind / f"{path.stem}.json")
    for kind in ("texts", "letters")
    for path in (REAL / kind).glob("*")
    if path.is_file()
)
NEGATIVE = sorted((REAL / "negative").glob("*"))


def test_the_real_documents_are_there():
    """In CI ../shared sits beside the checkout: a missing folder is a failure, not a skip."""
    assert len(POSITIVE) >= 5 and NEGATIVE, f"no real documents under {REAL}"


def _one_apostrophe(expected: dict) -> dict:
    """Service areas are named with one apostrophe, whichever the document printed, so that
    a service has one name across letters, PDFs and text extracts (the scorer folds them
    too)."""
    services = {k.replace("\u2019", "'"): v for k, v in expected["received_by_service"].items()}
    return {**expected, "received_by_service": services}


@pytest.mark.parametrize("path,expected", POSITIVE, ids=lambda p: getattr(p, "name", ""))
def test_real_document_is_read_exactly(path, expected):
    result = parse_letter(path.read_bytes(), path.name).to_dict()
    assert_matches(result, _one_apostrophe(json.loads(expected.read_text(encoding="utf-8"))))
    assert_evidence_complete(result)


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.name)
def test_real_document_from_another_ombudsman_is_refused(path):
    with pytest.raises(LetterParseError) as refused:
        parse_letter(path.read_bytes(), path.name)
    assert "not the Local Government and Social Care Ombudsman" in refused.value.message


def test_the_scorer_gives_full_marks():
    """The shared scorer, through `manage.py parse_letter --json` as a user runs it."""
    done = subprocess.run(
        [sys.executable, str(REAL / "score.py"), "-j", "2"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PY": sys.executable},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "files exact 5/5" in done.stdout.splitlines()[-1] or "100.0%" in done.stdout


def test_evidence_is_the_sentence_as_the_page_prints_it():
    """A statistics page has lines, not full stops: each figure's words are its own line or
    sentence, not the headings around it."""
    page = REAL / "texts" / "essex-county-council_2022-23.txt"
    evidence = parse_letter(page.read_bytes(), page.name).evidence
    assert evidence["compliance.percent"] == (
        "100% of cases we were satisfied the Council had successfully implemented our "
        "recommendations."
    )
    assert evidence["complaints_upheld.upheld"] == "41 upheld decisions"
    assert evidence["complaints_upheld.average_per_100k"] == (
        "The average for authorities of this type is 3.4 upheld decisions per 100,000 residents."
    )
    assert evidence["compliance.outcomes"] == (
        "Statistics are based on a total of 41 compliance outcomes for the period between "
        "1 April 2022 to 31 March 2023"
    )
    letter = REAL / "letters" / "doncaster-metropolitan-borough-council_2017-18.pdf"
    evidence = parse_letter(letter.read_bytes(), letter.name).evidence
    assert evidence["decisions.upheld"] == "Decisions made > Detailed Investigations > Upheld: 13"
    assert evidence["remedied.by_authority"] == (
        "Complaints remedied > Satisfactorily by Authority before LGO Involvement: 2"
    )

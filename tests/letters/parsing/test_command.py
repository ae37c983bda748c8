"""``python manage.py parse_letter FILE [--json]`` through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from letters.parsing import errors
from tests.support.parsing import FIXTURES, assert_matches, seed_expected, seed_text
from tests.support.paths import PROJECT_ROOT
from tests.support.pdfs import image_only_pdf, png_bytes, text_to_pdf

MANAGE = PROJECT_ROOT / "manage.py"


def run(*args):
    return subprocess.run(
        [sys.executable, str(MANAGE), "parse_letter", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )


def test_json_output_is_the_contract(tmp_path):
    stem = "lgsco-2018-cambridge-city"
    path = tmp_path / "letter.pdf"
    path.write_bytes(text_to_pdf(seed_text(stem)))
    done = run(path, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert_matches(result, seed_expected(stem))
    assert result["warnings"] == []


def test_json_has_every_key_and_nulls():
    done = run(FIXTURES / "loxley-barrett-web-page.txt", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["letter_date"] is None
    assert result["complaints_upheld"]["average_percent"] is None
    assert result["received_by_service"] == {}
    assert result["warnings"] == []


def test_human_summary():
    done = run(FIXTURES / "borsetshire-2025-overview.txt")
    assert done.returncode == 0, done.stderr
    assert "Borsetshire County Council" in done.stdout
    assert "dealt with 120" in done.stdout
    assert "80% upheld" in done.stdout


def test_warnings_are_shown_in_the_summary():
    done = run(FIXTURES / "borsetshire-2017-inconsistent-tables.txt")
    assert done.returncode == 0
    assert "Warnings:" in done.stdout
    assert "add up to 14" in done.stdout


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("empty.pdf", lambda: b"", errors.EMPTY),
        ("picture.pdf", png_bytes, errors.IMAGE_NOT_PDF),
        ("scan.pdf", image_only_pdf, errors.NO_TEXT_LAYER),
        ("random.pdf", lambda: bytes(range(256)) * 8, errors.NOT_A_PDF),
        (
            "unrelated.txt",
            lambda: (FIXTURES / "refused" / "unrelated-letter.txt").read_bytes(),
            errors.NOT_A_LETTER,
        ),
    ],
)
def test_refused_input_exits_2_with_one_line(tmp_path, name, make, message):
    done = run(_write(tmp_path, name, make()))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0] == f"{name}: {message}"
    assert "Traceback" not in done.stderr


def test_council_report_refused(tmp_path):
    from tests.support.parsing import require_seeds
    from tests.support.paths import SEED_REPORT

    require_seeds()
    done = run(SEED_REPORT, "--json")
    assert done.returncode == 2
    assert done.stderr.strip().endswith(errors.COUNCIL_REPORT)


def test_missing_file():
    done = run("/nonexistent/letter.pdf")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1

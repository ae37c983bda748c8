"""Where the tests' inputs are: the project, ../shared beside it (seed letters and report,
the Ombudsman's real documents, mySociety's register), and the parser fixtures kept here.
Every test module takes its paths from here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TESTS = PROJECT_ROOT / "tests"
SHARED = PROJECT_ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SEED_EXPECTED = SEEDS / "expected"
REAL = SHARED / "real"
REGISTER_CSV = SHARED / "data" / "uk-local-authorities" / "uk_local_authorities.csv"
LETTER_FIXTURES = TESTS / "letters" / "parsing" / "fixtures"

SEED_LETTER_2018 = SEEDS / "lgsco-2018-cambridge-city.txt"
SEED_REPORT = SEEDS / "cambridge-city-annual-complaints-report-2019-20.txt"


def require_shared(path: Path) -> Path:
    """``path``, a test input in ../shared: a missing one skips the calling test, except in
    CI (REQUIRE_SEEDS=1, set by .ci/run), where ../shared sits beside the checkout and a
    missing input is a failure."""
    if not path.exists():
        if os.environ.get("REQUIRE_SEEDS") == "1":
            pytest.fail(f"the shared test input is not at {path} (REQUIRE_SEEDS=1)")
        pytest.skip(f"the shared test input is not at {path}")
    return path

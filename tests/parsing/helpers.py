"""Shared paths and helpers for the parser tests (no database needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
SHARED = (PROJECT_ROOT / ".." / "shared").resolve()
SEEDS = SHARED / "seeds"
EXPECTED = SEEDS / "expected"
FIXTURES = HERE / "fixtures"
COUNCIL_REPORT_SEED = SEEDS / "cambridge-city-annual-complaints-report-2019-20.txt"

SEED_LETTERS = sorted(p.stem for p in EXPECTED.glob("*.json")) if EXPECTED.exists() else []
FIXTURE_LETTERS = sorted(p.stem for p in FIXTURES.glob("*.json"))


def require_seeds() -> None:
    if not SEEDS.exists():
        pytest.skip(f"the shared seed letters are not at {SEEDS}")


def seed_text(stem: str) -> str:
    require_seeds()
    return (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


def seed_expected(stem: str) -> dict:
    require_seeds()
    return json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))


def fixture_text(stem: str) -> str:
    return (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")


def fixture_expected(stem: str) -> dict:
    return json.loads((FIXTURES / f"{stem}.json").read_text(encoding="utf-8"))


def assert_matches(actual: dict, expected: dict) -> None:
    """Every field of ``expected`` equal in ``actual`` (ints stay ints), and no extra keys
    beyond ``warnings``."""
    assert set(actual) - {"warnings"} == set(expected) - {"warnings"}
    for key, value in expected.items():
        assert actual[key] == value, key
        assert _types(actual[key]) == _types(value), key


def _types(value):
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__

"""Helpers for the parser tests (no database needed)."""

from __future__ import annotations

import json
import re

from tests.support.paths import LETTER_FIXTURES as FIXTURES
from tests.support.paths import SEED_EXPECTED as EXPECTED
from tests.support.paths import SEEDS, require_shared

SEED_LETTERS = sorted(p.stem for p in EXPECTED.glob("*.json")) if EXPECTED.exists() else []
FIXTURE_LETTERS = sorted(p.stem for p in FIXTURES.glob("*.json"))


def require_seeds() -> None:
    """Skip without ../shared/seeds; fail instead in CI (see ``require_shared``)."""
    require_shared(SEEDS)


def seed_text(stem: str) -> str:
    return require_shared(SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


def seed_expected(stem: str) -> dict:
    return json.loads(require_shared(EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))


def fixture_text(stem: str) -> str:
    return (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")


def fixture_expected(stem: str) -> dict:
    return json.loads((FIXTURES / f"{stem}.json").read_text(encoding="utf-8"))


def without_evidence(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "evidence"}


def figures_read(result: dict) -> dict[str, object]:
    """Dotted field name -> value, for every figure the parser read (not null)."""
    read = {}
    for key, value in result.items():
        if key in ("warnings", "evidence"):
            continue
        if key == "received_by_service":
            read.update({f"{key}.{name}": n for name, n in value.items()})
        elif isinstance(value, dict):
            read.update({f"{key}.{k}": v for k, v in value.items() if v is not None})
        elif value is not None:
            read[key] = value
    return read


def assert_evidence_complete(result: dict) -> None:
    """Every figure read has its source text; evidence names only fields of the contract (a
    null one where the letter says so: "an average of n/a"). A count or percentage's
    evidence shows the figure as printed (or the words for none)."""
    read = figures_read(result)
    evidence = result["evidence"]
    assert set(read) <= set(evidence), set(read) - set(evidence)
    fields = {f"{k}.{f}" for k, v in result.items() if isinstance(v, dict) for f in v}
    fields |= {k for k, v in result.items() if not isinstance(v, dict | list)}
    assert set(evidence) <= fields | set(read), set(evidence) - fields - set(read)
    for path, value in read.items():
        text = evidence[path]
        assert text.strip(), path
        if (
            isinstance(value, int | float)
            and value
            and not path.endswith(("complaints_upheld.investigations", "satisfactory_remedy.basis"))
        ):
            assert re.search(rf"(?<![\d.]){re.escape(f'{value:,}')}|{value:g}", text), (path, text)


def assert_matches(actual: dict, expected: dict) -> None:
    """Every field of ``expected`` equal in ``actual`` (ints stay ints), and no extra keys
    beyond ``warnings`` and ``evidence``."""
    assert set(actual) - {"warnings", "evidence"} == set(expected) - {"warnings", "evidence"}
    for key, value in expected.items():
        assert actual[key] == value, key
        assert _types(actual[key]) == _types(value), key


def _types(value):
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__

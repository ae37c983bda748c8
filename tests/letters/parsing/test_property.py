"""Property: arbitrary text, arbitrary bytes and mutated seed letters never raise anything
but LetterParseError; whatever parses satisfies the JSON contract's shape."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.parsing import LetterParseError, parse_letter
from tests.support.parsing import FIXTURES, SEEDS

KEYS = {
    "council", "period_start", "period_end", "letter_date", "overview", "complaints_upheld",
    "compliance", "satisfactory_remedy", "decisions", "received_by_service", "remedied",
    "warnings", "evidence",
}  # fmt: skip

CORPUS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("lgsco-*.txt"))] + [
    p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))
]

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_or_refuse(data: bytes, filename: str) -> None:
    try:
        letter = parse_letter(data, filename)
    except LetterParseError as err:
        assert err.message and "\n" not in err.message
        return
    result = letter.to_dict()
    assert set(result) == KEYS
    for group in ("complaints_upheld", "compliance", "satisfactory_remedy"):
        for key in ("percent", "average_percent"):
            value = result[group][key]
            assert value is None or 0 <= value <= 100
    for value in result["received_by_service"].values():
        assert isinstance(value, int) and value >= 0
    assert all(isinstance(w, str) for w in result["warnings"])


@SETTINGS
@given(st.text(max_size=3000), st.sampled_from(["a.txt", "a.pdf", "upload", ""]))
def test_arbitrary_text(text, filename):
    parse_or_refuse(text.encode("utf-8", "surrogatepass"), filename)


@SETTINGS
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data):
    parse_or_refuse(data, "x.pdf")
    parse_or_refuse(b"%PDF-1.4\n" + data, "x.pdf")


_EDITS = st.tuples(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=200),
    st.text(alphabet="0123456789%.,/\t\n -*[]()abcnAUO\u00a0\u2013\u2019", max_size=12),
)


@SETTINGS
@given(st.sampled_from(CORPUS), st.lists(_EDITS, min_size=1, max_size=8))
def test_mutated_letters(text, edits):
    for position, length, replacement in edits:
        position %= max(1, len(text))
        text = text[:position] + replacement + text[position + length :]
    parse_or_refuse(text.encode("utf-8", "surrogatepass"), "letter.txt")

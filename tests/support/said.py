"""The fictional letters written for "What the Ombudsman said" and the search
(tests/letters/parsing/fixtures/said/): for each era's standard text, a letter to
Borsetshire County Council and one to Felpersham City Council of the same year, which share
that year's standard paragraphs and differ in what they say about each council. Two of them
speak of a witness summons, two of a public interest report; the others of neither.

Pure Python (no Django at import), so bench/ can make thousands of letters from them."""

from __future__ import annotations

import re

from tests.support.paths import LETTER_FIXTURES

SAID = LETTER_FIXTURES / "said"
COUNCILS = {"borsetshire": "Borsetshire County Council", "felpersham": "Felpersham City Council"}
ERAS = ("2017-tables", "2020-three-statistics", "2024-per-100k", "2025-overview")
YEAR_END = {"2017-tables": 2017, "2020-three-statistics": 2020, "2024-per-100k": 2024,
            "2025-overview": 2025}  # fmt: skip
STEMS = tuple(f"{council}-{era}" for era in ERAS for council in COUNCILS)
WITNESS_SUMMONS = frozenset({"felpersham-2020-three-statistics", "borsetshire-2024-per-100k"})
PUBLIC_INTEREST_REPORT = frozenset({"borsetshire-2017-tables", "felpersham-2024-per-100k"})


def said_text(stem: str) -> str:
    return (SAID / f"{stem}.txt").read_text(encoding="utf-8")


def council_of(stem: str) -> str:
    """The council's official name, as the letter prints it."""
    return COUNCILS[stem.split("-", 1)[0]]


# The paragraphs under the "performance" heading, up to the next heading.
_SPECIFIC = re.compile(
    r"(Your (?:authority|organisation)'s performance\n\n)(.*?)(\n\n(?:Supporting|Resources))",
    re.S,
)


def letter_for(stem: str, *, council_name: str, specific: list[str]) -> str:
    """The fixture ``stem`` as written to another council: its name in place of the
    fixture's council, and ``specific`` in place of what the fixture says about it."""
    text = said_text(stem).replace(council_of(stem), council_name)
    body = "\n\n".join(specific) if specific else "We have nothing further to add this year."
    return _SPECIFIC.sub(lambda m: m.group(1) + body + m.group(3), text, count=1)


def ingest_said(stem: str, council, *, text: str | None = None, filename: str | None = None):
    """Save the fixture (or ``text``) as an uploaded letter is saved once confirmed
    (letters.services.letter_ingest, which indexes it for the search): the AnnualLetter."""
    from letters.parsing import parse_letter
    from letters.services import letter_ingest

    data = (text if text is not None else said_text(stem)).encode("utf-8")
    parsed = parse_letter(data, f"{stem}.txt")
    return letter_ingest(
        parsed=parsed,
        data=data,
        filename=filename or f"{stem}.txt",
        council=council,
        uploaded_by=None,
        extracted_text=parsed.text,
    ).document

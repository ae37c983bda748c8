"""Fixtures of the open data's tests (the API, the feeds, the dataset): worlds built from
tests/conftest.py's councils and letters. Plain helpers are in tests/support/opendata.py."""

import pytest


@pytest.fixture
def letters_and_a_correction(corrected, data_admin):
    """Cambridge's corrected 2023-24 letter, Felpersham's 2023-24 letter uploaded twice (a
    new version), and a county's letter: the letter of Cambridge."""
    from councils.models import AuthorityType
    from tests.support.factories import make_council, make_letter

    felpersham = make_council(official_name="Felpersham District Council", slug="felpersham")
    make_letter(felpersham, upheld_percent=50, is_current=False)
    make_letter(felpersham, upheld_count=5, investigations=10, upheld_percent=50)
    county = make_council(
        official_name="Borsetshire County Council",
        slug="borsetshire-county",
        authority_type=AuthorityType.COUNTY,
    )
    make_letter(county)
    return corrected


@pytest.fixture
def many_years(ambridge, districts_2024, corrected):
    """Ambridge's six years and its neighbour's five, four districts and a county in
    2023-24 (with superseded and older letters that must not count), and Cambridge's
    corrected letter: 18 current letters."""


@pytest.fixture
def ambridge_two_years(db):
    """Ambridge District Council with letters for 2022-23 and 2023-24."""
    from tests.support.factories import make_council, make_letter

    council = make_council(official_name="Ambridge District Council", slug="ambridge")
    for year in (2023, 2024):
        make_letter(council, year_end=year, upheld_per_100k=3, upheld_average_per_100k=4.5)
    return council


@pytest.fixture
def said(db):
    """Borsetshire County Council and Felpersham City Council with every letter written for
    what the Ombudsman said (tests/support/said.py), read and saved as a confirmed upload is
    (letters.services.letter_ingest, which puts it in the search): stem -> AnnualLetter."""
    from councils.models import AuthorityType
    from letters.parsing import parse_letter
    from letters.services import letter_ingest
    from tests.support.factories import make_council
    from tests.support.said import COUNCILS, STEMS, said_text

    councils = {
        "borsetshire": make_council(
            official_name=COUNCILS["borsetshire"],
            slug="borsetshire",
            authority_type=AuthorityType.COUNTY,
        ),
        "felpersham": make_council(official_name=COUNCILS["felpersham"], slug="felpersham"),
    }
    letters = {}
    for stem in STEMS:
        data = said_text(stem).encode("utf-8")
        parsed = parse_letter(data, f"{stem}.txt")
        letters[stem] = letter_ingest(
            parsed=parsed,
            data=data,
            filename=f"{stem}.txt",
            council=councils[stem.split("-", 1)[0]],
            uploaded_by=None,
            extracted_text=parsed.text,
        ).document
    return letters

"""Fixtures of the search tests: the fictional councils and their letters written for what
the Ombudsman said (tests/support/said.py), saved through the services that save uploads,
so the search rows are made as they are in use."""

import pytest


@pytest.fixture
def said_councils(db):
    """Borsetshire County Council (a county) and Felpersham City Council (a district)."""
    from councils.models import AuthorityType
    from tests.support.factories import make_council

    return {
        "borsetshire": make_council(
            official_name="Borsetshire County Council",
            short_name="Borsetshire",
            slug="borsetshire",
            authority_type=AuthorityType.COUNTY,
        ),
        "felpersham": make_council(
            official_name="Felpersham City Council", short_name="Felpersham", slug="felpersham"
        ),
    }


@pytest.fixture
def said_letters(said_councils):
    """Every fictional letter written for what was said, uploaded: stem -> AnnualLetter."""
    from tests.support.said import STEMS, ingest_said

    return {stem: ingest_said(stem, said_councils[stem.split("-", 1)[0]]) for stem in STEMS}

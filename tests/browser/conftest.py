"""Fixtures of the browser tests of the pages' layout."""

import pytest


@pytest.fixture
def full_tables(register):
    """The register, seven years of letters for every district in the South East, and
    Canterbury with all a council page shows (tests/support/full_tables.py)."""
    from tests.support.full_tables import build_full_tables

    return build_full_tables()

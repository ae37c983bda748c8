"""The note beside a type's averages when the letters' stated average differs from the one
computed here, written from whatever the letters give (no 500 when no letter gives counts)."""

import pytest

from tests.support.factories import make_council, make_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_counts():
    """Two districts whose 2023-24 letters give only percentages (no counts to pool), with a
    stated average far from their mean."""
    councils = [make_council(slug=f"no-counts-{n}") for n in (1, 2)]
    for council, upheld in zip(councils, (60, 80), strict=True):
        make_letter(council, year_end=2024, upheld_percent=upheld, upheld_count=None,
                    investigations=None, upheld_average_percent=30)  # fmt: skip
    return councils


def test_a_stated_average_far_from_an_unpoolable_mean_is_noted_not_a_500(client, no_counts):
    note = "differs from the one computed here from 2 letters (70.0% mean)"
    for path in ("/councils/no-counts-1/", "/compare/district/2024/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert note in response.content.decode(), path

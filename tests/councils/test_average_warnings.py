"""The note beside a type's averages when the letters' stated average differs from the one
computed here, written from whatever the letters give (no 500 when no letter gives counts)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_stated_average_far_from_an_unpoolable_mean_is_noted_not_a_500(
    client, districts_without_counts
):
    note = "differs from the one computed here from 2 letters (70.0% mean)"
    for path in ("/councils/no-counts-1/", "/compare/district/2024/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert note in response.content.decode(), path

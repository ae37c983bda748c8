"""A council whose letters were all withdrawn stays in the list of councils, once, with no
figures (withdrawing a letter filed under the wrong council must not hide the council)."""

import pytest
from django.utils import timezone

from tests.support.factories import make_council, make_letter

pytestmark = pytest.mark.django_db


def test_a_council_with_only_withdrawn_letters_is_listed_once_without_figures(
    client, borsetshire, data_admin
):
    from letters.models import AnnualLetter

    letter = make_letter(borsetshire, year_end=2024)
    make_letter(borsetshire, year_end=2023, content=b"older")
    AnnualLetter.objects.filter(council=borsetshire).update(
        is_current=False,
        withdrawn_at=timezone.now(),
        withdrawn_by=data_admin,
        withdrawn_reason="Filed under the wrong council.",
    )
    rows = client.get("/councils/?_export=json").json()["rows"]
    mine = [row for row in rows if "Borsetshire" in str(row)]
    assert len(mine) == 1, mine
    assert str(letter.upheld_percent) not in str(mine[0]).replace("Borsetshire", "")
    other = make_council(short_name="Felpersham", slug="felpersham")
    make_letter(other, year_end=2024, content=b"felpersham")
    in_2024 = client.get("/councils/?year=2024&_export=json").json()["rows"]
    assert [row["council"] for row in in_2024] == ["Felpersham"]

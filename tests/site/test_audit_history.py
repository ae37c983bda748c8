"""History kept by PostgreSQL triggers: every route that changes data leaves a row with the
old and new values, and the context (who, where, why) the app attached."""

from decimal import Decimal

import pghistory
import pytest
from django.db import connection

from councils.models import Council, CouncilName
from letters import corrections
from letters.models import AnnualLetter, ServiceComplaintStats
from tests.support.admin_forms import change_url, form_data
from tests.support.factories import make_council
from tests.support.history import events

pytestmark = pytest.mark.django_db


def letter_diff(letter, column):
    """(old, new) of `column` in the newest history entry of the letter that changed it."""
    for entry in corrections.letter_history(letter):
        for diff in entry.diffs:
            if diff.column == column and entry.label == "update":
                return diff.old, diff.new, entry
    raise AssertionError(f"no recorded change of {column}")


def test_an_orm_save_is_recorded_with_old_and_new_values():
    council = make_council(official_name="Borsetshire District Council")
    council.official_name = "Borsetshire Borough Council"
    council.save()
    insert, update = events(Council, council)
    assert (insert.pgh_label, update.pgh_label) == ("insert", "update")
    assert insert.official_name == "Borsetshire District Council"
    assert update.official_name == "Borsetshire Borough Council"


def test_an_orm_save_of_a_letter_shows_in_its_history(letter):
    letter.upheld_percent = Decimal("71.5")
    letter.save()
    old, new, entry = letter_diff(letter, "upheld_percent")
    assert (old, new) == (Decimal("70"), Decimal("71.5"))
    assert entry.username is None  # no request, no user


def test_a_queryset_update_is_recorded(letter):
    with pghistory.context(reason="bulk fix"):
        assert AnnualLetter.objects.filter(pk=letter.pk).update(upheld_percent=64) == 1
    old, new, entry = letter_diff(letter, "upheld_percent")
    assert (old, new) == (Decimal("70"), Decimal("64"))
    assert entry.reason == "bulk fix"


def test_a_raw_sql_update_is_recorded(letter):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE letters_annualletter SET investigations = 31, upheld_percent = 66.5 "
            "WHERE id = %s",
            [letter.pk],
        )
    old, new, _ = letter_diff(letter, "upheld_percent")
    assert (old, new) == (Decimal("70"), Decimal("66.5"))
    old, new, _ = letter_diff(letter, "investigations")
    assert (old, new) == (30, 31)


def test_raw_sql_inside_a_context_carries_the_reason(letter):
    with pghistory.context(reason="manual fix from psql", user=None):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE letters_annualletter SET remedies = 3 WHERE id = %s", [letter.pk]
            )
    update = events(AnnualLetter, letter)[-1]
    assert update.remedies == 3
    assert update.pgh_context.metadata["reason"] == "manual fix from psql"


def test_an_update_that_changes_nothing_is_not_recorded(letter):
    AnnualLetter.objects.filter(pk=letter.pk).update(upheld_percent=70)
    assert [e.pgh_label for e in events(AnnualLetter, letter)] == ["insert"]


def test_deletes_and_bulk_inserts_are_recorded(letter):
    rows = ServiceComplaintStats.objects.bulk_create(
        [
            ServiceComplaintStats(
                council=letter.council,
                period_start=letter.period_start,
                period_end=letter.period_end,
                source=ServiceComplaintStats.Source.LGSCO_LETTER,
                letter=letter,
                service=service,
                complaints=n,
            )
            for n, service in enumerate(["Housing", "Planning"], start=4)
        ]
    )
    ServiceComplaintStats.objects.filter(service="Housing").delete()
    housing = events(ServiceComplaintStats, rows[0])
    assert [e.pgh_label for e in housing] == ["insert", "delete"]
    assert housing[-1].complaints == 4  # the deleted row's values are kept
    history = corrections.letter_history(letter)
    assert any(e.label == "delete" and "Housing" in e.what for e in history)


def test_council_names_are_tracked():
    council = make_council()
    name = CouncilName.objects.create(council=council, name="Borsetshire DC")
    CouncilName.objects.filter(pk=name.pk).update(name="Borsetshire D.C.")
    assert [e.name for e in events(CouncilName, name)] == ["Borsetshire DC", "Borsetshire D.C."]


def test_an_admin_request_records_user_and_url(client, letter):
    from tests.support.factories import make_user

    admin = make_user("dana", group="Data admins")
    client.force_login(admin)
    page = client.get(change_url(letter))
    client.post(change_url(letter), form_data(page, letter_date="2024-07-18", reason="Typo."))
    _, _, entry = letter_diff(letter, "letter_date")
    assert (entry.username, entry.url, entry.reason) == ("dana", change_url(letter), "Typo.")

"""History that cannot be erased: the event tables, pghistory's contexts and the record of
truncations refuse UPDATE, DELETE and TRUNCATE, whoever sends them (raw SQL here); a
TRUNCATE of a tracked table, which leaves no row events, is recorded."""

import pghistory
import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from psycopg.sql import SQL, Identifier

from core.history import FLUSHING
from councils.models import HistoryTruncation
from tests.support.factories import make_council, make_letter

pytestmark = pytest.mark.django_db

APPS = ("councils", "letters", "reports")
TRACKED = sorted(
    (m for a in APPS for m in apps.get_app_config(a).get_models() if hasattr(m, "pgh_event_model")),
    key=lambda m: m._meta.label,
)
EVENTS = [m.pgh_event_model for m in TRACKED]


def run(sql, *params):
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit: check those of this test's inserts
        # now, as a TRUNCATE in a transaction with checks pending is refused.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if not isinstance(sql, str):
            sql = sql.as_string(connection.connection)
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def refused(sql, *params):
    """The database's error for `sql` (which must fail), the transaction still usable."""
    with pytest.raises(DatabaseError) as error:
        with transaction.atomic():
            run(sql, *params)
    return str(error.value)


def test_the_public_figures_models_are_all_tracked():
    assert {m._meta.label for m in TRACKED} >= {
        "councils.Council",
        "councils.CouncilName",
        "letters.AnnualLetter",
        "letters.ServiceComplaintStats",
        "reports.CouncilReport",
        "reports.CouncilReportYear",
        "letters.Correction",
        "councils.CouncilSuccession",
        "councils.CouncilOfficer",
    }


@pytest.mark.parametrize("event_model", EVENTS, ids=lambda m: m._meta.db_table)
def test_an_event_table_refuses_update_delete_and_truncate(event_model):
    make_letter(make_council())  # some events in the council and letter tables
    table = Identifier(event_model._meta.db_table)
    before = run(SQL("SELECT count(*) FROM {}").format(table))
    for statement in (
        SQL("UPDATE {} SET pgh_label = 'forged'"),
        SQL("DELETE FROM {}"),
        SQL("TRUNCATE {}"),
    ):
        message = refused(statement.format(table))
        operation = statement.as_string(connection.connection).split()[0]
        assert f"{operation} of {event_model._meta.db_table} refused" in message
        assert "the history is append-only" in message
    assert run(SQL("SELECT count(*) FROM {}").format(table)) == before


def test_even_an_update_of_no_row_is_refused():
    assert "UPDATE of letters_annualletterevent refused" in refused(
        "UPDATE letters_annualletterevent SET pgh_label = 'x' WHERE false"
    )


@pytest.mark.parametrize("model", TRACKED, ids=lambda m: m._meta.db_table)
def test_a_truncate_of_a_tracked_table_is_recorded(model):
    make_letter(make_council())
    events = model.pgh_event_model.objects.count()
    with pghistory.context(reason="clearing out a test table", user=None):
        run(SQL("TRUNCATE {} CASCADE").format(Identifier(model._meta.db_table)))
    record = HistoryTruncation.objects.get(table_name=model._meta.db_table)
    assert record.database_user == run("SELECT session_user")[0][0]
    assert record.truncated_at is not None
    assert record.context["reason"] == "clearing out a test table"
    assert model.pgh_event_model.objects.count() == events  # the history stays


def test_a_truncate_cascading_to_other_tracked_tables_records_each():
    make_letter(make_council())
    run("TRUNCATE councils_council CASCADE")
    truncated = set(HistoryTruncation.objects.values_list("table_name", flat=True))
    assert {"councils_council", "councils_councilname", "letters_annualletter"} <= truncated
    assert HistoryTruncation.objects.get(table_name="councils_council").context is None


def test_the_record_of_truncations_is_append_only():
    run("TRUNCATE letters_servicecomplaintstats CASCADE")
    for sql in (
        "UPDATE history_truncation SET table_name = 'nothing'",
        "DELETE FROM history_truncation",
        "TRUNCATE history_truncation",
    ):
        assert "the history is append-only" in refused(sql)
    assert HistoryTruncation.objects.filter(table_name="letters_servicecomplaintstats").exists()


def test_pghistory_contexts_gain_metadata_but_never_lose_it():
    council = make_council()
    with pghistory.context(url="/somewhere/"):
        council.short_name = "Renamed"
        council.save()
        pghistory.context(reason="added later in the request")  # what the admin does
        council.short_name = "Renamed again"
        council.save()
    [(context_id, reason)] = run(
        "SELECT id, metadata ->> 'reason' FROM pghistory_context"
        " WHERE metadata ->> 'url' = '/somewhere/'"
    )
    assert reason == "added later in the request"  # pghistory's own update

    for sql in (
        "UPDATE pghistory_context SET metadata = metadata - 'reason' WHERE id = %s",
        "UPDATE pghistory_context SET metadata = jsonb_set(metadata, '{reason}', '\"forged\"')"
        " WHERE id = %s",
        "UPDATE pghistory_context SET created_at = created_at - interval '1 day' WHERE id = %s",
        "DELETE FROM pghistory_context WHERE id = %s",
    ):
        assert "pghistory_context refused: the history is append-only" in refused(sql, context_id)
    assert "TRUNCATE of pghistory_context refused" in refused("TRUNCATE pghistory_context CASCADE")
    # What pghistory itself does stays possible: add a key, fill in a value that was null.
    run(
        'UPDATE pghistory_context SET metadata = metadata || \'{"user": 7, "more": 1}\''
        " WHERE id = %s",
        context_id,
    )


def test_flush_may_empty_the_history_of_a_test_database_only(settings):
    """What `flush` (the test runner's reset between transactional tests) relies on: with
    core.history.FLUSHING set, a test database lets the history be truncated, unrecorded."""
    make_letter(make_council())
    assert run("SELECT current_database()")[0][0].startswith("test_")
    run("SELECT set_config(%s, 'on', true)", FLUSHING)
    run("TRUNCATE letters_annualletter, letters_annualletterevent, pghistory_context CASCADE")
    assert not HistoryTruncation.objects.exists()
    run("SELECT set_config(%s, '', true)", FLUSHING)
    assert "TRUNCATE of letters_annualletterevent refused" in refused(
        "TRUNCATE letters_annualletterevent"
    )

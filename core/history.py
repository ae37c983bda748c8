"""History helpers: what the pghistory triggers record, what keeps that record whole, and
what every change a person makes carries with it (who, and why).

Every tracked model is tracked with ``history_trackers()``: triggers record each insert,
update and delete in its ``*Event`` table, and (``HistoryKept``) the event table refuses
UPDATE, DELETE and TRUNCATE, and a TRUNCATE of the tracked table, which leaves no row
events, is recorded in ``TRUNCATIONS_TABLE`` (the model ``councils.HistoryTruncation``).

The one way round the refusals is ``flush`` in a test database (the test runner empties
every table between transactional tests): it sets ``FLUSHING`` for its statement, and the
triggers let a TRUNCATE through, unrecorded, only when that is set and the database's name
starts with ``test_``. Whoever owns the tables can still drop a trigger: these stop the
application, a script or a slip in psql from rewriting the record, not the database's owner
(the deployment gives the web processes a role that does not own the tables for that)."""

from textwrap import dedent

import pghistory
import pgtrigger

# Where a TRUNCATE of a tracked table is recorded (councils.HistoryTruncation's table).
TRUNCATIONS_TABLE = "history_truncation"
# The setting `flush` sets while it empties a test database.
FLUSHING = "history.flushing"
FLUSH_IN_A_TEST_DATABASE = (
    f"(current_setting('{FLUSHING}', true) = 'on' AND starts_with(current_database(), 'test_'))"
)
APPEND_ONLY = "history is append-only"


# PL/pgSQL refusing the statement, naming the operation and the table (a TRUNCATE by
# flush in a test database excepted).
REFUSE = dedent(f"""
    IF TG_OP = 'TRUNCATE' AND {FLUSH_IN_A_TEST_DATABASE} THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% of % refused: the {APPEND_ONLY}', TG_OP, TG_TABLE_NAME
        USING HINT = 'Recorded history is never changed or erased: change the data itself.';
""")


class AppendOnly(pgtrigger.Trigger):
    """Refuses UPDATE, DELETE and TRUNCATE of a table whose rows are a record: any of them,
    even of no row, is an error naming the table."""

    when = pgtrigger.Before
    level = pgtrigger.Statement
    operation = pgtrigger.Update | pgtrigger.Delete | pgtrigger.Truncate

    func = REFUSE


class TruncationRecorded(pgtrigger.Trigger):
    """Records a TRUNCATE of a tracked table (which writes no row events): the table, when,
    the database user and client address, and the app's history context if it set one."""

    when = pgtrigger.After
    level = pgtrigger.Statement
    operation = pgtrigger.Truncate

    func = dedent(f"""
        IF {FLUSH_IN_A_TEST_DATABASE} THEN
            RETURN NULL;
        END IF;
        INSERT INTO {TRUNCATIONS_TABLE}
            (table_name, truncated_at, database_user, client_address, context)
        VALUES (
            TG_TABLE_NAME, NOW(), SESSION_USER, inet_client_addr(),
            NULLIF(current_setting('pghistory.context_metadata', true), '')::jsonb
        );
        RETURN NULL;
    """)  # noqa: S608 - a constant table name, no input


class HistoryKept(pghistory.Tracker):
    """Not an event of its own: what keeps a tracked model's history whole. Its event table
    is append-only (AppendOnly), and a TRUNCATE of the tracked table is recorded
    (TruncationRecorded)."""

    label = "history_kept"

    def setup(self, event_model):
        pgtrigger.register(AppendOnly(name="append_only"))(event_model)
        pgtrigger.register(TruncationRecorded(name="truncation_recorded"))(
            event_model.pgh_tracked_model
        )


def history_trackers() -> list:
    """Every insert, update (of any column, however made) and delete, recorded by triggers,
    in an event table that cannot be changed or emptied (HistoryKept)."""
    return [
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(condition=pgtrigger.Condition("OLD.* IS DISTINCT FROM NEW.*")),
        pghistory.DeleteEvent(),
        HistoryKept(),
    ]


REASON_REQUIRED = "Give the reason for the change: it is shown beside each corrected figure."


def user_context(user) -> dict:
    """pghistory context naming the user who made a change (none from a shell)."""
    return {"user": user.pk} if user is not None and user.pk is not None else {}

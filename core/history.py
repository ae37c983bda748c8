"""History helpers: what the pghistory triggers record, what keeps that record whole, what
every change a person makes carries with it (who, and why), and reading it back for the
admin's change pages (``read_history``: old -> new per field, who, from where, why).

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

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from textwrap import dedent

import pghistory
import pgtrigger
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet

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


# --- Reading the history back (the admin's change pages) -------------------------------


@dataclass
class FieldDiff:
    """One field of one change: its label, the value before and after, and both as written
    on the page."""

    column: str
    label: str
    old: object
    new: object
    old_display: str = ""
    new_display: str = ""


@dataclass
class HistoryEntry:
    """One recorded change (an event): when, what, each field it changed, who, from which
    URL and why."""

    id: int
    at: datetime
    label: str
    what: str
    username: str | None
    url: str | None
    reason: str | None
    diffs: list[FieldDiff] = field(default_factory=list)
    revertible: bool = False


def _verbose_name(model, column: str) -> str:
    try:
        return str(model._meta.get_field(column).verbose_name)
    except FieldDoesNotExist:
        for f in model._meta.concrete_fields:  # named by its column (the "_id" of a key)
            if f.attname == column:
                return str(f.verbose_name)
        return column


@dataclass
class HistorySource:
    """The events of one tracked model to show (a queryset of its event model) and how to
    write them. By default a field is labelled with its verbose name and is a percentage
    when its name ends in "_percent"."""

    events: QuerySet
    describe: Callable[[object], str]  # "Letter", "Service row “Housing”"
    label: Callable[[str], str] | None = None
    is_percent: Callable[[str], bool] = field(default=lambda column: column.endswith("_percent"))
    # The fields an insert (or snapshot) lists, when not every field with a value.
    listed_on_insert: Collection[str] | None = None
    # An update that changed one of these may be reverted (the admin offers a button).
    revertible: Collection[str] = ()
    hidden: Collection[str] = ()

    def label_of(self, column: str) -> str:
        if self.label is not None:
            return self.label(column)
        return _verbose_name(self.events.model.pgh_tracked_model, column)


def _columns(event_model, hidden) -> list[str]:
    return [
        f.attname
        for f in event_model._meta.concrete_fields
        if not f.name.startswith("pgh_") and f.attname not in {"id", *hidden}
    ]


def _same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        if a is None or b is None:
            return a is b
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


def _source_entries(source: HistorySource, show) -> list[HistoryEntry]:
    def diff(column, old, new) -> FieldDiff:
        percent = source.is_percent(column)
        return FieldDiff(
            column, source.label_of(column), old, new, show(old, percent), show(new, percent)
        )

    events = source.events.select_related("pgh_context").order_by("pgh_id")
    columns = _columns(events.model, source.hidden)
    entries, previous = [], {}
    for event in events:
        # One object's events follow each other (a link table's rows have no object).
        obj = getattr(event, "pgh_obj_id", None)
        before = previous.get(obj)
        diffs = []
        if event.pgh_label == "update" and before is not None:
            diffs = [
                diff(c, getattr(before, c), getattr(event, c))
                for c in columns
                if not _same(getattr(before, c), getattr(event, c))
            ]
        elif event.pgh_label in ("insert", "delete", "snapshot"):
            gone = event.pgh_label == "delete"
            diffs = [
                diff(c, getattr(event, c) if gone else None, None if gone else getattr(event, c))
                for c in columns
                if getattr(event, c) not in (None, "", [], {})
                and (source.listed_on_insert is None or c in source.listed_on_insert)
            ]
        previous[obj] = event
        context = event.pgh_context.metadata if event.pgh_context_id else {}
        entries.append(
            HistoryEntry(
                id=event.pgh_id,
                at=event.pgh_created_at,
                label=event.pgh_label,
                what=source.describe(event),
                username=context.get("user"),
                url=context.get("url"),
                reason=context.get("reason"),
                diffs=diffs,
                revertible=event.pgh_label == "update"
                and any(d.column in source.revertible for d in diffs),
            )
        )
    return entries


def read_history(*sources: HistorySource, show: Callable[[object, bool], str]):
    """Every recorded change of these sources, newest first, each with the fields it
    changed (old -> new, written by ``show(value, is_percent)``), who made it (their
    username), from which URL and why."""
    entries = [entry for source in sources for entry in _source_entries(source, show)]
    user_ids = {e.username for e in entries if e.username is not None}
    names = dict(
        get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username")
        if user_ids
        else []
    )
    for entry in entries:
        if entry.username is not None:
            entry.username = names.get(entry.username, f"user #{entry.username}")
    return sorted(entries, key=lambda e: (e.at, e.id), reverse=True)

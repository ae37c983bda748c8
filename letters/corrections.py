"""Hand corrections of a letter's figures, the letter's history and reverting a change.

Every change to a letter, however made (admin, re-parse, a queryset .update(), raw SQL),
is recorded by PostgreSQL triggers (django-pghistory) in AnnualLetterEvent, with the
context the app attached: the user and URL (middleware) and a reason. A correction made
here also leaves a `Correction` row per figure: which columns a re-parse must leave alone,
and what the public pages say about the figure ("corrected 3 March 2027: was 68%").
A council report's year is corrected the same way (figures_correct, from reports.corrections),
and so is a service row (service_row_correct).
"""

from decimal import Decimal

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.history import REASON_REQUIRED, HistoryEntry, HistorySource, read_history, user_context
from letters.figures import FIGURE_COLUMNS, show_value
from letters.models import AnnualLetter, Correction, ServiceComplaintStats

# What a revert may set back: the figures and the two other fields an admin may edit.
REVERTIBLE_COLUMNS = [*FIGURE_COLUMNS, "letter_date", "council_name_as_printed"]
# Not worth showing in a diff: bookkeeping, or (the extracted text) not recorded at all.
HIDDEN_IN_DIFF = {"id", "extracted_text", "evidence"}  # evidence: the words, not a figure

NOTHING_TO_REVERT = "Change #{id} cannot be reverted: {why}."
REVERT_REASON = "Reverted change #{id}"


class CorrectionRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        if a is None or b is None:
            return a is b
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


def columns_in_force(letter: AnnualLetter) -> set[str]:
    """The columns of a letter with a correction in force."""
    return set(
        Correction.objects.in_force().filter(letter_id=letter.pk).values_list("column", flat=True)
    )


def latest_event_id(model, pk: int) -> int | None:
    """The newest history event of one row of a tracked model (a letter, a report year)."""
    return (
        model.pgh_event_model.objects.filter(pgh_obj_id=pk)
        .order_by("-pgh_id")
        .values_list("pgh_id", flat=True)
        .first()
    )


def supersede(*, column: str, why: str, **owner) -> Correction | None:
    """Withdraw the correction in force on a column of `owner` (``letter=`` or
    ``report_year=``, an object or its id via ``letter_id=``...), if any, and return it."""
    current = Correction.objects.in_force().filter(column=column, **owner).first()
    if current is not None:
        current.withdrawn_at = timezone.now()
        current.withdrawn_reason = why
        current.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    return current


@transaction.atomic
def figures_correct(*, obj, columns, owner: str, reason: str, user=None) -> list[Correction]:
    """Save `obj` (a letter, or a report's year), changed in memory by a data admin,
    recording why: the one way a figure of either kind is corrected.

    Each of `columns` that changed gets a Correction naming `obj` as `owner` (superseding
    an earlier one on the same figure); every change, figures or not, is in the history
    with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise CorrectionRefused(REASON_REQUIRED)
    model = type(obj)
    stored = model.objects.select_for_update().get(pk=obj.pk)
    changed = {
        column: getattr(stored, column)
        for column in columns
        if not _same(getattr(stored, column), getattr(obj, column))
    }
    with pghistory.context(reason=reason, **user_context(user)):
        obj.save()
        if not changed:
            return []
        event_id = latest_event_id(model, obj.pk)
        corrections = []
        for column, old in changed.items():
            previous = supersede(
                column=column, why=f"Superseded by change #{event_id}", **{owner: obj}
            )
            corrections.append(
                Correction.objects.create(
                    **{owner: obj},
                    column=column,
                    old_value=old,
                    new_value=getattr(obj, column),
                    reason=reason,
                    made_by=user,
                    history_id=event_id,
                    supersedes=previous,
                )
            )
        return corrections


def service_row_correct(*, row: ServiceComplaintStats, reason: str, user=None) -> list[Correction]:
    """Save a service row, changed in memory by a data admin, recording why: each figure
    changed is a Correction (a re-parse keeps it), as a letter's is."""
    return figures_correct(
        obj=row,
        columns=ServiceComplaintStats.FIGURE_COLUMNS,
        owner="service_row",
        reason=reason,
        user=user,
    )


def service_rows_corrected(rows) -> dict[int, set[str]]:
    """Of these service rows, those a data admin ever corrected: row id -> the columns with
    a correction in force (empty where every correction was withdrawn). What a re-parse
    must leave alone, and may not delete."""
    found: dict[int, set[str]] = {}
    corrections = Correction.objects.filter(service_row__in=[row.pk for row in rows])
    for row_id, column, withdrawn_at in corrections.values_list(
        "service_row_id", "column", "withdrawn_at"
    ):
        columns = found.setdefault(row_id, set())
        if withdrawn_at is None:
            columns.add(column)
    return found


def letter_correct(*, letter: AnnualLetter, reason: str, user=None) -> list[Correction]:
    """Save `letter`, changed in memory by a data admin, recording why.

    Each figure that changed gets a Correction (superseding an earlier one on the same
    figure); every change, figures or not, is in the history with the reason."""
    return figures_correct(
        obj=letter, columns=FIGURE_COLUMNS, owner="letter", reason=reason, user=user
    )


@transaction.atomic
def letter_revert(*, letter: AnnualLetter, event_id: int, user=None) -> list[str]:
    """Undo one recorded update of a letter: each field it changed goes back to the value
    before it, unless the field has changed again since (those are left and reported).

    The revert is itself recorded ("Reverted change #N"). Reverting a correction withdraws
    it (bringing back the correction it superseded, if that is the value restored);
    reverting any other change is a hand correction and protected like one."""
    event_model = AnnualLetter.pgh_event_model
    letter = AnnualLetter.objects.select_for_update().get(pk=letter.pk)
    event = event_model.objects.filter(pgh_obj_id=letter.pk, pgh_id=event_id).first()
    if event is None or event.pgh_label != "update":
        raise CorrectionRefused(
            NOTHING_TO_REVERT.format(id=event_id, why="it is not an update of this letter")
        )
    before = (
        event_model.objects.filter(pgh_obj_id=letter.pk, pgh_id__lt=event_id)
        .order_by("-pgh_id")
        .first()
    )
    if before is None:
        raise CorrectionRefused(
            NOTHING_TO_REVERT.format(id=event_id, why="no earlier state of the letter is recorded")
        )
    restore, changed_since = {}, []
    for column in REVERTIBLE_COLUMNS:
        old, new = getattr(before, column), getattr(event, column)
        if _same(old, new):
            continue
        if not _same(getattr(letter, column), new):
            changed_since.append(column)
            continue
        restore[column] = old
    if not restore:
        why = (
            "the fields it changed have been changed again since"
            if changed_since
            else "it changed no figure"
        )
        raise CorrectionRefused(NOTHING_TO_REVERT.format(id=event_id, why=why))

    reason = REVERT_REASON.format(id=event_id)
    replaced = {column: getattr(letter, column) for column in restore}
    for column, value in restore.items():
        setattr(letter, column, value)
    try:
        letter.full_clean(exclude=["sha256", "original"])
    except ValidationError as exc:
        raise CorrectionRefused(
            NOTHING_TO_REVERT.format(id=event_id, why="; ".join(exc.messages))
        ) from exc
    with pghistory.context(reason=reason, reverts=event_id, **user_context(user)):
        try:
            with transaction.atomic():
                letter.save(update_fields=list(restore))
        except IntegrityError as exc:
            raise CorrectionRefused(
                NOTHING_TO_REVERT.format(id=event_id, why="the result breaks a rule of the data")
            ) from exc
        revert_id = latest_event_id(AnnualLetter, letter.pk)
        for column, value in restore.items():
            if column not in FIGURE_COLUMNS:
                continue
            in_force = Correction.objects.in_force().filter(letter=letter, column=column).first()
            if in_force is not None and in_force.history_id == event_id:
                # Undoing exactly this correction: it no longer holds...
                supersede(column=column, why=reason, letter_id=letter.pk)
                earlier = in_force.supersedes
                if earlier is not None and _same(earlier.new_value, value):
                    # ...and the correction it replaced is back in force.
                    earlier.withdrawn_at, earlier.withdrawn_reason = None, ""
                    earlier.save(update_fields=["withdrawn_at", "withdrawn_reason"])
                continue
            previous = supersede(
                column=column, why=f"Superseded by change #{revert_id}", letter_id=letter.pk
            )
            Correction.objects.create(
                letter=letter,
                column=column,
                old_value=replaced[column],
                new_value=value,
                reason=reason,
                made_by=user,
                history_id=revert_id,
                supersedes=previous,
            )
    return list(restore)


# --- History, for the admin change pages ----------------------------------------------


def column_label(model, column: str) -> str:
    if column in FIGURE_COLUMNS and model is AnnualLetter:
        return FIGURE_COLUMNS[column].label
    try:
        return str(model._meta.get_field(column).verbose_name)
    except Exception:  # noqa: BLE001 - a column the model no longer has
        return column


def letter_source(letter: AnnualLetter) -> HistorySource:
    """A letter's own events: its figures labelled as the pages label them; an update of a
    figure (or the two other fields an admin may edit) can be reverted."""
    return HistorySource(
        AnnualLetter.pgh_event_model.objects.filter(pgh_obj_id=letter.pk),
        describe=lambda event: "Letter",
        label=lambda column: column_label(AnnualLetter, column),
        is_percent=lambda column: column in FIGURE_COLUMNS and FIGURE_COLUMNS[column].is_percent,
        listed_on_insert=FIGURE_COLUMNS,
        revertible=REVERTIBLE_COLUMNS,
        hidden=HIDDEN_IN_DIFF,
    )


def service_rows_source(**rows) -> HistorySource:
    """The events of the service rows matching ``rows`` (``letter_id=``, ``report_id=``,
    ``pgh_obj_id=``), each named by its service."""
    return HistorySource(
        ServiceComplaintStats.pgh_event_model.objects.filter(**rows),
        describe=lambda event: f"Service row “{event.service}”",
    )


def corrections_source(**corrected) -> HistorySource:
    """The events of the corrections of what ``corrected`` names (``letter_id=``...)."""
    return HistorySource(
        Correction.pgh_event_model.objects.filter(**corrected),
        describe=lambda event: f"Correction of {event.column}",
        listed_on_insert=("column", "old_value", "new_value", "reason", "withdrawn_reason"),
    )


def history(*sources: HistorySource) -> list[HistoryEntry]:
    """The changes of these sources, newest first, figures written as the pages write them."""
    return read_history(*sources, show=lambda value, percent: show_value(value, is_percent=percent))


def letter_history(letter: AnnualLetter) -> list[HistoryEntry]:
    """Every recorded change to a letter and its service rows, newest first, each with
    the fields it changed (old -> new), who made it, from which URL and why."""
    return history(letter_source(letter), service_rows_source(letter_id=letter.pk))

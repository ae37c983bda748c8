"""Bulk import and re-parse through the task queue, so that several worker machines share a
large job (``import_letters --queue``, ``reparse_letters --queue``).

The command hands each file to the queue: its bytes go into ``QueuedImportFile`` and a task
``import_letter_file`` is queued in the same transaction, so a worker never sees a task
without its file. A worker (``manage.py db_worker``, on any machine that reaches the
database) reads the file in the sandbox and saves its letter in one transaction with the
deletion of the queued file: a worker killed at any moment leaves the letter saved and the
file gone, or neither. Running the same import again queues what is left.

Re-parsing reads each letter's stored original (``STORAGES``: the same storage for every
machine) and applies ``letter_reparse``. Each task answers a small JSON report that the
waiting command prints as the in-process run does.
"""

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

import pghistory
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from documents.ingest import IngestResult, UploadRefused
from documents.storage import is_stored, restore_original
from letters import services
from letters.models import AnnualLetter, QueuedImportFile
from letters.parsing import LetterParseError, parse_letter_sandboxed

IMPORT_QUEUE = "imports"
REFUSED = "refused"
GONE = "gone"  # the queued file was withdrawn before a worker reached it
ORIGINAL_RESTORED = "its stored original was missing: stored again"


@dataclass(frozen=True)
class Queued:
    """A file handed to the queue: the task that will import it."""

    name: str
    sha256: str
    task_id: str


def letter_file_enqueue(*, name: str, sha256: str, data: bytes) -> Queued:
    """Keep the file's bytes for the workers and queue its import, in one transaction. A
    file already waiting (a run that stopped before its workers were done) is queued
    again: whichever task comes second finds the letter saved and says so."""
    with transaction.atomic():
        queued, _ = QueuedImportFile.objects.get_or_create(
            sha256=sha256, defaults={"name": name, "content": data}
        )
        result = import_letter_file.enqueue(queued.pk, sha256)
    return Queued(name=name, sha256=sha256, task_id=str(result.id))


def letter_file_requeue(*, queued: Queued) -> Queued:
    """Queue a file's import again after its worker was lost; its bytes are still here
    unless its letter was saved (or it was refused), which the new task then reports."""
    waiting = QueuedImportFile.objects.filter(sha256=queued.sha256).values_list("pk", flat=True)
    result = import_letter_file.enqueue(waiting.first() or 0, queued.sha256)
    return Queued(name=queued.name, sha256=queued.sha256, task_id=str(result.id))


def _report(status: str, detail: str = "") -> dict:
    return {"status": status, "detail": detail}


def _letter_detail(letter: AnnualLetter) -> str:
    return f"{letter.council.official_name} {letter.period_label}"


def _already_present(letter: AnnualLetter, data: bytes | None) -> dict:
    detail = ""
    if data is not None and not is_stored(letter.original.name):
        restore_original(name=letter.original.name, data=data)
        detail = ORIGINAL_RESTORED
    return _report(IngestResult.ALREADY_PRESENT, detail or _letter_detail(letter))


def _drop(file_id: int) -> None:
    QueuedImportFile.objects.filter(pk=file_id).delete()


def queued_file_import(*, file_id: int, sha256: str) -> dict:
    """Import one queued file: what a worker runs. Returns ``{"status", "detail"}`` with
    the statuses of ``import_letters`` (imported, replaced, already present, refused).
    Holds no lock while the sandbox reads."""
    queued = QueuedImportFile.objects.filter(pk=file_id).first()
    existing = AnnualLetter.objects.select_related("council").filter(sha256=sha256).first()
    if queued is None:
        return _already_present(existing, None) if existing else _report(GONE)
    data = bytes(queued.content)
    if existing is not None:
        _drop(file_id)
        return _already_present(existing, data)
    try:
        parsed = parse_letter_sandboxed(data, os.path.basename(queued.name))
        council = services.council_for_letter(parsed)
        with transaction.atomic():
            result = services.letter_ingest(
                parsed=parsed,
                data=data,
                filename=queued.name,
                council=council,
                uploaded_by=None,
                extracted_text=parsed.text,
            )
            _drop(file_id)
    except LetterParseError as exc:
        _drop(file_id)
        return _report(REFUSED, exc.message)
    except UploadRefused as refusal:
        _drop(file_id)
        return _report(REFUSED, refusal.message)
    return _report(result.status, _letter_detail(result.document))


@task(queue_name=IMPORT_QUEUE)
def import_letter_file(file_id: int, sha256: str) -> dict:
    with pghistory.context(command="import_letters"):
        return queued_file_import(file_id=file_id, sha256=sha256)


def reparse_lines(name: str, changes, conflicts) -> list[tuple[str, str]]:
    """What ``reparse_letters`` prints for one letter: (style, line) pairs, style "" or
    "warning"."""
    lines = []
    for change in changes:
        if change.column == services.EVIDENCE:
            lines.append(("", f"{name}: evidence updated"))
        else:
            lines.append(("", f"{name}: {change.column} {change.old!r} -> {change.new!r}"))
    for conflict in conflicts:
        lines.append(
            (
                "warning",
                f"{name}: conflict on {conflict.column}: the parser now says "
                f"{conflict.new!r}, a data admin set {conflict.old!r}; correction kept",
            )
        )
    return lines


def letter_reparse_stored(*, letter_id: int, name: str, dry_run: bool = False) -> dict:
    """Re-read one letter's stored original and apply it: what a worker runs. Returns
    ``{"changed", "conflicts", "lines", "error"}``."""
    letter = AnnualLetter.objects.filter(pk=letter_id).first()
    if letter is None:
        return {"changed": False, "conflicts": 0, "lines": [], "error": "no longer stored"}
    try:
        with letter.original.open("rb") as handle:
            data = handle.read()
        parsed = parse_letter_sandboxed(data, os.path.basename(letter.original.name))
    except LetterParseError as exc:
        return {"changed": False, "conflicts": 0, "lines": [], "error": exc.message}
    except OSError as exc:
        return {"changed": False, "conflicts": 0, "lines": [], "error": str(exc.strerror or exc)}
    changes, conflicts = services.letter_reparse(
        letter=letter, parsed=parsed, extracted_text=parsed.text, dry_run=dry_run
    )
    return {
        "changed": bool(changes),
        "conflicts": len(conflicts),
        "lines": reparse_lines(name, changes, conflicts),
        "error": None,
    }


@task(queue_name=IMPORT_QUEUE)
def reparse_letter(letter_id: int, name: str, dry_run: bool = False) -> dict:
    with pghistory.context(command="reparse_letters"):
        return letter_reparse_stored(letter_id=letter_id, name=name, dry_run=dry_run)


LOST_AFTER = timedelta(minutes=5)  # a task running this long lost its worker (reads stop at 20 s)
HINT_AFTER = 30.0  # seconds without any task finishing before saying what is awaited
WAITING_HINT = (
    "Waiting for the queue's workers: start one or more with "
    "`python manage.py db_worker --queue-name=*` (on any machine that reaches the database)."
)


def tasks_wait(
    *,
    task_ids: Iterable[str],
    on_finished: Callable[[str, dict | None], None],
    requeue: Callable[[str], str | None],
    on_idle: Callable[[str], None],
    poll: float = 0.5,
) -> None:
    """Wait until every task has finished, calling ``on_finished(task_id, report)`` for each
    (``report`` None when the task failed). A task whose worker was stopped mid-run is
    queued again through ``requeue(task_id)`` (the new task's id, or None to give up)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    pending = set(task_ids)
    quiet_since = time.monotonic()
    hinted = False
    while pending:
        rows = DBTaskResult.objects.filter(id__in=list(pending)).values_list(
            "id", "status", "return_value", "started_at"
        )
        lost_before = timezone.now() - LOST_AFTER
        progressed = False
        for task_id, status, value, started_at in rows:
            task_id = str(task_id)
            if status == TaskResultStatus.SUCCESSFUL:
                pending.discard(task_id)
                on_finished(task_id, value)
                progressed = True
            elif status == TaskResultStatus.FAILED:
                pending.discard(task_id)
                on_finished(task_id, None)
                progressed = True
            elif status == TaskResultStatus.RUNNING and started_at and started_at < lost_before:
                pending.discard(task_id)
                again = requeue(task_id)
                if again is None:
                    on_finished(task_id, None)
                else:
                    pending.add(again)
        if progressed:
            quiet_since = time.monotonic()
        elif not hinted and time.monotonic() - quiet_since > HINT_AFTER:
            on_idle(WAITING_HINT)
            hinted = True
        if pending:
            time.sleep(poll)

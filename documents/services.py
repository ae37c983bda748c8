"""The upload flow, for letters and councils' own reports alike: keep the file as a preview
being read and queue its reading (``upload_preview_create``, in the web request: no parsing
there); read it in the sandbox, in the queue's worker (the task ``read_upload``, Django's
tasks API through the django-tasks backport, queued in PostgreSQL and run by ``manage.py
db_worker``), which fills in the preview or its refusal; then save it (Confirm) with the
kind's own service (letters.services, reports.services) or discard it (Cancel). Nothing
reaches the letter or report tables before Confirm. This module sits above both kinds."""

from datetime import timedelta
from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from documents import errors
from documents.errors import DocumentUnreadable
from documents.ingest import IngestResult, UploadRefused, already_uploaded_message, check_may_upload
from documents.kinds import COUNCIL_REPORT, detect_kind, parse_document_sandboxed
from documents.models import DocumentKind, UploadPreview, UploadStatus
from documents.storage import sha256_of
from letters import services as letter_services
from letters.models import AnnualLetter
from letters.parsing import PARSER_VERSION, ParsedLetter
from letters.parsing.checks import check_per_100k
from reports import services as report_services
from reports.models import CouncilReport
from reports.parsing import REPORT_PARSER_VERSION, ParsedCouncilReport

PREVIEW_LIFETIME = timedelta(days=1)
PREVIEW_EXPIRED = "This preview has expired (previews last a day). Please upload the file again."
PREVIEW_CANCELLED = "The upload was cancelled; nothing was saved."

UPLOAD_QUEUE = "uploads"

# Per uploader: files waiting for or being read, and unconfirmed previews kept.
MAX_READING = 3
MAX_UNCONFIRMED = 10
PREVIEWS_DISCARDED = (
    "You may keep {limit} uploads waiting to be confirmed, so the oldest was discarded: {names}."
)
TOO_MANY_READING = (
    f"You already have {MAX_READING} files being read. Wait until one of them is read (its "
    "figures are shown), then upload this file again. Nothing was saved."
)
STILL_READING = (
    "This file is still being read, so it cannot be saved yet. Wait until its figures are "
    "shown, check them, then confirm."
)
# A read that began this long ago and never finished: its worker was stopped (killed, the
# machine restarted). The reader itself gives up after the sandbox's timeout (20 s).
READ_STALLED_AFTER = timedelta(minutes=2)
# Finished tasks' rows (their results, for the pages and commands that wait on them) are
# kept this long, then dropped when the next upload comes, as expired previews are.
TASK_RESULTS_KEPT = timedelta(days=7)
READ_STOPPED = (
    "Reading this file stopped unexpectedly (the reader was restarted). Please upload it again."
)


def _parse_document(*, data: bytes, filename: str):
    """(kind, parsed) for an upload: an Ombudsman letter, or a council's own report, read in
    one sandboxed child; a PDF is never opened in this process, not even to guess what it
    is."""
    try:
        parsed = parse_document_sandboxed(data, filename)
    except DocumentUnreadable as exc:
        raise UploadRefused(exc.message) from exc
    if parsed.KIND == DocumentKind.COUNCIL_REPORT:
        report_services.check_report_has_figures(parsed)
    return parsed.KIND, parsed


def already_uploaded(sha256: str):
    """The stored letter or report with these bytes, or None."""
    letter = AnnualLetter.objects.select_related("uploaded_by").filter(sha256=sha256).first()
    return (
        letter or CouncilReport.objects.select_related("uploaded_by").filter(sha256=sha256).first()
    )


def _refuse_if_already_uploaded(sha256: str) -> None:
    existing = already_uploaded(sha256)
    if existing is not None:
        raise UploadRefused(already_uploaded_message(existing), status=409, existing=existing)


def upload_preview_create(*, user: AbstractBaseUser, data: bytes, filename: str) -> UploadPreview:
    """Keep an upload (a letter or a council's report) as a preview being read, and queue
    its reading (``read_upload``); nothing is parsed here. Refuses at once, storing nothing,
    a file already stored (409) and a file beyond the uploader's ``MAX_READING`` being read
    (429). Keeps the uploader's newest ``MAX_UNCONFIRMED`` unconfirmed previews: older ones
    (never one being read) are discarded, their names in the preview's ``discarded``."""
    UploadPreview.objects.expired().delete()
    task_results_prune()
    sha256 = sha256_of(data)
    _refuse_if_already_uploaded(sha256)
    with transaction.atomic():
        # One upload at a time per uploader, so that the count below stays true.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        settle_stalled_reads(UploadPreview.objects.filter(uploaded_by=user))
        if UploadPreview.objects.filter(uploaded_by=user).reading().count() >= MAX_READING:
            raise UploadRefused(TOO_MANY_READING, status=429)
        preview = UploadPreview(
            uploaded_by=user,
            status=UploadStatus.READING,
            kind=detect_kind(filename) or DocumentKind.LGSCO_LETTER,  # settled by the read
            filename=PurePath(filename).name[:255],
            content=data,
            sha256=sha256,
            expires_at=timezone.now() + PREVIEW_LIFETIME,
        )
        preview.full_clean()
        preview.save()
        # In the same transaction: a worker never sees the task without its preview.
        preview.task_id = str(read_upload.enqueue(preview.pk).id)
        preview.save(update_fields=["task_id"])
        preview.discarded = _discard_older_previews(user)
    return preview


def task_results_prune(*, kept: timedelta = TASK_RESULTS_KEPT) -> int:
    """Drop the queue's rows of tasks that finished over ``kept`` ago (what django-tasks-db's
    ``prune_db_task_results`` does by hand); how many."""
    from django_tasks_db.models import DBTaskResult

    old = DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - kept)
    return old.delete()[0]


def _discard_older_previews(user: AbstractBaseUser) -> list[str]:
    """Discard the uploader's unconfirmed previews beyond the newest ``MAX_UNCONFIRMED``
    (never one being read); the names of the files discarded."""
    kept = (
        UploadPreview.objects.filter(uploaded_by=user)
        .unconfirmed()
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[:MAX_UNCONFIRMED]
    )
    older = (
        UploadPreview.objects.filter(uploaded_by=user)
        .unconfirmed()
        .exclude(status=UploadStatus.READING)
        .exclude(pk__in=list(kept))
    )
    names = list(older.order_by("created_at").values_list("filename", flat=True))
    older.delete()
    return names


def _read(preview: UploadPreview) -> dict:
    """What reading a preview's file fills in, or UploadRefused: the checks the upload page
    made when it read files itself, in the same order with the same words."""
    _refuse_if_already_uploaded(preview.sha256)  # saved by someone else meanwhile
    kind, parsed = _parse_document(data=bytes(preview.content), filename=preview.filename)
    if kind == DocumentKind.COUNCIL_REPORT:
        council = report_services.council_for_report(parsed)
        version = REPORT_PARSER_VERSION
        stored = parsed.to_dict()
    else:
        if parsed.period_start is None or parsed.period_end is None:
            raise UploadRefused(letter_services.NO_PERIOD)
        council = letter_services.council_for_letter(parsed)
        version = PARSER_VERSION
        # Only here is the council, and so its population, known.
        parsed.warnings += check_per_100k(parsed, population=council.population)
        stored = parsed.to_stored()
    check_may_upload(user=preview.uploaded_by, council=council)
    return {
        "council": council,
        "kind": kind,
        "parsed": stored,
        "extracted_text": parsed.text,
        "parser_version": version,
    }


@task(queue_name=UPLOAD_QUEUE)
def read_upload(preview_id: int) -> str:
    """The queued task: ``upload_preview_read``. A fault here (not in the file: the sandbox
    turns every problem with the file into a refusal) still ends the preview's reading, with
    the reader's "unexpected problem" message, and fails the task with its traceback."""
    try:
        return upload_preview_read(preview_id=preview_id)
    except Exception:
        upload_preview_read_failed(preview_id=preview_id)
        raise
    except BaseException:  # the worker was told to stop at once (a second Ctrl+C)
        upload_preview_read_failed(preview_id=preview_id, stopped=True)
        raise


def upload_preview_read(*, preview_id: int) -> str:
    """Read a preview's file in the sandbox and fill in the preview (``ready``) or its
    refusal (``refused``, the file's bytes dropped): what the queue's worker runs. Returns
    the status; "gone" when the preview was cancelled (or has expired) before it was read.
    Holds no lock while the sandbox reads."""
    preview = UploadPreview.objects.select_related("uploaded_by").filter(pk=preview_id).first()
    if preview is None or not preview.reading:
        return "gone" if preview is None else preview.status
    try:
        fields = _read(preview)
    except UploadRefused as refusal:
        return _refuse(preview_id, refusal.message, refusal.status)
    updated = (
        UploadPreview.objects.filter(pk=preview_id)
        .reading()
        .update(status=UploadStatus.READY, read_at=timezone.now(), **fields)
    )
    return UploadStatus.READY if updated else "gone"


def _refuse(preview_id: int, message: str, status: int) -> str:
    updated = (
        UploadPreview.objects.filter(pk=preview_id)
        .reading()
        .update(
            status=UploadStatus.REFUSED,
            refusal=message,
            refusal_status=status,
            content=b"",
            read_at=timezone.now(),
        )
    )
    return UploadStatus.REFUSED if updated else "gone"


def upload_preview_read_failed(*, preview_id: int, stopped: bool = False) -> None:
    """The reading task failed (a fault, not the file) or its worker was stopped mid-read:
    say so on the preview."""
    if stopped:
        _refuse(preview_id, READ_STOPPED, 503)
    else:
        _refuse(preview_id, errors.INTERNAL, 500)


def settle_stalled_reads(previews) -> None:
    """Refuse, with ``READ_STOPPED``, the previews among ``previews`` still being read whose
    task can no longer finish: it failed, it was lost, or it began over
    ``READ_STALLED_AFTER`` ago (its worker was stopped mid-read). Asks the queue through
    Django's tasks API."""
    from django_tasks import TaskResultStatus, default_task_backend
    from django_tasks.exceptions import TaskResultDoesNotExist

    stalled_before = timezone.now() - READ_STALLED_AFTER
    for preview in previews.reading().only("pk", "task_id", "created_at"):
        try:
            result = default_task_backend.get_result(preview.task_id)
        except TaskResultDoesNotExist:
            lost = preview.created_at < stalled_before
        else:
            lost = result.status == TaskResultStatus.FAILED or (
                result.status == TaskResultStatus.RUNNING
                and result.started_at is not None
                and result.started_at < stalled_before
            )
        if lost:
            _refuse(preview.pk, READ_STOPPED, 503)


def kind_being_read(preview: UploadPreview) -> str:
    """What the reading page calls the file: "report" when its name says so (Word, CSV),
    otherwise "letter", the usual upload."""
    return "report" if detect_kind(preview.filename) == COUNCIL_REPORT else "letter"


def upload_preview_confirm(*, preview: UploadPreview, user: AbstractBaseUser):
    """Save a previewed upload, a letter or a report: an IngestResult. Confirming twice,
    or confirming a file someone else saved meanwhile, writes nothing and says it was
    already uploaded."""
    with transaction.atomic():
        preview = (
            UploadPreview.objects.select_for_update(of=("self",))
            .select_related("council")
            .get(pk=preview.pk)
        )
        if preview.letter_id is not None:
            letter = AnnualLetter.objects.select_related("uploaded_by").get(pk=preview.letter_id)
            return IngestResult(letter, IngestResult.ALREADY_PRESENT)
        if preview.report_id is not None:
            report = CouncilReport.objects.get(pk=preview.report_id)
            return IngestResult(report, IngestResult.ALREADY_PRESENT)
        if preview.expires_at <= timezone.now():
            raise UploadRefused(PREVIEW_EXPIRED, status=410)
        if preview.reading:
            raise UploadRefused(STILL_READING, status=409)
        if preview.refused:
            raise UploadRefused(preview.refusal, status=preview.refusal_status or 422)
        check_may_upload(user=user, council=preview.council)
        if preview.kind == DocumentKind.COUNCIL_REPORT:
            result = report_services.report_ingest(
                parsed=ParsedCouncilReport.from_dict(
                    {**preview.parsed, "text": preview.extracted_text}
                ),
                data=bytes(preview.content),
                filename=preview.filename,
                council=preview.council,
                uploaded_by=user,
            )
            preview.report = result.document
        else:
            result = letter_services.letter_ingest(
                parsed=ParsedLetter.from_dict(preview.parsed),
                data=bytes(preview.content),
                filename=preview.filename,
                council=preview.council,
                uploaded_by=user,
                extracted_text=preview.extracted_text,
                parser_version=preview.parser_version,
            )
            preview.letter = result.document
        preview.content = b""  # the original now lives in storage
        preview.save(update_fields=["letter", "report", "content"])
        return result


def upload_preview_cancel(*, preview: UploadPreview) -> None:
    if preview.letter_id is None and preview.report_id is None:
        preview.delete()

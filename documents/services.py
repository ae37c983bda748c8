"""The upload flow, for letters and councils' own reports alike: read the file in the
sandbox, keep it as a preview for the uploader to check, then save it (Confirm) with the
kind's own service (letters.services, reports.services) or discard it (Cancel). Nothing
reaches the letter or report tables before Confirm. This module sits above both kinds."""

from datetime import timedelta
from pathlib import PurePath

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from documents.errors import DocumentUnreadable
from documents.ingest import IngestResult, UploadRefused, already_uploaded_message, check_may_upload
from documents.kinds import parse_document_sandboxed
from documents.models import DocumentKind, UploadPreview
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


def _already_uploaded(sha256: str):
    letter = AnnualLetter.objects.select_related("uploaded_by").filter(sha256=sha256).first()
    return (
        letter or CouncilReport.objects.select_related("uploaded_by").filter(sha256=sha256).first()
    )


def upload_preview_create(*, user: AbstractBaseUser, data: bytes, filename: str) -> UploadPreview:
    """Parse an upload (a letter or a council's report) and keep it for the uploader to
    check. Writes nothing to the letter or report tables."""
    UploadPreview.objects.expired().delete()
    sha256 = sha256_of(data)
    existing = _already_uploaded(sha256)
    if existing is not None:
        raise UploadRefused(already_uploaded_message(existing), status=409, existing=existing)
    kind, parsed = _parse_document(data=data, filename=filename)
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
    check_may_upload(user=user, council=council)
    preview = UploadPreview(
        uploaded_by=user,
        council=council,
        kind=kind,
        filename=PurePath(filename).name[:255],
        content=data,
        sha256=sha256,
        parsed=stored,
        extracted_text=parsed.text,
        parser_version=version,
        expires_at=timezone.now() + PREVIEW_LIFETIME,
    )
    preview.full_clean()
    preview.save()
    return preview


def upload_preview_confirm(*, preview: UploadPreview, user: AbstractBaseUser):
    """Save a previewed upload, a letter or a report: an IngestResult. Confirming twice,
    or confirming a file someone else saved meanwhile, writes nothing and says it was
    already uploaded."""
    with transaction.atomic():
        preview = (
            UploadPreview.objects.select_for_update().select_related("council").get(pk=preview.pk)
        )
        if preview.letter_id is not None:
            letter = AnnualLetter.objects.select_related("uploaded_by").get(pk=preview.letter_id)
            return IngestResult(letter, IngestResult.ALREADY_PRESENT)
        if preview.report_id is not None:
            report = CouncilReport.objects.get(pk=preview.report_id)
            return IngestResult(report, IngestResult.ALREADY_PRESENT)
        if preview.expires_at <= timezone.now():
            raise UploadRefused(PREVIEW_EXPIRED, status=410)
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

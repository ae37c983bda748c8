from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from councils import selectors as council_selectors
from letters import documents, selectors, uploads
from letters.documents import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from letters.figures import FIGURES, evidence_for, service_path
from letters.forms import DocumentUploadForm
from letters.models import AnnualLetter, CouncilReport, UploadPreview
from letters.parsing import ParsedLetter

UPLOAD_NOT_ALLOWED = (
    "Your account cannot upload letters. Ask a data admin to add you to the "
    "“Council officers” group and link you to your council."
)
REQUEST_TOO_LARGE = f"The file is larger than the {MAX_UPLOAD_MB} MB limit."

# The figures the preview sets beside the average computed here for the council's type.
AVERAGE_OF = {
    "upheld_percent": "uphold_pooled",
    "compliance_percent": "compliance_pooled",
    "remedy_percent": "remedy_pooled",
    "upheld_per_100k": "per_100k_pooled",
}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _evidence_lines(evidence: dict | None, *paths: str) -> list[dict]:
    """The letter's words behind the non-figure facts (council, dates), each text once."""
    lines = []
    for path in paths:
        text = evidence_for(evidence, path)
        if text and text not in (line["text"] for line in lines):
            lines.append({"path": path, "text": text})
    return lines


def _upload_page(request, form, *, status=200, refusal=None, page_error=None):
    context = {"form": form, "refusal": refusal, "page_error": page_error}
    return render(request, "letters/upload.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if not request.user.has_perm("letters.add_annualletter"):
        raise PermissionDenied(UPLOAD_NOT_ALLOWED)
    if request.method == "GET":
        return _upload_page(request, DocumentUploadForm())
    # Refuse an oversized body before reading it into memory or a temporary file.
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD_BYTES + 64 * 1024:
        return _upload_page(request, DocumentUploadForm(), status=413, page_error=REQUEST_TOO_LARGE)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        preview = uploads.upload_preview_create(
            user=request.user, data=upload.read(), filename=upload.name
        )
    except documents.UploadRefused as refusal:
        form.add_error("file", refusal.message)
        return _upload_page(request, form, status=refusal.status, refusal=refusal)
    return redirect("letters:upload-preview", token=preview.token)


def _preview_for(request, token) -> UploadPreview:
    preview = get_object_or_404(
        UploadPreview.objects.select_related("council", "uploaded_by"), token=token
    )
    if preview.uploaded_by_id != request.user.pk and not request.user.has_perm(
        "letters.upload_for_any_council"
    ):
        raise Http404("No such upload.")
    return preview


@login_required
@require_http_methods(["GET", "POST"])
def upload_preview(request, token):
    preview = _preview_for(request, token)
    saved = preview.letter or preview.report
    if saved is not None:  # confirmed already: say so to a second Confirm, then show it
        if request.method == "POST":
            messages.warning(request, documents.already_uploaded_message(saved))
        return redirect(saved)
    if preview.expires_at <= timezone.now():
        return render(
            request,
            "letters/preview_expired.html",
            {"message": uploads.PREVIEW_EXPIRED},
            status=410,
        )
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            uploads.upload_preview_cancel(preview=preview)
            messages.info(request, uploads.PREVIEW_CANCELLED)
            return redirect("letters:upload")
        try:
            result = uploads.upload_preview_confirm(preview=preview, user=request.user)
        except documents.UploadRefused as refusal:
            context = {"message": refusal.message, "preview": preview}
            return render(request, "letters/refused.html", context, status=refusal.status)
        document = result.document
        if result.status == result.ALREADY_PRESENT:
            messages.warning(request, documents.already_uploaded_message(document))
            return redirect(document.council)
        what = (
            f"{document.period_label} letter"
            if preview.kind == "lgsco-letter"
            else f"{document.report_year} complaints report"
        )
        messages.success(
            request,
            f"Saved the {what} for {document.council}."
            + (" It replaces the earlier version, which is kept." if result.replaced else ""),
        )
        return redirect(document.council)

    if preview.kind == "council-report":
        return render(
            request, "letters/preview_report.html", selectors.report_preview_context(preview)
        )
    council, parsed = preview.council, preview.parsed
    letter = ParsedLetter.from_dict(parsed)
    period_end = letter.period_end
    previous = selectors.previous_letter(council=council, period_end=period_end)
    averages = council_selectors.type_averages(
        authority_type=council.authority_type, year=period_end.year
    )
    average = averages[0] if averages else None
    evidence = parsed.get("evidence")  # absent from previews made before it existed
    rows = [
        {
            "label": figure.label,
            "is_percent": figure.is_percent,
            "value": figure.from_parsed(parsed),
            "previous": figure.from_letter(previous) if previous else None,
            "average": _rounded(getattr(average, AVERAGE_OF.get(figure.column, ""), None)),
            "path": figure.path,
            "evidence": figure.evidence_in(evidence),
        }
        for figure in FIGURES
    ]
    services_received = [
        {
            "service": service,
            "complaints": count,
            "path": service_path(service),
            "evidence": evidence_for(evidence, service_path(service)),
        }
        for service, count in letter.received_by_service.items()  # in printed order
    ]
    context = {
        "preview": preview,
        "parsed": parsed,
        "rows": rows,
        "services": services_received,
        "previous": previous,
        "average": average,
        "type_label": council.get_authority_type_display(),
        # The officer checks every figure: one read without its words is flagged.
        "flag_missing_evidence": True,
        "council_evidence": _evidence_lines(evidence, "council"),
        "period_evidence": _evidence_lines(evidence, "period_start", "period_end"),
        "letter_date_evidence": _evidence_lines(evidence, "letter_date"),
    }
    return render(request, "letters/preview.html", context)


def letter_detail(request, pk: int):
    letter = get_object_or_404(AnnualLetter.objects.select_related("council", "uploaded_by"), pk=pk)
    corrected = selectors.corrections_by_letter([letter.pk]).get(letter.pk, {})
    evidence = letter.evidence
    rows = [
        {
            "label": f.label,
            "is_percent": f.is_percent,
            "value": f.from_letter(letter),
            "correction": corrected.get(f.column),
            "path": f.path,
            "evidence": f.evidence_in(evidence),
        }
        for f in FIGURES
    ]
    services_received = [
        {
            "service": row.service,
            "complaints": row.complaints,
            "path": service_path(row.service),
            "evidence": evidence_for(evidence, service_path(row.service)),
        }
        for row in letter.service_stats.order_by("pk")
    ]
    context = {
        "letter": letter,
        "rows": rows,
        "versions": selectors.letter_versions(letter=letter),
        "services": services_received,
        # Letters read before the parser recorded its evidence have none at all: that is
        # said once, not beside every figure.
        "flag_missing_evidence": bool(evidence),
        "period_evidence": _evidence_lines(evidence, "period_start", "period_end"),
        "letter_date_evidence": _evidence_lines(evidence, "letter_date"),
        "council_evidence": _evidence_lines(evidence, "council"),
    }
    return render(request, "letters/letter_detail.html", context)


def _attachment(stored, filename_stem: str) -> FileResponse:
    suffix = stored.name.rsplit(".", 1)[-1] if "." in stored.name else "pdf"
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("The original file is missing from storage.") from None
    return FileResponse(handle, as_attachment=True, filename=f"{filename_stem}.{suffix}")


def letter_original(request, pk: int):
    letter = get_object_or_404(AnnualLetter.objects.select_related("council"), pk=pk)
    return _attachment(letter.original, f"lgsco-{letter.council.slug}-{letter.period_label}")


def report_original(request, pk: int):
    report = get_object_or_404(CouncilReport.objects.select_related("council"), pk=pk)
    return _attachment(
        report.original, f"{report.council.slug}-complaints-report-{report.report_year}"
    )

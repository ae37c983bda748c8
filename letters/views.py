from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from letters import documents, presenters, selectors, uploads
from letters.documents import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from letters.forms import DocumentUploadForm
from letters.models import AnnualLetter, CouncilReport, UploadPreview

UPLOAD_NOT_ALLOWED = (
    "Your account cannot upload letters. Ask a data admin to add you to the "
    "“Council officers” group and link you to your council."
)
REQUEST_TOO_LARGE = f"The file is larger than the {MAX_UPLOAD_MB} MB limit."


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
    return render(request, "letters/preview.html", presenters.letter_preview_context(preview))


def letter_detail(request, pk: int):
    letter = get_object_or_404(AnnualLetter.objects.select_related("council", "uploaded_by"), pk=pk)
    return render(request, "letters/letter_detail.html", presenters.letter_page_context(letter))


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

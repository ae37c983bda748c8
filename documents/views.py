"""The upload pages (a letter or a council's report: upload; wait while the queue's worker
reads it; check, confirm or cancel) and the download of any stored original."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaints_site.roles import UPLOAD, UPLOAD_FOR_ANY_COUNCIL
from documents import services
from documents.forms import DocumentUploadForm
from documents.ingest import UploadRefused, already_uploaded_message
from documents.models import DocumentKind, UploadPreview
from letters.presenters import letter_preview_context
from reports.presenters import report_preview_context

UPLOAD_NOT_ALLOWED = (
    "Your account cannot upload letters. Ask a data admin to add you to the "
    "“Council officers” group and link you to your council."
)
# How often the reading page looks again (a meta refresh without JavaScript; with it, a
# request in the background that reloads the page only once the file is read).
REFRESH_SECONDS = 2


def _upload_page(request, form, *, status=200, refusal=None, page_error=None, refused=None):
    context = {"form": form, "refusal": refusal, "page_error": page_error, "refused": refused}
    return render(request, "documents/upload.html", context, status=status)


def _refused_page(request, preview: UploadPreview):
    """A file the worker refused: the upload page, saying why as it did when it read files
    itself (with the link to the letter or report a duplicate repeats)."""
    status = preview.refusal_status or 422
    existing = services.already_uploaded(preview.sha256) if status == 409 else None
    refusal = UploadRefused(preview.refusal, status=status, existing=existing)
    return _upload_page(
        request,
        DocumentUploadForm(),
        status=status,
        refusal=refusal,
        page_error=refusal.message,
        refused=preview,
    )


def _reading_page(request, preview: UploadPreview, *, error=None, status=200):
    context = {
        "preview": preview,
        "kind": services.kind_being_read(preview),
        "refresh_seconds": REFRESH_SECONDS,
        "error": error,
    }
    response = render(request, "documents/reading.html", context, status=status)
    response["Upload-Status"] = preview.status  # what the page's script polls for
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if not request.user.has_perm(UPLOAD):
        raise PermissionDenied(UPLOAD_NOT_ALLOWED)
    if request.method == "GET":
        return _upload_page(request, DocumentUploadForm())
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        preview = services.upload_preview_create(
            user=request.user, data=upload.read(), filename=upload.name
        )
    except UploadRefused as refusal:
        form.add_error("file", refusal.message)
        return _upload_page(request, form, status=refusal.status, refusal=refusal)
    if preview.discarded:
        names = ", ".join(preview.discarded)
        messages.info(
            request,
            services.PREVIEWS_DISCARDED.format(limit=services.MAX_UNCONFIRMED, names=names),
        )
    return redirect("documents:upload-preview", token=preview.token)


def _preview_for(request, token) -> UploadPreview:
    preview = get_object_or_404(
        UploadPreview.objects.select_related("council", "uploaded_by"), token=token
    )
    if preview.uploaded_by_id != request.user.pk and not request.user.has_perm(
        UPLOAD_FOR_ANY_COUNCIL
    ):
        raise Http404("No such upload.")
    return preview


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def upload_preview(request, token):
    preview = _preview_for(request, token)
    saved = preview.saved
    if saved is not None:  # confirmed already: say so to a second Confirm, then show it
        if request.method == "POST":
            messages.warning(request, already_uploaded_message(saved))
        return redirect(saved)
    if preview.expires_at <= timezone.now():
        return render(
            request,
            "documents/preview_expired.html",
            {"message": services.PREVIEW_EXPIRED},
            status=410,
        )
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            services.upload_preview_cancel(preview=preview)
            messages.info(request, services.PREVIEW_CANCELLED)
            return redirect("documents:upload")
        try:
            result = services.upload_preview_confirm(preview=preview, user=request.user)
        except UploadRefused as refusal:
            if preview.reading:  # not yet read: nothing to confirm
                return _reading_page(request, preview, error=refusal.message, status=409)
            context = {"message": refusal.message, "preview": preview}
            return render(request, "documents/refused.html", context, status=refusal.status)
        document = result.document
        if result.status == result.ALREADY_PRESENT:
            messages.warning(request, already_uploaded_message(document))
            return redirect(document.council)
        messages.success(
            request,
            f"Saved the {document.title} for {document.council}."
            + (" It replaces the earlier version, which is kept." if result.replaced else ""),
        )
        return redirect(document.council)

    if preview.reading:
        services.settle_stalled_reads(UploadPreview.objects.filter(pk=preview.pk))
        preview.refresh_from_db()
    if preview.reading:
        return _reading_page(request, preview)
    if preview.refused:
        return _refused_page(request, preview)
    if preview.kind == DocumentKind.COUNCIL_REPORT:
        return render(request, "reports/preview.html", report_preview_context(preview))
    return render(request, "letters/preview.html", letter_preview_context(preview))

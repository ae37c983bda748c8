"""How large a request body the site accepts, enforced before anything reads it.

Django reads a POST's body the first time anything asks for request.POST, and the CSRF
middleware asks on every POST, before any view: a multipart body is written to a temporary
file as it is parsed. So a 300 MB POST to any address would be read and written in full
before an upload view could refuse it. Instead:

- RequestBodyLimitMiddleware, first in MIDDLEWARE, answers 413 at once, reading nothing,
  when Content-Length is over MAX_REQUEST_BYTES (the largest upload, MAX_UPLOAD_BYTES from
  documents.sniffing, plus room for the form around it), whatever the address and method.
- BodyLimitUploadHandler, first in FILE_UPLOAD_HANDLERS, stops reading a multipart body
  once its files pass MAX_REQUEST_BYTES, should a body ever be parsed without a trustworthy
  Content-Length (a body sent in chunks has none; under WSGI Django then reads nothing).
  The request is refused (SuspiciousOperation, so no view runs) and answered 413 too.
- DATA_UPLOAD_MAX_MEMORY_SIZE (settings) bounds everything that is not a file.

The proxy in front must cap bodies as well (nginx: client_max_body_size 11m), so that a
large body never reaches a worker at all.
"""

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse

from documents.sniffing import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB

FORM_OVERHEAD_BYTES = 64 * 1024  # the multipart headers, the CSRF token, other fields
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES

TOO_LARGE_STATUS = 413
TOO_LARGE_PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Too large</title></head>
<body>
<main>
<h1>What you sent is too large</h1>
<p>This site accepts files of up to {MAX_UPLOAD_MB} MB. Go back and choose a smaller file.</p>
</main>
</body>
</html>
"""


def too_large_response() -> HttpResponse:
    """A plain page: sent before sessions, users or templates exist for the request."""
    response = HttpResponse(
        TOO_LARGE_PAGE, status=TOO_LARGE_STATUS, content_type="text/html; charset=utf-8"
    )
    # The outer middleware (security, CSP) never see this response: their headers here.
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def declared_length(request: HttpRequest) -> int:
    """The body's length as the request declares it; 0 when it declares none (or nonsense,
    which Django reads as 0 too)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    """413 for a body declared over MAX_REQUEST_BYTES, before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if declared_length(request) > MAX_REQUEST_BYTES:
            return too_large_response()
        response = self.get_response(request)
        if getattr(request, "body_limit_exceeded", False):
            return too_large_response()
        return response


class BodyLimitUploadHandler(FileUploadHandler):
    """Stops a multipart body once its files pass MAX_REQUEST_BYTES in all."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_REQUEST_BYTES:
            if self.request is not None:
                self.request.body_limit_exceeded = True
            raise RequestDataTooBig(f"Uploaded files over {MAX_REQUEST_BYTES} bytes.")
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file

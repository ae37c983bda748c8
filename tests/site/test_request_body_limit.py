"""A request body over the upload limit is refused before anything reads it, at every
address: 413 with a plain page, and not one byte of the body read (so nothing is written
to a temporary file). The bodies are made as they are read: the test never holds 300 MB."""

import pytest
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest
from django.test import Client, RequestFactory

from complaints_site.limits import (
    MAX_REQUEST_BYTES,
    BodyLimitUploadHandler,
    RequestBodyLimitMiddleware,
)
from documents.sniffing import MAX_UPLOAD_BYTES

MB = 1024 * 1024
BOUNDARY = "----body-limit-test"
HEAD = (
    f"--{BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
    "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
).encode()
TAIL = f"\r\n--{BOUNDARY}--\r\n".encode()
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


class MultipartStream:
    """A multipart body with one file, `size` bytes in all, made as it is read; counts the
    bytes read. A read of everything at once is refused rather than made."""

    def __init__(self, size: int):
        self.size = size
        self.read_bytes = 0

    def _byte_range(self, start: int, end: int) -> bytes:
        filler = self.size - len(HEAD) - len(TAIL)
        out = []
        for offset, length, make in (
            (0, len(HEAD), lambda lo, hi: HEAD[lo:hi]),
            (len(HEAD), filler, lambda lo, hi: b"x" * (hi - lo)),
            (len(HEAD) + filler, len(TAIL), lambda lo, hi: TAIL[lo:hi]),
        ):
            lo, hi = max(start, offset), min(end, offset + length)
            if lo < hi:
                out.append(make(lo - offset, hi - offset))
        return b"".join(out)

    def read(self, size: int = -1) -> bytes:
        assert size is not None and 0 <= size <= 8 * MB, "the whole body read at once"
        end = min(self.size, self.read_bytes + size)
        data = self._byte_range(self.read_bytes, end)
        self.read_bytes = end
        return data

    def readline(self, size: int = -1) -> bytes:
        return self.read(min(size, 64 * 1024) if size and size > 0 else 64 * 1024)


def csrf_client(**kwargs) -> Client:
    """A client whose POSTs the CSRF middleware reads (it has a CSRF cookie, so the
    middleware looks for the token in the body)."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False, **kwargs)
    client.cookies["csrftoken"] = "a" * 32
    return client


def post_stream(client: Client, url: str, stream: MultipartStream, *, declared=True, **extra):
    meta = {"wsgi.input": stream, "CONTENT_TYPE": MULTIPART, **extra}
    if declared:
        meta["CONTENT_LENGTH"] = str(stream.size)
    else:
        meta["HTTP_TRANSFER_ENCODING"] = "chunked"
    return client.generic("POST", url, b"", **meta)


def test_the_stream_helper_makes_a_well_formed_body():
    stream = MultipartStream(len(HEAD) + len(TAIL) + 10)
    body = b"".join(iter(lambda: stream.read(7), b""))
    assert body == HEAD + b"x" * 10 + TAIL


URLS = ["/", "/accounts/login/", "/letters/upload/", "/admin/login/", "/councils/", "/nowhere/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_a_300_mb_post_anywhere_is_refused_before_it_is_read(url):
    stream = MultipartStream(300 * MB)
    client = csrf_client()
    response = post_stream(client, url, stream)
    assert response.status_code == 413
    assert stream.read_bytes == 0
    html = response.content.decode()
    assert "too large" in html and "10 MB" in html
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_signed_in_officers_300_mb_upload_is_refused_before_it_is_read(officer_client):
    stream = MultipartStream(300 * MB)
    response = post_stream(officer_client, "/letters/upload/", stream)
    assert response.status_code == 413 and stream.read_bytes == 0


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "GET"])
def test_every_method_is_held_to_the_limit(method):
    stream = MultipartStream(MAX_REQUEST_BYTES + 1)
    meta = {"wsgi.input": stream, "CONTENT_LENGTH": str(stream.size), "CONTENT_TYPE": MULTIPART}
    response = Client(raise_request_exception=False).generic(method, "/", b"", **meta)
    assert response.status_code == 413 and stream.read_bytes == 0


@pytest.mark.django_db
def test_a_largest_allowed_upload_is_read_in_full():
    """A file of the largest size an upload may have, in its form, is still read."""
    stream = MultipartStream(MAX_UPLOAD_BYTES + len(HEAD) + len(TAIL))
    assert stream.size <= MAX_REQUEST_BYTES
    client = csrf_client()
    response = post_stream(client, "/accounts/login/", stream)
    assert response.status_code == 403  # the CSRF check read the form, then refused it
    assert stream.read_bytes == stream.size


@pytest.mark.django_db
def test_a_body_sent_in_chunks_without_a_length_is_not_read(officer_client):
    stream = MultipartStream(300 * MB)
    officer_client.raise_request_exception = False
    response = post_stream(officer_client, "/letters/upload/", stream, declared=False)
    assert response.status_code < 500
    assert stream.read_bytes == 0


@pytest.mark.django_db
def test_should_a_large_body_be_parsed_the_upload_handler_stops_reading_it(settings, officer):
    """Without the middleware (say a server that hands Django a body past the limit), the
    upload handler stops reading the files once they pass the limit."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "complaints_site.limits.RequestBodyLimitMiddleware"
    ]
    client = csrf_client()
    client.force_login(officer)
    stream = MultipartStream(300 * MB)
    response = post_stream(client, "/letters/upload/", stream)
    assert response.status_code == 400  # refused as too big; no view ran
    assert MAX_REQUEST_BYTES < stream.read_bytes <= MAX_REQUEST_BYTES + 2 * MB


def test_the_middleware_answers_413_when_the_upload_handler_stopped_a_body():
    def view(request):
        request.body_limit_exceeded = True  # what BodyLimitUploadHandler sets
        return HttpResponseBadRequest()

    response = RequestBodyLimitMiddleware(view)(RequestFactory().post("/"))
    assert response.status_code == 413


def test_the_upload_handler_passes_data_on_until_the_limit():
    request = RequestFactory().post("/")
    handler = BodyLimitUploadHandler(request)
    assert handler.receive_data_chunk(b"x" * 10, 0) == b"x" * 10
    assert handler.file_complete(10) is None
    with pytest.raises(RequestDataTooBig):
        handler.receive_data_chunk(b"x" * MAX_REQUEST_BYTES, 10)
    assert request.body_limit_exceeded


@pytest.mark.django_db
def test_form_fields_over_a_megabyte_are_refused_unread():
    body = MultipartStream(2 * MB)
    response = Client(raise_request_exception=False).generic(
        "POST",
        "/accounts/login/",
        b"",
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(2 * MB),
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
        },
    )
    assert response.status_code == 400 and body.read_bytes == 0

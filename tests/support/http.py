"""Posting a file to the upload form, letting the queue read it, and reading what the page
then says."""

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from tests.support.queue import run_queued_tasks


def upload_url() -> str:
    return reverse("documents:upload")


def post_upload(client, name: str, data: bytes, **extra):
    """POST ``data`` to the upload form as a file called ``name``; nothing is read yet (the
    answer is a form error, a refusal made at once, or the redirect to the reading page)."""
    return client.post(upload_url(), {"file": SimpleUploadedFile(name, data)}, **extra)


def upload(client, name: str, data: bytes, **extra):
    """POST ``data`` to the upload form as a file called ``name``, then let the queue read it
    (``run_queued_tasks``: the worker's code, in this process) as the uploader waits on the
    reading page. The answer is the POST's when the form or the upload refused the file at
    once, or when it was read (the redirect to its preview); when the reading refused it,
    the preview page, which says why with the refusal's status."""
    response = post_upload(client, name, data, **extra)
    location = response.get("Location", "") if response.status_code == 302 else ""
    if not location.startswith(upload_url()) or location == upload_url():
        return response  # refused at once, or not signed in
    run_queued_tasks()
    page = client.get(response["Location"])
    return response if page.status_code == 200 else page


def says(response, message: str) -> bool:
    """The page shows the message (as HTML-escaped text)."""
    return escape(message) in response.content.decode()


def messages_of(response) -> list[str]:
    """The messages (django.contrib.messages) the response's request carried."""
    return [str(m) for m in get_messages(response.wsgi_request)]

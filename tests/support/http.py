"""Posting a file to the upload form, and reading what the page then says."""

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape


def upload_url() -> str:
    return reverse("documents:upload")


def upload(client, name: str, data: bytes, **extra):
    """POST ``data`` to the upload form as a file called ``name``."""
    return client.post(upload_url(), {"file": SimpleUploadedFile(name, data)}, **extra)


def says(response, message: str) -> bool:
    """The page shows the message (as HTML-escaped text)."""
    return escape(message) in response.content.decode()


def messages_of(response) -> list[str]:
    """The messages (django.contrib.messages) the response's request carried."""
    return [str(m) for m in get_messages(response.wsgi_request)]

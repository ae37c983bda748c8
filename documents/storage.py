"""Where originals are kept: named by their sha256 (which also tells a file already stored),
through Django's ``STORAGES`` so that object storage is a matter of configuration; and how
one is handed back (as a download, never inline)."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_original(*, name: str, data: bytes) -> None:
    if not default_storage.exists(name):
        # Same content, same name: a re-run after a crash reuses the file it left.
        stored = default_storage.save(name, ContentFile(data))
        assert stored == name, f"storage renamed {name} to {stored}"


def original_attachment(stored, filename_stem: str) -> FileResponse:
    """A stored original as a download (never shown inline), or 404 when the file is
    missing from storage."""
    suffix = stored.name.rsplit(".", 1)[-1] if "." in stored.name else "pdf"
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("The original file is missing from storage.") from None
    return FileResponse(handle, as_attachment=True, filename=f"{filename_stem}.{suffix}")

"""Where originals are kept: named by their sha256 (which also tells a file already stored),
through Django's ``STORAGES`` so that object storage is a matter of configuration."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_original(*, name: str, data: bytes) -> None:
    if not default_storage.exists(name):
        # Same content, same name: a re-run after a crash reuses the file it left.
        stored = default_storage.save(name, ContentFile(data))
        assert stored == name, f"storage renamed {name} to {stored}"

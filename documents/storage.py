"""Where originals are kept: named by their sha256 (which also tells a file already stored),
through Django's ``STORAGES`` so that object storage is a matter of configuration; and how
one is handed back (as a download, never inline).

An original is stored under its name only once the row naming it has committed, and an
original whose row is rolled back leaves no file. ``store_original`` (called inside the
transaction that saves the row) writes the bytes at once, but under a staged name
(``staging/<name>.<token>``), and publishes them under the final name on commit
(``transaction.on_commit``: a rename on the file system). If the transaction rolls back,
Django drops the commit callback and the staged copy is deleted with it.

Why staged rather than written on commit: the bytes are on disk before the row commits,
so nothing is lost if the process dies between the commit and the rename (an upload's
preview gives up its copy of the bytes in the same transaction). What such a crash leaves
is a row whose file is missing and a staged copy of it; ``check_storage`` reports the row
and ``check_storage --repair`` publishes the staged copy (checked against the sha256 in the
name), and running ``import_letters`` again on the same files stores what is missing. A
crash before the commit leaves only a staged copy with no row: ``check_storage
--delete-orphans`` removes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import posixpath
import re
import secrets
import signal
import weakref
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import FileResponse, Http404
from django.utils import timezone

STAGING = "staging"
_STAGED_NAME = re.compile(rf"^{STAGING}/(?P<name>.+)\.(?P<token>[0-9a-f]{{12}})$")
# Test hook: set in a command's environment, the process kills itself (SIGKILL) after the
# row has committed and before its original is published, as a crash there would.
CRASH_BEFORE_PUBLISH = "ORIGINALS_TEST_CRASH_BEFORE_PUBLISH"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def staged_name(name: str) -> str:
    return f"{STAGING}/{name}.{secrets.token_hex(6)}"


def final_name_of(staged: str) -> str | None:
    """The original a staged copy is for (None for a name that is not a staged copy)."""
    m = _STAGED_NAME.match(staged)
    return m["name"] if m else None


def store_original(*, name: str, data: bytes, using: str = DEFAULT_DB_ALIAS) -> None:
    """Keep ``data`` as the original called ``name`` once the current transaction commits
    (at once outside a transaction); nothing is left if it rolls back."""
    staged = _stage(name, data)
    connection = connections[using]
    if _never_commits(connection):
        # A test case's transaction never commits: as Django does for durable blocks, its
        # blocks count as absent (tests of the commit itself run with real transactions).
        _publish(staged, name)
        return
    transaction.on_commit(_Publish(name, staged, using), using=using, robust=True)


def _never_commits(connection) -> bool:
    blocks = connection.atomic_blocks if connection.in_atomic_block else []
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


def _stage(name: str, data: bytes) -> str:
    staged = staged_name(name)
    stored = default_storage.save(staged, ContentFile(data))
    assert stored == staged, f"storage renamed {staged} to {stored}"
    return staged


class _Publish:
    """The commit callback: renames the staged copy to its final name. Dropped unrun (the
    transaction rolled back), it deletes the staged copy."""

    def __init__(self, name: str, staged: str, using: str):
        self.name, self.staged = name, staged
        self._dropped = weakref.finalize(self, _dropped_unrun, name, staged, using)

    def __call__(self) -> None:
        self._dropped.detach()
        if os.environ.get(CRASH_BEFORE_PUBLISH):
            os.kill(os.getpid(), signal.SIGKILL)
        _publish(self.staged, self.name)


def _dropped_unrun(name: str, staged: str, using: str) -> None:
    connection = connections[using]
    if connection.run_commit_hooks_on_set_autocommit_on:
        # Committed, but an earlier commit callback failed and the rest were dropped.
        _publish(staged, name)
    elif connection.connection is not None:
        # Rolled back (whole, or to a savepoint): the row never existed.
        with contextlib.suppress(FileNotFoundError):
            default_storage.delete(staged)
    # Otherwise the connection was lost and whether it committed is unknown: the staged copy
    # stays, and check_storage tells a repair (its row exists) from an orphan.


def _publish(staged: str, name: str) -> None:
    """The staged copy under its final name (replacing an identical file if one is there),
    then any other staged copy of the same original is a leftover: deleted."""
    try:
        source, target = default_storage.path(staged), default_storage.path(name)
    except NotImplementedError:  # storage without local paths (object storage)
        with default_storage.open(staged, "rb") as handle:
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, handle)
        assert stored == name, f"storage renamed {name} to {stored}"
        default_storage.delete(staged)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.replace(source, target)
        except FileNotFoundError:
            if not os.path.exists(target):  # gone, and not published by another copy
                raise
    _discard_staged(name)


def _discard_staged(name: str) -> None:
    for staged in staged_copies(name):
        with contextlib.suppress(FileNotFoundError):
            default_storage.delete(staged)


def staged_copies(name: str) -> list[str]:
    """Staged copies of the original called ``name`` (a transaction's, running or crashed)."""
    folder = posixpath.join(STAGING, posixpath.dirname(name))
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    paths = (posixpath.join(folder, f) for f in files)
    return sorted(p for p in paths if final_name_of(p) == name)


def is_stored(name: str) -> bool:
    return default_storage.exists(name)


def restore_original(*, name: str, data: bytes | None = None) -> bool:
    """Store a committed row's missing original: from ``data`` when given, otherwise from a
    staged copy whose content matches the sha256 in ``name``. False when neither can."""
    if data is not None:
        store_original(name=name, data=data)
        return True
    expected = posixpath.splitext(posixpath.basename(name))[0]
    for staged in staged_copies(name):
        with default_storage.open(staged, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        if digest == expected:
            _publish(staged, name)
            return True
    return False


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int
    age_seconds: float


def walk(folder: str) -> list[StoredFile]:
    """Every file under ``folder`` of the default storage (none when it does not exist)."""
    found = []
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    now = timezone.now()
    for f in files:
        path = posixpath.join(folder, f)
        try:
            age = (now - default_storage.get_modified_time(path)).total_seconds()
            size = default_storage.size(path)
        except (FileNotFoundError, NotImplementedError):
            age, size = 0.0, 0
        found.append(StoredFile(path, size, age))
    for sub in folders:
        found += walk(posixpath.join(folder, sub))
    return found


def original_attachment(stored, filename_stem: str) -> FileResponse:
    """A stored original as a download (never shown inline), or 404 when the file is
    missing from storage."""
    suffix = stored.name.rsplit(".", 1)[-1] if "." in stored.name else "pdf"
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("The original file is missing from storage.") from None
    return FileResponse(handle, as_attachment=True, filename=f"{filename_stem}.{suffix}")

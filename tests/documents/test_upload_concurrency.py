"""Simultaneous confirms on a real PostgreSQL: nothing lost, nothing doubled.

Twenty people preview a file each (an uploader may keep only a few files being read, so
each preview has its own data admin), the queue reads them (tests.support.queue: the
worker's code in this process), then they all confirm at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from documents import ingest as documents
from documents import services as uploads
from documents.models import UploadStatus
from letters.models import AnnualLetter
from tests.support.factories import make_council, make_user
from tests.support.queue import run_queued_tasks
from tests.support.texts import letter_text

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 20


def read(data: bytes, filename: str, n: int):
    """A preview of the file by the nth data admin, read by the queue. The admins never
    sign in: no password (hashing one costs most of a second)."""
    user = make_user(f"admin-{n}", group="Data admins", password=None)
    preview = uploads.upload_preview_create(user=user, data=data, filename=filename)
    assert run_queued_tasks() == 1
    preview.refresh_from_db()
    assert preview.status == UploadStatus.READY, preview.refusal
    return preview


def confirm_all_at_once(previews):
    barrier = threading.Barrier(len(previews))

    def confirm(preview):
        try:
            barrier.wait()
            return uploads.upload_preview_confirm(preview=preview, user=preview.uploaded_by).status
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=len(previews)) as pool:
        return list(pool.map(confirm, previews))


def test_twenty_confirms_of_the_same_letter_write_one_row():
    council = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    data = letter_text(council.official_name).encode()
    # Twenty people previewed the same file before anyone confirmed it.
    previews = [read(data, f"copy-{n}.txt", n) for n in range(WORKERS)]
    statuses = confirm_all_at_once(previews)
    assert statuses.count(documents.IngestResult.IMPORTED) == 1
    assert statuses.count(documents.IngestResult.ALREADY_PRESENT) == WORKERS - 1
    assert AnnualLetter.objects.count() == 1


def test_twenty_different_letters_at_once_write_twenty_rows():
    previews = []
    for n in range(WORKERS):
        council = make_council(
            official_name=f"Borsetshire Vale {chr(65 + n)} District Council",
            short_name=f"Vale {chr(65 + n)}",
            slug=f"vale-{n}",
        )
        previews.append(read(letter_text(council.official_name).encode(), "l.txt", n))
    statuses = confirm_all_at_once(previews)
    assert statuses == [documents.IngestResult.IMPORTED] * WORKERS
    assert AnnualLetter.objects.count() == WORKERS


def test_twenty_versions_for_one_council_and_year_leave_exactly_one_current():
    council = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    previews = [
        read(letter_text(council.official_name, upheld=n + 1).encode(), "v.txt", n)
        for n in range(WORKERS)
    ]
    statuses = confirm_all_at_once(previews)
    assert statuses.count(documents.IngestResult.IMPORTED) == 1
    assert statuses.count(documents.IngestResult.REPLACED) == WORKERS - 1
    assert AnnualLetter.objects.count() == WORKERS
    assert AnnualLetter.objects.current().count() == 1

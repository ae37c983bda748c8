"""Simultaneous confirms on a real PostgreSQL: nothing lost, nothing doubled."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from documents import ingest as documents
from documents import services as uploads
from letters.models import AnnualLetter
from tests.support.factories import make_council, make_user
from tests.support.texts import letter_text

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 20


def confirm_all_at_once(previews, user):
    barrier = threading.Barrier(len(previews))

    def confirm(preview):
        try:
            barrier.wait()
            return uploads.upload_preview_confirm(preview=preview, user=user).status
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=len(previews)) as pool:
        return list(pool.map(confirm, previews))


def test_twenty_confirms_of_the_same_letter_write_one_row():
    council = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    admin = make_user("admin", group="Data admins")
    data = letter_text(council.official_name).encode()
    # Twenty people previewed the same file before anyone confirmed it.
    previews = [
        uploads.upload_preview_create(user=admin, data=data, filename=f"copy-{n}.txt")
        for n in range(WORKERS)
    ]
    statuses = confirm_all_at_once(previews, admin)
    assert statuses.count(documents.IngestResult.IMPORTED) == 1
    assert statuses.count(documents.IngestResult.ALREADY_PRESENT) == WORKERS - 1
    assert AnnualLetter.objects.count() == 1


def test_twenty_different_letters_at_once_write_twenty_rows():
    admin = make_user("admin", group="Data admins")
    previews = []
    for n in range(WORKERS):
        council = make_council(
            official_name=f"Borsetshire Vale {chr(65 + n)} District Council",
            short_name=f"Vale {chr(65 + n)}",
            slug=f"vale-{n}",
        )
        previews.append(
            uploads.upload_preview_create(
                user=admin, data=letter_text(council.official_name).encode(), filename="l.txt"
            )
        )
    statuses = confirm_all_at_once(previews, admin)
    assert statuses == [documents.IngestResult.IMPORTED] * WORKERS
    assert AnnualLetter.objects.count() == WORKERS


def test_twenty_versions_for_one_council_and_year_leave_exactly_one_current():
    council = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    admin = make_user("admin", group="Data admins")
    previews = [
        uploads.upload_preview_create(
            user=admin,
            data=letter_text(council.official_name, upheld=n + 1).encode(),
            filename="v.txt",
        )
        for n in range(WORKERS)
    ]
    statuses = confirm_all_at_once(previews, admin)
    assert statuses.count(documents.IngestResult.IMPORTED) == 1
    assert statuses.count(documents.IngestResult.REPLACED) == WORKERS - 1
    assert AnnualLetter.objects.count() == WORKERS
    assert AnnualLetter.objects.current().count() == 1

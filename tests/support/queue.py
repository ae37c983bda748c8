"""Running what the upload flow queued, in the test's own process and transaction.

``run_queued_tasks`` takes every task waiting in the PostgreSQL queue, claims it and runs it
with django-tasks-db's own ``Worker.run_task``: the code ``manage.py db_worker`` runs, minus
its polling loop (which closes database connections, and so cannot run inside a test's
transaction). The task function itself is the real one. tests/documents/test_worker.py runs
the real ``db_worker`` as a separate process."""

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "tests-in-process"


def run_queued_tasks(*, backend: str = "default") -> int:
    """Run every queued task, oldest first; how many ran. A task that failed is a test
    failure, with its traceback."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend,
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            task_result = DBTaskResult.objects.ready().filter(backend_name=backend).get_locked()
            if task_result is None:
                break
            task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        ran += 1
        task_result.refresh_from_db()
        assert task_result.status != "FAILED", task_result.traceback
    return ran


def queued() -> int:
    """How many tasks wait in the queue."""
    return DBTaskResult.objects.ready().count()


def previews_kept() -> int:
    """Previews kept with a file or figures: every one but the refusals, which keep only
    the file's name and why it was refused (checked here: no bytes, no figures, no
    council)."""
    from documents.models import UploadPreview, UploadStatus

    refused = UploadPreview.objects.filter(status=UploadStatus.REFUSED)
    for preview in refused:
        assert (bytes(preview.content), preview.parsed, preview.council_id) == (b"", {}, None)
        assert preview.refusal
    return UploadPreview.objects.exclude(status=UploadStatus.REFUSED).count()

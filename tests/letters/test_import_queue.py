"""import_letters --queue and reparse_letters --queue: a large job shared by the queue's
workers (several machines in production; here two real ``db_worker`` processes)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from documents.storage import is_stored
from letters import import_queue
from letters.models import AnnualLetter, QueuedImportFile
from tests.support.commands import reparse, run_import
from tests.support.factories import make_district_councils
from tests.support.queue import run_queued_tasks
from tests.support.texts import letter_text
from tests.support.worker import db_worker

PLACES = ["Ambridge", "Borchester", "Felpersham", "Loxley Barrett", "Penny Hassett", "Edgeley"]


def make_councils():
    return make_district_councils(PLACES)


def write_letters(folder, councils, years=(2022, 2023, 2024)) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, council in enumerate(councils):
        for year in years:
            path = folder / f"{council.slug}-{year}.txt"
            path.write_text(
                letter_text(council.official_name, year_end=year, upheld=(n + year) % 9 + 1)
            )
            paths.append(path)
    return paths


def result_lines(output: str) -> dict[str, str]:
    """File name (without its folder: long paths are shortened) -> its result, from the
    command's table."""
    rows = {}
    for line in output.splitlines():
        for status in ("imported", "already present", "replaced", "refused"):
            if f"  {status}  " in f"{line}  ":
                rows[line.split("  ")[0].strip().rsplit("/", 1)[-1]] = status
    return rows


@pytest.mark.django_db
def test_queued_files_wait_in_postgresql_until_a_worker_imports_each_one(tmp_path):
    councils = make_councils()[:2]
    paths = write_letters(tmp_path / "in", councils)
    (tmp_path / "in" / "minutes.txt").write_text("Minutes of the parish council meeting.")

    code, output = run_import(str(tmp_path / "in"), "--queue", "--no-wait")

    assert code == 0, output
    assert f"Queued for the workers (manage.py db_worker): {len(paths) + 1} files" in output
    assert QueuedImportFile.objects.count() == len(paths) + 1
    assert AnnualLetter.objects.count() == 0  # nothing is read in the command's process

    assert run_queued_tasks() == len(paths) + 1
    assert AnnualLetter.objects.count() == len(paths)
    assert QueuedImportFile.objects.count() == 0  # each file gone with its letter, or refused
    reports = {
        row["args_kwargs"]["args"][0]: row["return_value"]
        for row in DBTaskResult.objects.values("args_kwargs", "return_value")
    }
    statuses = sorted(report["status"] for report in reports.values())
    assert statuses == ["imported"] * len(paths) + ["refused"]
    assert all(is_stored(letter.original.name) for letter in AnnualLetter.objects.all())

    # Run again: every letter is recognised; only the refused file is queued again.
    code, output = run_import(str(tmp_path / "in"), "--queue", "--no-wait")
    assert f"1 files, {len(paths)} not queued" in output
    assert DBTaskResult.objects.ready().count() == 1


@pytest.mark.django_db
def test_a_file_queued_twice_is_imported_once(tmp_path):
    [council] = make_councils()[:1]
    [path] = write_letters(tmp_path / "in", [council], years=(2024,))
    data = path.read_bytes()
    from documents.storage import sha256_of

    first = import_queue.letter_file_enqueue(name=str(path), sha256=sha256_of(data), data=data)
    second = import_queue.letter_file_enqueue(name=str(path), sha256=sha256_of(data), data=data)

    assert first.task_id != second.task_id
    assert QueuedImportFile.objects.count() == 1
    assert run_queued_tasks() == 2
    assert AnnualLetter.objects.count() == 1
    statuses = sorted(DBTaskResult.objects.values_list("return_value__status", flat=True))
    assert statuses == ["already present", "imported"]


def test_options_that_do_not_go_together_are_refused(tmp_path):
    with pytest.raises(CommandError, match="--no-wait goes with --queue"):
        call_command("import_letters", str(tmp_path), "--no-wait", stdout=StringIO())
    with pytest.raises(CommandError, match="leave out --queue"):
        call_command("import_letters", str(tmp_path), "--queue", "--dry-run", stdout=StringIO())


@pytest.mark.django_db
def test_a_task_whose_worker_was_lost_is_queued_again():
    task = import_queue.import_letter_file.enqueue(0, "0" * 64)
    DBTaskResult.objects.filter(id=task.id).update(
        status="RUNNING", started_at=timezone.now() - import_queue.LOST_AFTER - timedelta(1)
    )
    again, finished = [], []

    def requeue(task_id):
        again.append(task_id)
        return None  # give up: reported as failed

    import_queue.tasks_wait(
        task_ids=[str(task.id)],
        on_finished=lambda task_id, report: finished.append((task_id, report)),
        requeue=requeue,
        on_idle=lambda hint: None,
        poll=0,
    )
    assert again == [str(task.id)]
    assert finished == [(str(task.id), None)]


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_an_import_and_a_reparse(tmp_path):
    councils = make_councils()
    paths = write_letters(tmp_path / "in", councils)
    (tmp_path / "in" / "minutes.txt").write_text("Minutes of the parish council meeting.")

    with db_worker("--worker-id=machine-a"), db_worker("--worker-id=machine-b"):
        code, output = run_import(str(tmp_path / "in"), "--queue")

        rows = result_lines(output)
        assert code == 1, output  # one file refused
        assert rows["minutes.txt"] == "refused"
        assert [rows[path.name] for path in paths] == ["imported"] * len(paths)
        assert f"{len(paths)} imported, 0 already present, 0 replaced, 1 refused" in output
        assert AnnualLetter.objects.count() == len(paths)
        assert QueuedImportFile.objects.count() == 0
        workers = {
            worker
            for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)
            for worker in ids
        }
        assert workers == {"machine-a", "machine-b"}  # the job was shared

        # A figure changed behind the parser's back: the queued re-parse puts it right,
        # and says what it changed exactly as the in-process re-parse does.
        letter = AnnualLetter.objects.order_by("pk").first()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE letters_annualletter SET upheld_count = upheld_count + 1 WHERE id = %s",
                [letter.pk],
            )
        queued = reparse("--queue", "--dry-run")
        in_process = reparse("--dry-run")
        assert queued.splitlines() == in_process.splitlines()
        assert "upheld_count" in queued
        assert f"1 letters changed, {len(paths) - 1} unchanged" in queued
        reparse("--queue")
    assert reparse("--dry-run").count("letters changed") == 1
    assert f"0 letters changed, {len(paths)} unchanged" in reparse("--dry-run")

"""What the queue changes for an uploader: the file is kept being read and the page waits;
each uploader has at most three files being read and ten previews kept; a text file is at
most 1 MB in any encoding the readers read, a PDF at most 50 pages; a preview being read
can be cancelled, not confirmed; a read that stopped or failed says so.

The queued reads run in this process with the worker's own code (tests.support.queue);
tests/documents/test_worker.py runs the real worker process."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from documents import errors, forms, kinds
from documents import services as uploads
from documents.models import UploadPreview, UploadStatus
from letters.models import AnnualLetter
from tests.support.http import post_upload, says, upload
from tests.support.paths import SEED_LETTER_2018
from tests.support.pdfs import many_pages_pdf
from tests.support.queue import previews_kept, queued, run_queued_tasks
from tests.support.texts import letter_text

pytestmark = pytest.mark.django_db


def letters(n: int) -> list[bytes]:
    """n different letters for Cambridge (each its own file)."""
    return [letter_text("Cambridge City Council", upheld=k + 1).encode() for k in range(n)]


# --- The page while the file is read ----------------------------------------------------


def test_the_upload_is_kept_being_read_and_nothing_is_parsed_in_the_request(officer_client):
    response = post_upload(officer_client, "letter.txt", SEED_LETTER_2018.read_bytes())
    assert response.status_code == 302
    preview = UploadPreview.objects.get()
    assert (preview.status, preview.council, preview.parsed) == (UploadStatus.READING, None, {})
    assert bytes(preview.content) == SEED_LETTER_2018.read_bytes()
    task = DBTaskResult.objects.get()
    assert (str(task.id), task.status, task.queue_name) == (preview.task_id, "READY", "uploads")
    assert task.task_path == "documents.services.read_upload"
    assert task.args_kwargs == {"args": [preview.pk], "kwargs": {}}

    page = officer_client.get(response["Location"])
    assert page.status_code == 200
    assert "Reading your letter" in page.content.decode()

    assert run_queued_tasks() == 1
    page = officer_client.get(response["Location"])
    assert "Reading your" not in page.content.decode()
    assert 'data-figure="Total decisions">19' in page.content.decode()


def test_finished_tasks_rows_are_dropped_a_week_on_when_the_next_upload_comes(officer_client):
    post_upload(officer_client, "letter.txt", letters(1)[0])
    run_queued_tasks()
    [finished] = DBTaskResult.objects.all()
    post_upload(officer_client, "other.txt", letters(2)[1])
    assert DBTaskResult.objects.count() == 2  # a finished read is kept a week
    DBTaskResult.objects.filter(pk=finished.pk).update(
        finished_at=timezone.now() - uploads.TASK_RESULTS_KEPT - timedelta(minutes=1)
    )
    post_upload(officer_client, "third.txt", letters(3)[2])
    assert not DBTaskResult.objects.filter(pk=finished.pk).exists()
    assert DBTaskResult.objects.count() == 2  # the two waiting reads are kept
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"READY"}


def test_a_word_file_is_a_report_being_read(officer_client):
    response = post_upload(officer_client, "report.docx", b"PK\x03\x04" + b"\x00" * 64)
    page = officer_client.get(response["Location"])
    assert "Reading your report" in page.content.decode()


def test_a_preview_being_read_can_be_cancelled_and_its_reading_then_does_nothing(
    officer_client,
):
    url = post_upload(officer_client, "letter.txt", SEED_LETTER_2018.read_bytes())["Location"]
    response = officer_client.post(url, {"action": "cancel"}, follow=True)
    assert says(response, uploads.PREVIEW_CANCELLED)
    assert not UploadPreview.objects.exists()
    assert run_queued_tasks() == 1  # the queued read finds nothing to read
    assert DBTaskResult.objects.get().return_value == "gone"
    assert not UploadPreview.objects.exists()


# --- At most three files being read, ten previews kept -----------------------------------


def test_a_fourth_file_while_three_are_being_read_is_refused_storing_nothing(officer_client):
    first, second, third, fourth = letters(4)
    for data in (first, second, third):
        assert post_upload(officer_client, "letter.txt", data).status_code == 302
    response = post_upload(officer_client, "letter.txt", fourth)
    assert response.status_code == 429
    assert says(response, uploads.TOO_MANY_READING)
    assert (UploadPreview.objects.count(), queued()) == (3, 3)

    run_queued_tasks()  # read: the slots are free again
    assert post_upload(officer_client, "letter.txt", fourth).status_code == 302
    assert UploadPreview.objects.reading().count() == 1


def test_another_uploader_is_not_held_up_by_someone_elses_three(officer_client, client):
    from tests.support.factories import make_user

    for data in letters(3):
        post_upload(officer_client, "letter.txt", data)
    client.force_login(make_user("dana", group="Data admins"))
    assert post_upload(client, "letter.txt", SEED_LETTER_2018.read_bytes()).status_code == 302


def test_an_uploader_keeps_the_newest_ten_unconfirmed_previews(officer_client):
    urls = [
        upload(officer_client, f"letter-{n}.txt", data)["Location"]
        for n, data in enumerate(letters(10))
    ]
    assert UploadPreview.objects.count() == uploads.MAX_UNCONFIRMED
    response = post_upload(officer_client, "eleventh.txt", letters(11)[-1], follow=True)
    assert says(
        response,
        uploads.PREVIEWS_DISCARDED.format(limit=uploads.MAX_UNCONFIRMED, names="letter-0.txt"),
    )
    assert UploadPreview.objects.count() == uploads.MAX_UNCONFIRMED
    assert officer_client.get(urls[0]).status_code == 404  # the oldest was discarded
    assert all(officer_client.get(url).status_code == 200 for url in urls[1:])


def test_confirmed_previews_do_not_count_against_the_ten(officer_client):
    first, *others = letters(11)
    url = upload(officer_client, "letter.txt", first)["Location"]
    officer_client.post(url, {"action": "confirm"})
    for data in others:
        upload(officer_client, "letter.txt", data)
    assert UploadPreview.objects.unconfirmed().count() == 10
    assert UploadPreview.objects.count() == 11  # the confirmed one answers a second Confirm


# --- Sizes, pages and encodings -------------------------------------------------------------


def test_a_text_file_over_1_mb_is_refused_by_the_form(officer_client):
    data = letter_text("Cambridge City Council").encode() + b" " * (1024 * 1024)
    response = post_upload(officer_client, "letter.txt", data)
    assert response.status_code == 400
    assert says(response, "a .txt file may be at most 1 MB")
    assert not UploadPreview.objects.exists()


@pytest.mark.parametrize(
    "encoding", ["utf-16", "cp1252", "utf-8-sig"], ids=["utf16-bom", "cp1252", "utf8-bom"]
)
def test_a_text_letter_in_any_encoding_the_reader_reads_is_accepted(officer_client, encoding):
    # An apostrophe the Ombudsman prints curly: cp1252 writes it as one byte, 0x92.
    text = SEED_LETTER_2018.read_text().replace("Ombudsman's", "Ombudsman’s")
    response = upload(officer_client, "letter.txt", text.encode(encoding))
    assert response.status_code == 302, response.content.decode()[:2000]
    html = officer_client.get(response["Location"]).content.decode()
    assert 'data-figure="Total decisions">19' in html


def test_bytes_the_reader_cannot_read_as_text_are_refused_by_the_form(officer_client):
    response = post_upload(officer_client, "letter.txt", b"\xff\xfe\x00\xd8\x00\xd8" * 10)
    assert response.status_code == 400
    assert says(response, forms.FILE_NOT_TEXT.format(suffix=".txt"))


def test_a_pdf_over_50_pages_is_refused_by_the_reader_in_the_worker(officer_client):
    response = upload(officer_client, "long.pdf", many_pages_pdf(51))
    assert response.status_code == 422
    message = kinds.TOO_MANY_PAGES.format(pages=51, limit=50)
    assert says(response, message)
    assert previews_kept() == 0
    assert UploadPreview.objects.get().refusal == message


def test_a_50_page_pdf_is_read(officer_client):
    response = upload(officer_client, "long.pdf", many_pages_pdf(50))
    # Read (not refused for its length): it is simply not a letter.
    assert "too many pages" not in response.content.decode()
    assert "at most 50" not in response.content.decode()


# --- Confirm too early; a read that stopped or failed ---------------------------------------


def test_confirm_while_the_file_is_being_read_is_refused(officer_client):
    url = post_upload(officer_client, "letter.txt", SEED_LETTER_2018.read_bytes())["Location"]
    response = officer_client.post(url, {"action": "confirm"})
    assert response.status_code == 409
    assert says(response, uploads.STILL_READING)
    assert "Reading your letter" in response.content.decode()
    assert AnnualLetter.objects.count() == 0


def test_a_read_whose_worker_stopped_says_so_and_frees_its_slot(officer_client):
    for data in letters(3):
        post_upload(officer_client, "letter.txt", data)
    stuck = UploadPreview.objects.order_by("created_at").first()
    DBTaskResult.objects.filter(id=stuck.task_id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=3)
    )
    url = f"/letters/upload/{stuck.token}/"
    page = officer_client.get(url)
    assert page.status_code == 503
    assert says(page, uploads.READ_STOPPED)
    # The other two are still being read; a new file may be uploaded.
    assert (
        post_upload(officer_client, "letter.txt", SEED_LETTER_2018.read_bytes()).status_code == 302
    )


def test_a_read_that_fails_ends_with_the_readers_message(officer_client, monkeypatch):
    url = post_upload(officer_client, "letter.txt", SEED_LETTER_2018.read_bytes())["Location"]
    preview = UploadPreview.objects.get()

    def broken(preview):  # a fault in the flow's own code, not in the file
        raise RuntimeError("a bug")

    monkeypatch.setattr(uploads, "_read", broken)
    with pytest.raises(RuntimeError):
        uploads.read_upload.call(preview.pk)  # the task function, as the worker calls it
    page = officer_client.get(url)
    assert page.status_code == 500
    assert says(page, errors.INTERNAL)


def test_a_file_saved_by_someone_else_while_it_waited_is_refused_as_already_uploaded(
    officer_client, cambridge
):
    from tests.support.factories import make_user

    url = post_upload(officer_client, "letter.txt", SEED_LETTER_2018.read_bytes())["Location"]
    # Meanwhile a data admin uploads the same file, which is read and confirmed first.
    admin = make_user("dana", group="Data admins")
    other = uploads.upload_preview_create(
        user=admin, data=SEED_LETTER_2018.read_bytes(), filename="l.txt"
    )
    uploads.upload_preview_read(preview_id=other.pk)  # what its task runs
    uploads.upload_preview_confirm(preview=other, user=admin)

    run_queued_tasks()
    page = officer_client.get(url)
    assert page.status_code == 409
    html = page.content.decode()
    assert "Already uploaded on" in html and "by dana" in html
    link = AnnualLetter.objects.get().get_absolute_url()
    assert f'href="{link}">See the letter already uploaded</a>' in html
    assert previews_kept() == 1  # the data admin's, confirmed

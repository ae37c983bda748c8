"""The real path: an upload posted through the real form is read by the real queue worker,
``manage.py db_worker`` in a separate process on the test database, while the uploader
waits on the reading page; and ``manage.py run_site`` (``make run``) starts a worker that
dies with the server. No other test starts a worker: they run the queued task in their
own process (tests.support.queue)."""

import os
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest
from django_tasks_db.models import DBTaskResult

from documents import services as uploads
from letters.models import AnnualLetter
from letters.parsing import errors as parse_errors
from tests.support.http import post_upload, says
from tests.support.paths import PROJECT_ROOT
from tests.support.pdfs import text_to_pdf
from tests.support.worker import WORKER_ID, db_worker, environment, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def read_by_worker(client, url):
    """The preview page once the file is read: what a person sees refreshing the page."""

    def page():
        response = client.get(url)
        return response if response.get("Upload-Status") != "reading" else None

    return wait_until(page, timeout=90)


def test_the_worker_reads_an_upload_posted_through_the_form(officer_client, cambridge, seed_pdf):
    response = post_upload(officer_client, seed_pdf.name, seed_pdf.read_bytes())
    assert response.status_code == 302
    url = response["Location"]

    # No worker yet: the page says the letter is being read, and looks again by itself.
    page = officer_client.get(url)
    html = page.content.decode()
    assert (page.status_code, page["Upload-Status"]) == (200, "reading")
    assert "Reading your letter" in html and seed_pdf.name in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert f'<a class="govuk-link" id="check-again" href="{url}">Check again</a>' in html
    assert "no-cache" in page["Cache-Control"]
    # Confirm before the figures are read is refused, saying why.
    early = officer_client.post(url, {"action": "confirm"})
    assert early.status_code == 409
    assert says(early, uploads.STILL_READING)
    assert AnnualLetter.objects.count() == 0

    with db_worker() as worker:
        page = read_by_worker(officer_client, url)
        # A file the reader refuses: the same words the upload page gave when it read files.
        minutes = text_to_pdf("Minutes of the parish council\n\nThe meeting opened at 7pm.")
        refused_url = post_upload(officer_client, "minutes.pdf", minutes)["Location"]
        refused = read_by_worker(officer_client, refused_url)
    assert worker.returncode == 0, worker.output  # stopped cleanly by SIGTERM

    html = page.content.decode()
    assert page.status_code == 200, html[:2000]
    assert "Cambridge City Council" in html
    assert 'data-figure="Uphold rate (decisions table)">67%' in html
    assert 'data-figure="Total decisions">19' in html
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    assert [(t.status, t.worker_ids, t.queue_name) for t in tasks] == [
        ("SUCCESSFUL", [WORKER_ID], "uploads"),
        ("SUCCESSFUL", [WORKER_ID], "uploads"),
    ]
    assert (refused.status_code, refused.get("Upload-Status")) == (422, None)
    assert says(refused, parse_errors.NOT_A_LETTER)
    assert says(refused, "Nothing was saved from")

    response = officer_client.post(url, {"action": "confirm"})
    assert response["Location"] == cambridge.get_absolute_url()
    assert AnnualLetter.objects.get().investigations == 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> dict[int, str]:
    """Live child processes of ``pid``: their command lines."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, parent = fields[0], int(fields[1])
        if parent == pid and state != "Z":
            found[int(entry)] = command
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the tie is Linux's")
def test_run_site_starts_a_worker_that_dies_with_the_server(db):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "run_site", f"127.0.0.1:{port}", "--noreload"],
        cwd=PROJECT_ROOT,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def home():
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/accounts/login/", timeout=5
                ) as r:
                    return r.status == 200
            except OSError:
                return False

        wait_until(home, timeout=60)
        workers = {pid for pid, cmd in children_of(server.pid).items() if "db_worker" in cmd}
        assert len(workers) == 1
        (worker,) = workers
        # The server is killed outright (no chance to clean up): the kernel stops the worker.
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        wait_until(lambda: not alive(worker), timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

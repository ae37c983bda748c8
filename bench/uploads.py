"""Pages are answered while uploads are read: time public pages with slow uploads in flight.

    .venv/bin/python bench/uploads.py [--users 1] [--web-workers 2] [--queue-workers 1]

Makes a scratch database `complaints_bench_uploads` on the server of DATABASE_URL (or the
private cluster), migrates it, adds Cambridge and its officers, serves the site with
gunicorn (2 sync workers) and starts the queue's worker (`manage.py db_worker`). Then each
officer signs in and posts 3 slow PDFs (the most one may have being read) through the real
upload form: 50 pages of small ruled text, which the reader takes a few seconds over before
refusing them. Meanwhile it requests the home page and /councils/ every 100 ms until every
file is read, and prints how long each POST took, how long after it each file was read, and
the page times meanwhile (median and worst). Before the queue each POST held a web worker
for its whole read, so two slow uploads at once left every page waiting.
"""

import argparse
import http.cookiejar
import io
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
DB = "complaints_bench_uploads"
PORT = 8791


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        subprocess.run([PY, "-m", "complaints_site.localdb", "start"], cwd=ROOT, check=True)
        url = subprocess.run(
            [PY, "-m", "complaints_site.localdb", "url"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{DB}"))


def slow_pdf(seed: int, pages: int = 50) -> bytes:
    """Small ruled text on every page: slow for the table reader, then refused."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in range(pages):
        pdf.setFont("Helvetica", 4)
        for y in range(120):
            for x in range(12):
                pdf.drawString(20 + x * 47, 820 - y * 6.6, f"{seed}-{page}-{y}-{x} upheld")
            pdf.line(20, 819 - y * 6.6, 580, 819 - y * 6.6)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def prepare(env: dict, users: int) -> None:
    admin_url = urllib.parse.urlunsplit(
        urllib.parse.urlsplit(env["DATABASE_URL"])._replace(path="/postgres")
    )
    script = (
        "import psycopg,sys; c=psycopg.connect(sys.argv[1], autocommit=True);"
        f"c.execute('DROP DATABASE IF EXISTS {DB} WITH (FORCE)'); c.execute('CREATE DATABASE {DB}')"
    )
    subprocess.run([PY, "-c", script, admin_url], check=True)
    subprocess.run([PY, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    setup = (
        "from councils.models import Council;"
        "from tests.support.factories import make_council, make_user;"
        "c = make_council(official_name='Cambridge City Council', short_name='Cambridge',"
        " slug='cambridge');"
        f"[make_user(f'cam-officer-{{n}}', group='Council officers', councils=[c])"
        f" for n in range({users})]"
    )
    subprocess.run([PY, "manage.py", "shell", "-c", setup], cwd=ROOT, env=env, check=True)


class Session:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode(), response.headers

    def token(self, path: str) -> str:
        html = self.get(path)[1]
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def sign_in(self, username: str) -> None:
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.token("/accounts/login/"),
                "username": username,
                "password": "correct horse",
            }
        ).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=data)  # noqa: S310
        request.add_header("Referer", self.base + "/accounts/login/")
        self.opener.open(request, timeout=60).read()

    def upload(self, name: str, data: bytes) -> str:
        """POST the file; the preview's address."""
        boundary = uuid.uuid4().hex
        token = self.token("/letters/upload/")
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
                f"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; "
                f'name="file"; filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(self.base + "/letters/upload/", data=body)  # noqa: S310
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("Referer", self.base + "/letters/upload/")
        with self.opener.open(request, timeout=120) as response:
            return urllib.parse.urlsplit(response.url).path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1, help="officers, 3 uploads each")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--queue-workers", type=int, default=1)
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
    prepare(env, args.users)
    base = f"http://127.0.0.1:{PORT}"
    processes = [
        subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "complaints_site.wsgi:application",
                "-w",
                str(args.web_workers),
                "-b",
                f"127.0.0.1:{PORT}",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    for _ in range(args.queue_workers):
        processes.append(
            subprocess.Popen(
                [
                    PY,
                    "manage.py",
                    "db_worker",
                    "--queue-name=*",
                    "--interval=0.2",
                    "--no-reload",
                    "--no-startup-delay",
                    "-v",
                    "0",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    try:
        for _ in range(100):
            try:
                Session(base).get("/")
                break
            except OSError:
                time.sleep(0.2)
        uploaders = []
        for n in range(args.users):
            uploaders.append(Session(base))
            uploaders[-1].sign_in(f"cam-officer-{n}")
        files = [slow_pdf(n) for n in range(3 * args.users)]
        public = Session(base)
        public.get("/")  # warm

        posted: list[tuple[Session, str, float, float]] = []  # preview, posted at, POST s
        page_times: list[float] = []
        done = threading.Event()

        def browse():
            while not done.is_set():
                for path in ("/", "/councils/"):
                    start = time.monotonic()
                    public.get(path)
                    page_times.append(time.monotonic() - start)
                time.sleep(0.1)

        browser = threading.Thread(target=browse)
        started = time.monotonic()
        browser.start()
        for n, data in enumerate(files):
            uploader = uploaders[n % args.users]
            start = time.monotonic()
            preview = uploader.upload(f"slow-{n}.pdf", data)
            posted.append((uploader, preview, start, time.monotonic() - start))
        finished = {}
        while len(finished) < len(posted):
            for uploader, preview, _, _ in posted:
                if preview not in finished:
                    try:
                        status, _, headers = uploader.get(preview)
                    except urllib.error.HTTPError as refused:  # read and refused (422)
                        status, headers = refused.code, refused.headers
                    if headers.get("Upload-Status") != "reading":
                        finished[preview] = (time.monotonic(), status)
            time.sleep(0.2)
        done.set()
        browser.join()
        total = time.monotonic() - started
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()

    print(f"{len(posted)} slow uploads by {args.users} officer(s), {args.web_workers} gunicorn "
          f"workers, {args.queue_workers} queue worker(s); all read in {total:.1f} s")  # fmt: skip
    for _, preview, at, seconds in posted:
        done_at, status = finished[preview]
        print(f"  POST answered in {seconds * 1000:.0f} ms; read (HTTP {status}) "
              f"{done_at - at:.1f} s after posting")  # fmt: skip
    median, worst = statistics.median(page_times), max(page_times)
    print(f"  {len(page_times)} page requests meanwhile: median {median * 1000:.0f} ms, "
          f"worst {worst * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()

"""Pages are answered while uploads are read, and 20 concurrent confirms save one letter.

    .venv/bin/python bench/uploads.py [--uploads 4] [--seconds 6] [--clients 2] [--confirms 20]

Makes a scratch database `complaints_bench_uploads` on the server of DATABASE_URL (or the
private cluster), migrates it, adds Cambridge with three years of letters and its officers,
serves the site with gunicorn (2 sync workers, the page cache off: every page rendered) and
starts the queue's worker (`manage.py db_worker`). Then:

1. The council page's normal rate: `--clients` clients request /councils/cambridge/ for
   `--seconds` seconds, nothing else happening.
2. The officers (3 uploads each at most being read, so two officers for 4) post `--uploads`
   slow PDFs through the real upload form: 50 pages of small ruled text, which the reader
   takes a few seconds over before refusing them. While they are read the same clients
   request the council page: its rate against the normal rate (target >= 50%) and its errors
   (target 0). Before the queue each POST held a web worker for its whole read, so two slow
   uploads at once left every page waiting.
3. An officer uploads a letter and, once it is read, presses Confirm `--confirms` times at
   once (threads sharing the session): exactly one letter is saved, and no answer is >= 500.
"""

import argparse
import http.cookiejar
import io
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.texts import letter_text  # noqa: E402

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
    with tempfile.TemporaryDirectory() as folder:
        for year in (2022, 2023, 2024):
            text = letter_text("Cambridge City Council", year_end=year, upheld=year % 7 + 3)
            (Path(folder) / f"cambridge-{year}.txt").write_text(text)
        subprocess.run(
            [PY, "manage.py", "import_letters", folder, "--no-progress", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def letters_saved(env: dict) -> int:
    script = "from letters.models import AnnualLetter; print(AnnualLetter.objects.count())"
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.split()[-1])


def page_rate(base: str, path: str, *, clients: int, until) -> tuple[float, int, int]:
    """(requests per second, requests, errors) of ``clients`` clients requesting ``path``
    one after another until ``until()`` is true."""
    counts, errors = [0] * clients, [0] * clients

    def client(n: int) -> None:
        session = Session(base)
        while not until():
            try:
                session.get(path)
                counts[n] += 1
            except (OSError, urllib.error.HTTPError):
                errors[n] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    return sum(counts) / elapsed, sum(counts), sum(errors)


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

    def post(self, path: str, fields: dict) -> int:
        """POST a form; the status of the answer (redirects followed)."""
        request = urllib.request.Request(  # noqa: S310
            self.base + path, data=urllib.parse.urlencode(fields).encode()
        )
        request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=120) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

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
    parser.add_argument("--uploads", type=int, default=4, help="slow uploads at once")
    parser.add_argument("--seconds", type=float, default=6, help="normal rate measured for")
    parser.add_argument("--clients", type=int, default=2, help="clients requesting the page")
    parser.add_argument("--confirms", type=int, default=20, help="Confirm pressed at once")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--queue-workers", type=int, default=1)
    args = parser.parse_args()

    users = max(1, -(-args.uploads // 3))  # at most 3 of one officer's files read at once
    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
    prepare(env, users)
    # The bench's settings with the page cache off: every council page is rendered.
    web_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bench_settings", "BENCH_NO_CACHE": "1"}
    base = f"http://127.0.0.1:{PORT}"
    gunicorn = [PY, "-m", "gunicorn", "complaints_site.wsgi:application", "-w",
                str(args.web_workers), "-b", f"127.0.0.1:{PORT}", "--timeout", "120"]  # fmt: skip
    worker = [PY, "manage.py", "db_worker", "--queue-name=*", "--interval=0.2", "--no-reload",
              "--no-startup-delay", "-v", "0"]  # fmt: skip
    quiet = {"cwd": ROOT, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [subprocess.Popen(gunicorn, env=web_env, **quiet)]
    processes += [subprocess.Popen(worker, env=env, **quiet) for _ in range(args.queue_workers)]
    page = "/councils/cambridge/"
    ok = True
    try:
        for _ in range(100):
            try:
                Session(base).get("/")
                break
            except OSError:
                time.sleep(0.2)
        uploaders = []
        for n in range(users):
            uploaders.append(Session(base))
            uploaders[-1].sign_in(f"cam-officer-{n}")
        for _ in range(20):
            Session(base).get(page)  # warm: both workers, the connections

        # 1. The normal rate.
        ends = time.monotonic() + args.seconds
        normal, normal_count, normal_errors = page_rate(
            base, page, clients=args.clients, until=lambda: time.monotonic() > ends
        )

        # 2. The same while slow uploads are read.
        files = [slow_pdf(n) for n in range(args.uploads)]
        posted: list[tuple[Session, str, float, float]] = []  # preview, posted at, POST s
        finished: dict[str, tuple[float, int]] = {}

        def watch() -> None:
            while len(finished) < len(posted):
                for uploader, preview, _, _ in posted:
                    if preview in finished:
                        continue
                    try:
                        status, _, headers = uploader.get(preview)
                    except urllib.error.HTTPError as refused:  # read and refused (422)
                        status, headers = refused.code, refused.headers
                    if headers.get("Upload-Status") != "reading":
                        finished[preview] = (time.monotonic(), status)
                time.sleep(0.2)

        started = time.monotonic()
        for n, data in enumerate(files):
            uploader = uploaders[n % users]
            start = time.monotonic()
            preview = uploader.upload(f"slow-{n}.pdf", data)
            posted.append((uploader, preview, start, time.monotonic() - start))
        watcher = threading.Thread(target=watch)
        watcher.start()
        during, during_count, during_errors = page_rate(
            base, page, clients=args.clients, until=lambda: not watcher.is_alive()
        )
        watcher.join()
        total = time.monotonic() - started

        # 3. Confirm pressed many times at once.
        before = letters_saved(env)
        officer = uploaders[0]
        letter = letter_text("Cambridge City Council", year_end=2025, upheld=9).encode()
        preview = officer.upload("cambridge-2025.txt", letter)
        while officer.get(preview)[2].get("Upload-Status") == "reading":
            time.sleep(0.2)
        token = officer.token(preview)
        gate = threading.Barrier(args.confirms)
        statuses: list[int] = []

        def confirm() -> None:
            gate.wait()
            statuses.append(
                officer.post(preview, {"csrfmiddlewaretoken": token, "action": "confirm"})
            )

        pressers = [threading.Thread(target=confirm) for _ in range(args.confirms)]
        for thread in pressers:
            thread.start()
        for thread in pressers:
            thread.join()
        saved = letters_saved(env) - before
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()

    ratio = during / normal if normal else 0.0
    print(f"1. {page}, {args.clients} clients, page cache off, {args.web_workers} gunicorn "
          f"workers: {normal:.1f} requests/s normally ({normal_count} in {args.seconds:g} s, "
          f"{normal_errors} errors)")  # fmt: skip
    print(f"2. {len(posted)} slow uploads by {users} officer(s), {args.queue_workers} queue "
          f"worker(s), all read in {total:.1f} s:")  # fmt: skip
    for _, preview, at, seconds in posted:
        done_at, status = finished[preview]
        print(f"     POST answered in {seconds * 1000:.0f} ms; read (HTTP {status}) "
              f"{done_at - at:.1f} s after posting")  # fmt: skip
    print(f"   meanwhile {during:.1f} requests/s ({during_count}, {during_errors} errors): "
          f"{100 * ratio:.0f}% of the normal rate (target >= 50%, 0 errors)")  # fmt: skip
    ok &= ratio >= 0.5 and during_errors == 0 and normal_errors == 0
    counted = {status: statuses.count(status) for status in sorted(set(statuses))}
    print(f"3. Confirm pressed {args.confirms} times at once: {saved} letter saved "
          f"(target 1); answers {counted} (target: none >= 500)")  # fmt: skip
    ok &= saved == 1 and all(status < 500 for status in statuses)
    print("all targets met" if ok else "SOME TARGETS NOT MET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

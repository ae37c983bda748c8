"""Faults and hostile traffic, bounded and on loopback only: what issue 12 asks the site to
survive, measured in one run.

    .venv/bin/python bench/faults.py [--requests 5000] [--unique 10000] [--letters 300]

1. Hostile requests: N requests to every kind of public address with random bad query
   strings (huge and negative numbers, NUL, unicode, path tricks, very long values) and bad
   uploads from anonymous clients, against gunicorn (2 workers, DEBUG off): responses >= 500
   are counted (target 0).
2. Unique query strings: M requests to /councils/ each with a query string never seen
   before; the workers' resident memory before and after (target: flat, i.e. the growth is
   not proportional to M).
3. A killed import: L letters imported by `import_letters`, SIGKILLed at three random
   moments and run again to the end: exactly L letters, no sha256 twice, and
   `check_storage` finds no orphan file and no missing original.

The web parts use bench/pages.py's database (`complaints_bench`, built once); the import
uses a scratch database `complaints_bench_faults`, dropped at the end.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import base_url, prepare, serve, with_db  # noqa: E402

PY = sys.executable
IMPORT_DB = "complaints_bench_faults"
PORT = 8791

HOSTILE_VALUES = [
    "99999999999999999999",
    "-1",
    "0",
    "1e9",
    "%00",
    "..%2F..%2Fetc%2Fpasswd",
    "%E2%80%AE%F0%9F%98%80",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "A" * 4000,
    "%",
    "%ZZ",
    "[]",
    "2024.5",
]
PATHS = [
    "/",
    "/councils/",
    "/councils/{slug}/",
    "/compare/district/{year}/",
    "/compare/councils/",
    "/map/",
    "/letters/{n}/",
    "/letters/{n}/original/",
    "/search/",
    "/api/v1/councils/",
    "/data/",
]
PARAMETERS = ["year", "status", "sort", "page", "authority_type", "region", "name", "q",
              "c", "measure", "_export", "per_page", "highlight"]  # fmt: skip


def encoded(value: str) -> str:
    """Values already percent-encoded (on purpose, some badly) go as they are."""
    return value if "%" in value else quote(value)


def hostile_path(rng: random.Random) -> str:
    path = rng.choice(PATHS).format(
        slug=quote(rng.choice(["cambridge", "../admin", "%00", "x" * 300, "café"]), safe="%"),
        year=rng.choice(["0", "10000", "2024", "99999999999999999999"]),
        n=rng.choice(["1", "0", "99999999999999999999"]),
    )
    query = "&".join(
        f"{rng.choice(PARAMETERS)}={encoded(rng.choice(HOSTILE_VALUES))}"
        for _ in range(rng.randint(1, 4))
    )
    return f"{path}?{query}"


def request(conn: HTTPConnection, method: str, path: str, body: bytes = b"", headers=None) -> int:
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    response.read()
    return response.status


def hostile_requests(count: int, *, threads: int = 4) -> tuple[dict[int, int], list[str]]:
    """Status -> how many, for `count` hostile GETs and bad anonymous uploads; and the first
    requests answered >= 500."""
    statuses: dict[int, int] = {}
    failing: list[str] = []
    lock = threading.Lock()
    per_thread = count // threads

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
        for i in range(per_thread):
            try:
                if i % 10 == 0:  # a bad upload: junk, a wrong type, a lying length
                    body = rng.choice([b"", b"\x00" * 2048, b"--x\r\n\r\n" * 100])
                    headers = {"Content-Type": rng.choice(
                        ["multipart/form-data; boundary=x", "application/json", "text/plain"]
                    )}  # fmt: skip
                    path = "POST /letters/upload/"
                    status = request(conn, "POST", "/letters/upload/", body, headers)
                else:
                    path = hostile_path(rng)
                    status = request(conn, "GET", path)
            except OSError:  # no answer at all counts with the server errors
                status = 599
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status >= 500 and len(failing) < 20:
                    failing.append(f"{status} {path[:160]}")
            if status >= 500:
                conn.close()
                conn = HTTPConnection("127.0.0.1", PORT, timeout=30)

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return statuses, failing


def worker_rss_mib(server: subprocess.Popen) -> float:
    """Resident memory of gunicorn's workers (the master's children), in MiB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server.pid):
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


def unique_query_strings(server: subprocess.Popen, count: int) -> list[tuple[int, float]]:
    conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
    samples = [(0, worker_rss_mib(server))]
    for n in range(1, count + 1):
        status = request(conn, "GET", f"/councils/?_export=json&nc={n}")
        if status >= 500:
            raise SystemExit(f"/councils/?nc={n}: HTTP {status}")
        if n % (count // 5) == 0:
            samples.append((n, worker_rss_mib(server)))
    return samples


def killed_import(url: str, letters: int, rng: random.Random) -> dict:
    import psycopg

    from bench.ingest import render

    admin = with_db(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{IMPORT_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{IMPORT_DB}"')
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "letters"
        folder.mkdir()
        render(folder, letters)
        env = {**os.environ, "DATABASE_URL": with_db(url, IMPORT_DB), "MEDIA_ROOT": f"{tmp}/media"}
        manage = [PY, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        from bench.ingest import PLACES

        script = (
            "from councils.models import Council, CouncilName\n"
            f"for n, name in enumerate({PLACES!r}):\n"
            "    c = Council.objects.create(official_name=name, short_name=name.split()[0],"
            " slug=name.split()[0].lower(), register_code=f'B{n:03d}', authority_type='district')\n"
            "    CouncilName.objects.create(council=c, name=c.official_name)\n"
        )
        subprocess.run([*manage, "shell", "-c", script], cwd=ROOT, env=env, check=True)
        command = [*manage, "import_letters", str(folder), "--jobs", "2", "--no-progress"]
        kills = []
        for _ in range(3):
            run = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
            delay = rng.uniform(0.5, 4.0)
            time.sleep(delay)
            if run.poll() is None:
                os.kill(run.pid, signal.SIGKILL)
            run.wait()
            kills.append(round(delay, 1))
        final = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        count = (
            "from letters.models import AnnualLetter as L; from django.db.models import Count; "
            "print(L.objects.count(), L.objects.values('sha256').annotate(n=Count('id'))"
            ".filter(n__gt=1).count())"
        )
        out = subprocess.run([*manage, "shell", "-c", count], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True)  # fmt: skip
        stored, twice = (int(x) for x in out.stdout.split()[-2:])
        storage = subprocess.run([*manage, "check_storage"], cwd=ROOT, env=env,
                                 capture_output=True, text=True)  # fmt: skip
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{IMPORT_DB}" WITH (FORCE)')
    return {
        "killed after (s)": kills,
        "final run exit": final.returncode,
        "letters": stored,
        "sha256 twice": twice,
        "check_storage exit": storage.returncode,
        "check_storage says": storage.stdout.strip().splitlines()[-1:] or storage.stderr[-200:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--unique", type=int, default=10000)
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    url = base_url()
    ok = True

    env = prepare(url, councils=40, years=4, fresh=False)
    env["BENCH_PORT"] = str(PORT)
    server = serve(env, PORT, cached=True)
    try:
        statuses, failing = hostile_requests(args.requests)
        errors = sum(n for status, n in statuses.items() if status >= 500)
        print(f"1. {args.requests} hostile requests: {dict(sorted(statuses.items()))}")
        print(f"   responses >= 500 (599: no answer): {errors} (target 0)")
        for line in failing:
            print(f"     {line}")
        ok &= errors == 0
        samples = unique_query_strings(server, args.unique)
        growth = samples[-1][1] - samples[1][1]
        print(f"2. {args.unique} unique query strings, workers' RSS (MiB): {samples}")
        print(f"   growth after the first fifth: {growth:+.1f} MiB (target: flat, < 10 MiB)")
        ok &= growth < 10
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)

    result = killed_import(url, args.letters, rng)
    print(f"3. import of {args.letters} letters killed three times, then run again: {result}")
    ok &= (
        result["letters"] == args.letters
        and result["sha256 twice"] == 0
        and result["check_storage exit"] == 0
        and result["final run exit"] == 0
    )
    print("all targets met" if ok else "SOME TARGETS NOT MET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""Page speed: each page type against a trivial Django view, in the same run.

    .venv/bin/python bench/pages.py [--councils 400] [--years 12] [--seconds 10] [--fresh]

Builds (once) separate databases on the same PostgreSQL server with bench/generate_data.py's
realistic data (`complaints_bench_<councils>_<years>`, and one of 20 councils to count
queries against), serves the site with gunicorn (2 workers, DEBUG off), loads each URL with
wrk (Debian's `wrk`; a small Python load loop when it is missing) and prints, for home,
/councils/, a council page, compare and a CSV export, as ratios to the trivial view:

- uncached: the page cache switched off, every request renders;
- cached: as served, from the page cache;
- 304: a conditional GET with the page's ETag, answered before the view runs;

and the queries each page takes (uncached) at 20 councils and at --councils, which should
be the same; then each worker's memory over --memory-requests requests (10,000), every page
rendered. Targets (issue 13): uncached council page and home >= 10%, /councils/ and
compare >= 8%; cached >= 60%; 304 >= 80%; queries <= 6 and constant; a worker's memory flat
(at most 5% growth after the first fifth of the requests).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
COUNT_COUNCILS = "from councils.models import Council; print(Council.objects.count())"
FEW_COUNCILS = 20  # the small database the query counts are compared with
# The lowest ratio to the trivial view each page should reach, uncached and cached, and
# for a 304; the most queries a page may take.
PAGES = ("home", "councils table", "council page", "compare", "CSV export")
TARGETS = {
    "uncached": {"home": 0.10, "councils table": 0.08, "council page": 0.10, "compare": 0.08},
    "cached": dict.fromkeys(PAGES, 0.60),
    "304": dict.fromkeys(PAGES, 0.80),
}
MOST_QUERIES = 6
MEMORY_GROWTH = 0.05  # a worker's memory over the last four fifths of --memory-requests


def base_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    subprocess.run([PY, "-m", "complaints_site.localdb", "start"], cwd=ROOT, check=True)
    out = subprocess.run(
        [PY, "-m", "complaints_site.localdb", "url"], cwd=ROOT, check=True, capture_output=True
    )
    return out.stdout.decode().strip()


def with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare(url: str, *, councils: int, years: int, fresh: bool) -> dict:
    import psycopg

    name = f"complaints_bench_{councils}_{years}"
    admin = with_db(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": with_db(url, name),
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "SECRET_KEY": "bench-only-not-secret",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
    }
    manage = [PY, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    count = subprocess.run(
        [*manage, "shell", "-c", COUNT_COUNCILS],
        cwd=ROOT, env=env, check=True, capture_output=True,
    ).stdout.decode().split()[-1]  # fmt: skip
    if int(count) == 0:
        print(f"Generating {councils} councils x {years} years ...", flush=True)
        subprocess.run(
            [PY, "-m", "bench.generate_data", "--councils", str(councils), "--years", str(years)],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        # Fresh statistics: without them the planner takes the new tables for empty
        # (the home page's latest letters took 470 ms, a nested loop over every pair).
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("ANALYZE")
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env["BENCH_STATIC_ROOT"] = str(static_root)
    subprocess.run(
        [*manage, "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return env


def sample_urls(env: dict) -> dict[str, list[str]]:
    code = (
        "from councils.models import Council; from letters.models import AnnualLetter as L; "
        "c = list(Council.objects.filter(letters__isnull=False).distinct()"
        ".values_list('slug', flat=True)[:50]); "
        "y = L.objects.order_by('-period_end').values_list('period_end__year', flat=True)[0]; "
        "print(' '.join(c)); print(y)"
    )
    out = (
        subprocess.run(
            [PY, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .strip()
        .splitlines()
    )
    slugs, year = out[-2].split(), int(out[-1])
    return {
        "trivial view": ["/bench/trivial/"],
        "home": ["/"],
        "councils table": [
            "/councils/",
            "/councils/?sort=-difference",
            "/councils/?authority_type=district&sort=uphold_rate&page=2",
            f"/councils/?year={year - 3}&sort=-compliance_rate",
        ],
        "council page": [f"/councils/{slug}/" for slug in slugs],
        "compare": [
            f"/compare/{t}/{y}/"
            for t in ("district", "unitary", "county", "london-borough", "metropolitan-borough")
            for y in (year, year - 1)
        ],
        "CSV export": [
            "/councils/?_export=csv",
            f"/compare/district/{year}/?_export=csv",
            "/councils/?authority_type=unitary&_export=csv",
        ],
    }


# Run inside the site's settings (a child process): each page's queries, uncached.
COUNT_QUERIES = """
import json, os
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
settings.ALLOWED_HOSTS = ["*"]
urls = json.loads(os.environ["BENCH_URLS"])
client = Client()
counts = {}
for name, paths in urls.items():
    found = set()
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        assert status == 200, (path, status)
        found.add(len(captured.captured_queries))
    counts[name] = max(found)
print(json.dumps(counts))
"""


def count_queries(env: dict, urls: dict[str, list[str]]) -> dict[str, int]:
    """The most queries any of each page's URLs takes, rendered (no page cache)."""
    pages = {name: paths for name, paths in urls.items() if name != "trivial view"}
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", COUNT_QUERIES],
        # Versions read on every request: each count includes the page's versions query.
        cwd=ROOT, env={**env, "BENCH_NO_CACHE": "1", "PAGE_VERSIONS_MEMO_SECONDS": "0",
                       "BENCH_URLS": json.dumps(pages)},
        check=True, capture_output=True,
    )  # fmt: skip
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


WRK_SCRIPT = """
local paths = {%s}
local tags = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  if tags[i] ~= "" then
    return wrk.format("GET", paths[i], {["If-None-Match"] = tags[i]})
  end
  return wrk.format("GET", paths[i])
end
"""


def _lua(values: list[str]) -> str:
    return ", ".join(json.dumps(v) for v in values)


def load_wrk(host: str, paths: list[str], seconds: int, connections: int, tags=None) -> float:
    tags = tags or [""] * len(paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % (_lua(paths), _lua(tags)))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, host],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    os.unlink(script.name)
    if "Non-2xx" in out:
        raise SystemExit(f"Errors while loading {paths[0]}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def load_python(host: str, paths: list[str], seconds: int, connections: int, tags=None) -> float:
    parts = urlsplit(host)
    done = [0] * connections
    stop = time.monotonic() + seconds
    expected = 304 if tags else 200

    def worker(n: int) -> None:
        conn = HTTPConnection(parts.hostname, parts.port)
        i = n
        while time.monotonic() < stop:
            k = i % len(paths)
            conn.request("GET", paths[k], headers={"If-None-Match": tags[k]} if tags else {})
            response = conn.getresponse()
            response.read()
            if response.status != expected:
                raise RuntimeError(f"{paths[k]}: HTTP {response.status}")
            done[n] += 1
            i += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - start)


def etags(host: str, paths: list[str]) -> list[str]:
    """Each page's ETag as served (what a browser or CDN would send back)."""
    found = []
    for path in paths:
        with urllib.request.urlopen(host + path, timeout=30) as response:  # noqa: S310
            tag = response.headers.get("ETag")
        if not tag:
            raise SystemExit(f"{path} sends no ETag: no 304 to measure")
        found.append(tag)
    return found


def serve(env: dict, port: int, cached: bool) -> subprocess.Popen:
    env = dict(env)
    if not cached:
        env["BENCH_NO_CACHE"] = "1"
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "complaints_site.wsgi:application", "-w", "2",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/trivial/", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run(env: dict, urls: dict, *, port: int, seconds: int, connections: int, cached: bool):
    """req/s for each page, and with the cache also for a 304 of each (the trivial view's
    304 column is its plain rate)."""
    load = load_wrk if shutil.which("wrk") else load_python
    server = serve(env, port, cached)
    host = f"http://127.0.0.1:{port}"
    rates, revalidated = {}, {}
    try:
        for paths in urls.values():  # warm up: connections, caches, every URL once per worker
            for path in paths:
                for _ in range(8):
                    urllib.request.urlopen(host + path, timeout=30).read()  # noqa: S310
        for name, paths in urls.items():
            rates[name] = load(host, paths, seconds, connections)
        if cached:
            revalidated["trivial view"] = rates["trivial view"]
            for name, paths in urls.items():
                if name != "trivial view":
                    tags = etags(host, paths)
                    revalidated[name] = load(host, paths, seconds, connections, tags)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    return rates, revalidated


def worker_rss(master: int) -> list[int]:
    """Each gunicorn worker's resident memory in KiB (Linux's /proc)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)))
    return sorted(sizes)


def drive(host: str, paths: list[str], count: int, connections: int) -> None:
    """`count` requests over `connections` connections, the paths in turn; each must be 200."""
    parts = urlsplit(host)
    left = iter(range(count))
    lock = threading.Lock()

    def worker() -> None:
        conn = HTTPConnection(parts.hostname, parts.port, timeout=60)
        while True:
            with lock:
                n = next(left, None)
            if n is None:
                return
            conn.request("GET", paths[n % len(paths)])
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{paths[n % len(paths)]}: HTTP {response.status}")

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def memory_run(env: dict, urls: dict, *, port: int, requests: int, connections: int) -> list:
    """The workers' memory (KiB, each) after a warm-up, after a fifth of `requests` and after
    all of them, every page rendered (no page cache), the pages' URLs in turn."""
    paths = [path for name, group in urls.items() if name != "trivial view" for path in group]
    server = serve(env, port, cached=False)
    host = f"http://127.0.0.1:{port}"
    try:
        drive(host, paths, 2 * len(paths), connections)  # every URL at least once per worker
        sizes = [worker_rss(server.pid)]
        drive(host, paths, requests // 5, connections)
        sizes.append(worker_rss(server.pid))
        drive(host, paths, requests - requests // 5, connections)
        sizes.append(worker_rss(server.pid))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    return sizes


def memory_report(sizes: list, requests: int) -> bool:
    """Flat: no worker grows by more than MEMORY_GROWTH between a fifth of the requests and
    all of them (the first fifth fills what a process fills once: caches of templates,
    URL patterns, prepared queries)."""
    warm, fifth, last = sizes
    print(f"\nworker memory, every page rendered, {requests:,} requests:")
    print(f"  after warm-up     {', '.join(f'{kib / 1024:.1f} MiB' for kib in warm)}")
    print(f"  after {requests // 5:>6,}      {', '.join(f'{kib / 1024:.1f} MiB' for kib in fifth)}")
    print(f"  after {requests:>6,}      {', '.join(f'{kib / 1024:.1f} MiB' for kib in last)}")
    growth = max(after / before - 1 for before, after in zip(fifth, last, strict=True))
    flat = growth <= MEMORY_GROWTH
    print(f"  largest growth over the last {requests - requests // 5:,} requests: {growth:+.1%}"
          f"{'' if flat else f' * (target: at most {MEMORY_GROWTH:.0%})'}")  # fmt: skip
    return flat


def missed(kind: str, name: str, ratio: float) -> bool:
    target = TARGETS[kind].get(name)
    return target is not None and ratio < target


def report(uncached: dict, cached: dict, revalidated: dict, queries: tuple) -> bool:
    """One table: each page's rate and its share of the trivial view's in the same run,
    and its queries at the two sizes."""
    (few_size, few), (many_size, many) = queries
    ok = True
    heading = f"queries@{few_size}"
    print(
        f"\n{'page':<16}{'uncached':>16}{'cached':>16}{'304':>16}{heading:>14}{f'@{many_size}':>6}"
    )
    for name in uncached:
        cells = []
        for kind, rates in (("uncached", uncached), ("cached", cached), ("304", revalidated)):
            ratio = rates[name] / rates["trivial view"]
            short = missed(kind, name, ratio)
            ok &= not short
            cells.append(f"{rates[name]:.0f} {ratio:>4.0%}{'*' if short else ' '}".rjust(16))
        counts = ""
        if name in many:
            grows = few.get(name) != many[name] or many[name] > MOST_QUERIES
            ok &= not grows
            counts = f"{few.get(name, '-'):>14}{many[name]:>6}{' !' if grows else ''}"
        print(f"{name:<16}{''.join(cells)}{counts}")
    targets = "; ".join(
        f"{kind} " + ", ".join(f"{name} {share:.0%}" for name, share in shares.items())
        for kind, shares in TARGETS.items()
    )
    print(
        "\nreq/s and its share of the trivial view's in the same run; * misses its target "
        f"({targets}); ! queries that differ between sizes or exceed {MOST_QUERIES}."
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench databases")
    parser.add_argument(
        "--memory-requests", type=int, default=10_000,
        help="requests to measure the workers' memory over (0: do not)",
    )  # fmt: skip
    args = parser.parse_args()
    url = base_url()
    env = prepare(url, councils=args.councils, years=args.years, fresh=args.fresh)
    small = prepare(url, councils=FEW_COUNCILS, years=args.years, fresh=args.fresh)
    urls = sample_urls(env)
    queries = (
        (FEW_COUNCILS, count_queries(small, sample_urls(small))),
        (args.councils, count_queries(env, urls)),
    )
    tool = "wrk" if shutil.which("wrk") else "a Python load loop"
    print(
        f"{args.councils} councils x {args.years} years; gunicorn, 2 workers; {tool}, "
        f"{args.connections} connections, {args.seconds}s per page and kind"
    )
    common = {"port": args.port, "seconds": args.seconds, "connections": args.connections}
    uncached, _ = run(env, urls, cached=False, **common)
    cached, revalidated = run(env, urls, cached=True, **common)
    ok = report(uncached, cached, revalidated, queries)
    if args.memory_requests:
        sizes = memory_run(
            env, urls, port=args.port, requests=args.memory_requests,
            connections=args.connections,
        )  # fmt: skip
        ok &= memory_report(sizes, args.memory_requests)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

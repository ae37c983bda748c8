"""Page speed: each page type against a trivial Django view, in the same run.

    .venv/bin/python bench/pages.py [--councils 400] [--years 12] [--seconds 10] [--fresh]

Builds (once) a separate database `complaints_bench` on the same PostgreSQL server with
bench/generate_data.py's realistic data, serves the site with gunicorn (2 workers,
DEBUG off), loads each URL with wrk (Debian's `wrk`; a small Python load loop when it is
missing) and prints requests/second and the ratio to the trivial view. Targets: council
page >= 50%, /councils/ and /compare/ >= 25%. It runs twice: with the page cache (as
served) and with caching switched off (every request renders).
"""

import argparse
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
BENCH_DB = "complaints_bench"
COUNT_COUNCILS = "from councils.models import Council; print(Council.objects.count())"
TARGETS = {"council page": 0.50, "councils table": 0.25, "compare": 0.25}


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

    admin = with_db(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    env = {
        **os.environ,
        "DATABASE_URL": with_db(url, BENCH_DB),
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
    }


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def load_wrk(host: str, paths: list[str], seconds: int, connections: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, host],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    os.unlink(script.name)
    if "Non-2xx" in out:
        raise SystemExit(f"Errors while loading {paths[0]}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def load_python(host: str, paths: list[str], seconds: int, connections: int) -> float:
    parts = urlsplit(host)
    done = [0] * connections
    stop = time.monotonic() + seconds

    def worker(n: int) -> None:
        conn = HTTPConnection(parts.hostname, parts.port)
        i = n
        while time.monotonic() < stop:
            conn.request("GET", paths[i % len(paths)])
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{paths[i % len(paths)]}: HTTP {response.status}")
            done[n] += 1
            i += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - start)


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


def run(env: dict, *, port: int, seconds: int, connections: int, cached: bool) -> dict:
    load = load_wrk if shutil.which("wrk") else load_python
    urls = sample_urls(env)
    server = serve(env, port, cached)
    host = f"http://127.0.0.1:{port}"
    results = {}
    try:
        for paths in urls.values():  # warm up: connections, caches, every URL once per worker
            for path in paths:
                for _ in range(8):
                    urllib.request.urlopen(host + path, timeout=30).read()  # noqa: S310
        for name, paths in urls.items():
            results[name] = load(host, paths, seconds, connections)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    return results


def report(title: str, results: dict) -> bool:
    trivial = results["trivial view"]
    ok = True
    print(f"\n{title}")
    print(f"{'page':<16}{'req/s':>10}{'vs trivial':>12}  target")
    for name, rate in results.items():
        ratio = rate / trivial
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            passed = ratio >= target
            ok &= passed
            verdict = f">= {target:.0%} {'ok' if passed else 'MISSED'}"
        print(f"{name:<16}{rate:>10.0f}{ratio:>11.0%}  {verdict}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    parser.add_argument("--no-uncached", action="store_true", help="skip the uncached run")
    args = parser.parse_args()
    env = prepare(base_url(), councils=args.councils, years=args.years, fresh=args.fresh)
    tool = "wrk" if shutil.which("wrk") else "a Python load loop"
    print(f"gunicorn, 2 workers; {tool}, {args.connections} connections, {args.seconds}s per page")
    common = {"port": args.port, "seconds": args.seconds, "connections": args.connections}
    ok = report("With the page cache (as served):", run(env, cached=True, **common))
    if not args.no_uncached:
        report("Without the page cache (every request renders):", run(env, cached=False, **common))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""The map of England and the comparison of councils, timed uncached for every real council.

    .venv/bin/python bench/places_map.py [--years 12] [--repeat 200] [--seconds 10] [--fresh]

bench/pages.py's councils are fictional (they have no place on the map), so this builds
(once) its own database `complaints_bench_places` on the same PostgreSQL server: England's
councils from mySociety's register in ../shared (import_councils) and a letter for each
current council for each of Y years, with the type averages stated as the letters state them.

Then, with the page cache switched off (every request renders):
1. in this process, each page rendered --repeat times through Django's test client (the
   whole stack: middleware, queries, template): median and 95th percentile in ms, against
   a trivial view, with the process's CPU time. Target: the map under 50 ms, judged on the
   best time (as timeit does: the others measure the machine's other work too).
2. served by gunicorn (2 workers, DEBUG off) and loaded with wrk (or a Python loop), as
   bench/pages.py does: requests per second, and the ratio to the trivial view.
"""

import argparse
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import base_url, load_python, load_wrk, serve, with_db  # noqa: E402

PY = sys.executable
BENCH_DB = "complaints_bench_places"
REGISTER = ROOT.parent / "shared" / "data" / "uk-local-authorities" / "uk_local_authorities.csv"
LAST_YEAR = 2025
UPHOLD = {"county": 0.72, "district": 0.5, "metropolitan-borough": 0.66, "unitary": 0.67}
PAGES = {
    "trivial view": ["/bench/trivial/"],
    "map": ["/map/", "/map/?measure=compliance", "/map/?measure=per_100k&year={year}"],
    "map, counties": ["/map/?layer=counties", "/map/?layer=counties&measure=remedy"],
    "compare 10": ["/compare/councils/?{ten}"],
    "council page": ["/councils/{slug}/"],
}
TARGET_MS = {"map": 50.0, "map, counties": 50.0}


def environment(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": with_db(url, BENCH_DB),
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "BENCH_NO_CACHE": "1",
        "SECRET_KEY": "bench-only-not-secret",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PYTHONPATH": str(ROOT),
    }


def prepare(url: str, *, years: int, fresh: bool) -> dict:
    import psycopg

    with psycopg.connect(with_db(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    env = environment(url)
    manage = [PY, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    if not exists:
        if not REGISTER.exists():
            raise SystemExit(f"The register is not at {REGISTER}.")
        subprocess.run(
            [*manage, "import_councils", "--file", str(REGISTER)],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            [PY, __file__, "--generate", "--years", str(years)], cwd=ROOT, env=env, check=True
        )
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env["BENCH_STATIC_ROOT"] = str(static_root)
    subprocess.run(
        [*manage, "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return env


def generate(years: int, seed: int = 1) -> None:
    """A letter for every current council for each year, averages stated per type."""
    from councils.models import Council
    from letters.models import AnnualLetter

    rng = random.Random(seed)
    councils = list(Council.objects.current())
    letters = []
    for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
        for council in councils:
            if council.start_date and council.start_date.year >= year:
                continue
            population = council.population or 100_000
            investigations = max(0, round(population / 100_000 * rng.uniform(3, 11)))
            mean = UPHOLD.get(council.authority_type, 0.7)
            upheld = sum(rng.random() < mean + rng.gauss(0, 0.1) for _ in range(investigations))
            outcomes = upheld
            complied = sum(rng.random() < 0.985 for _ in range(outcomes))
            remedies = sum(rng.random() < 0.12 for _ in range(upheld))
            key = f"places-bench:{council.slug}:{year}"
            letters.append(
                AnnualLetter(
                    council=council,
                    council_name_as_printed=council.official_name,
                    period_start=date(year - 1, 4, 1),
                    period_end=date(year, 3, 31),
                    letter_date=date(year, 7, 17),
                    investigations=investigations,
                    upheld_count=upheld,
                    upheld_percent=_pct(upheld, investigations),
                    upheld_average_percent=Decimal(round(100 * mean)),
                    compliance_outcomes=outcomes,
                    compliance_percent=_pct(complied, outcomes),
                    compliance_average_percent=Decimal(99),
                    remedies=remedies,
                    remedy_basis=upheld,
                    remedy_percent=_pct(remedies, upheld),
                    remedy_average_percent=Decimal(12),
                    upheld_per_100k=(
                        Decimal(f"{upheld / population * 100_000:.1f}") if year >= 2023 else None
                    ),
                    upheld_average_per_100k=Decimal("4.5") if year >= 2023 else None,
                    sha256=hashlib.sha256(key.encode()).hexdigest(),
                    parser_version="bench",
                    original=f"letters/originals/{hashlib.sha256(key.encode()).hexdigest()}.pdf",
                )
            )
    AnnualLetter.objects.bulk_create(letters, batch_size=1000)
    print(f"{len(councils)} councils, {len(letters)} letters.")


def _pct(part: int, whole: int) -> Decimal | None:
    return Decimal(round(100 * part / whole)) if whole else None


def urls() -> dict[str, list[str]]:
    from councils.models import Council

    current = Council.objects.current().order_by("slug")
    ten = "&".join(f"c={slug}" for slug in current.values_list("slug", flat=True)[::32][:10])
    fill = {"year": LAST_YEAR, "ten": ten, "slug": "canterbury"}
    return {name: [u.format(**fill) for u in paths] for name, paths in PAGES.items()}


def in_process(repeat: int) -> dict[str, tuple[float, float, float, float, int]]:
    """(median, 95th percentile and best wall-clock ms, median CPU ms of this process,
    bytes) per page, rendered through the test client. On a busy machine the best time and
    the CPU time say more than the median."""
    from django.test import Client

    client = Client()
    results = {}
    for name, paths in urls().items():
        timings, cpu, size = [], [], 0
        for path in paths:  # warm: imports, the reference file, connections
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            size = max(size, len(response.content))
        for i in range(repeat):
            path = paths[i % len(paths)]
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        timings.sort()
        results[name] = (
            statistics.median(timings),
            timings[int(len(timings) * 0.95)],
            timings[0],
            statistics.median(cpu),
            size,
        )
    return results


def served(env: dict, *, seconds: int, connections: int, port: int) -> dict[str, float]:
    import shutil

    load = load_wrk if shutil.which("wrk") else load_python
    pages = urls()
    server = serve(env, port, cached=False)
    host = f"http://127.0.0.1:{port}"
    try:
        import urllib.request

        for paths in pages.values():
            for path in paths:
                for _ in range(4):
                    urllib.request.urlopen(host + path, timeout=30).read()  # noqa: S310
        return {name: load(host, paths, seconds, connections) for name, paths in pages.items()}
    finally:
        import signal

        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8798)
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    parser.add_argument("--no-served", action="store_true", help="skip gunicorn and wrk")
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:  # in the child prepare() starts, with the bench database's settings
        import django

        django.setup()
        generate(args.years)
        return
    env = prepare(base_url(), years=args.years, fresh=args.fresh)
    os.environ.update(env)
    import django

    django.setup()
    ok = True
    print(f"\nIn this process, uncached, {args.repeat} renders per page:")
    print(
        f"{'page':<16}{'median ms':>10}{'p95':>7}{'best':>7}{'CPU ms':>8}{'kB':>6}"
        f"{'vs trivial':>12}  target"
    )
    results = in_process(args.repeat)
    trivial = results["trivial view"][0]
    for name, (median, p95, best, cpu, size) in results.items():
        target = TARGET_MS.get(name)
        verdict = ""
        if target is not None:
            ok &= best < target
            verdict = f"best < {target:.0f} ms {'ok' if best < target else 'MISSED'}"
        print(
            f"{name:<16}{median:>10.1f}{p95:>7.1f}{best:>7.1f}{cpu:>8.1f}{size / 1024:>6.0f}"
            f"{median / trivial:>11.0f}x  {verdict}"
        )
    if not args.no_served:
        rates = served(env, seconds=args.seconds, connections=args.connections, port=args.port)
        print("\nServed by gunicorn (2 workers), uncached:")
        print(f"{'page':<16}{'req/s':>10}{'vs trivial':>12}")
        for name, rate in rates.items():
            print(f"{name:<16}{rate:>10.0f}{rate / rates['trivial view']:>11.0%}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

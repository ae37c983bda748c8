"""Benchmark: bulk import of 1,000 letters into an empty database.

    .venv/bin/python bench/ingest.py [--letters 1000] [--jobs 2]

Renders N letters (text-era PDFs, one in ten a table-era letter) for fictional councils,
creates an empty database beside the configured one, and runs `import_letters` on them.
Prints letters/second, peak memory, the share of time spent on the database, and the
ratio to parsing the same files alone (same worker pool, no database) in the same run.
Target on a 2-core machine: 1,000 letters in under 60 s, database work under 25%.
"""

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaints_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from letters import bulk_import  # noqa: E402
from tests.support.pdfs import text_to_pdf  # noqa: E402
from tests.support.texts import letter_text  # noqa: E402

BENCH_DB = "complaints_bench_ingest"
PREFIXES = ["Ash", "Birch", "Cole", "Dun", "Elm", "Fen", "Gold", "Hart", "Ivy", "Oak"]
SUFFIXES = ["bury", "ford", "ham", "ley", "wick", "worth", "field", "stow", "mere", "combe"]
PLACES = [f"{p}{s} District Council" for p in PREFIXES for s in SUFFIXES]  # 100 councils


def render(folder: Path, count: int) -> None:
    table_era = ROOT.parent / "shared" / "seeds" / "lgsco-2018-cambridge-city.txt"
    table_text = table_era.read_text() if table_era.exists() else None
    for n in range(count):
        name, year = PLACES[n % len(PLACES)], 2010 + n // len(PLACES)
        if table_text and n % 10 == 0:
            text = (
                table_text.replace("Cambridge City Council", name)
                .replace("31/03/2018", f"31/03/{year}")
                .replace("31 March 2018", f"31 March {year}")
            )
        else:
            text = letter_text(name, year_end=year, upheld=n % 9 + 1, investigations=12)
        (folder / f"letter-{n:04d}.pdf").write_bytes(text_to_pdf(text))


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{name}"


def fresh_database(env: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    script = (
        "from councils.models import Council, CouncilName\n"
        f"for n, name in enumerate({PLACES!r}):\n"
        "    c = Council.objects.create(official_name=name, short_name=name.split()[0],"
        " slug=name.split()[0].lower(), register_code=f'B{n:03d}', authority_type='district')\n"
        "    CouncilName.objects.create(council=c, name=c.official_name)\n"
    )
    subprocess.run([*manage, "shell", "-c", script], cwd=ROOT, env=env, check=True)


def parse_only(folder: Path, jobs: int) -> float:
    started = time.perf_counter()
    outcomes = list(
        bulk_import.parse_all(
            bulk_import.collect_inputs([str(folder)]), jobs=jobs, skip=lambda i, d: None
        )
    )
    elapsed = time.perf_counter() - started
    refused = [o for o in outcomes if o.error]
    assert not refused, refused[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "letters"
        folder.mkdir()
        print(f"Rendering {args.letters} letters ...", flush=True)
        render(folder, args.letters)
        env = {**os.environ, "DATABASE_URL": database_url(BENCH_DB), "MEDIA_ROOT": tmp + "/media"}
        fresh_database(env)

        baseline = parse_only(folder, args.jobs)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "manage.py", "import_letters", str(folder), "--jobs",
             str(args.jobs), "--no-progress", "-v2", "--skip-checks"],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        summary = result.stdout.strip().splitlines()[-2:]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')

    database = re.search(r"([\d.]+) s matching and writing", result.stdout)
    db_seconds = float(database.group(1)) if database else float("nan")
    print("\n".join(summary))
    print(f"letters:            {args.letters} with {args.jobs} parsing workers")
    print(f"import (wall):      {elapsed:.1f} s = {args.letters / elapsed:.1f} letters/s")
    print(f"parse alone:        {baseline:.1f} s = {args.letters / baseline:.1f} letters/s")
    print(f"ratio import/parse: {elapsed / baseline:.2f}")
    print(
        f"database work:      {db_seconds:.1f} s = {100 * db_seconds / elapsed:.0f}% of the import"
    )
    print(f"peak memory:        {peak_mib:.0f} MiB (largest process)")
    print(f"target:             < 60 s for 1,000 letters: {'met' if elapsed < 60 else 'NOT met'}")
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:])
        sys.exit(1)


if __name__ == "__main__":
    main()

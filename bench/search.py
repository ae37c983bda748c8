"""Search speed over 4,000 letters, as ratios to a trivial query in the same run.

    .venv/bin/python bench/search.py [--councils 400] [--years 10] [--repeat 30] [--fresh]

Builds (once) a database `search_bench` on DATABASE_URL's server (the private cluster
without it): `--councils` fictional councils with a letter for each of `--years` years,
each written from the fictional letters of tests/support/said.py for its era (the year's
standard text, the council's own name and a few generated paragraphs about it: some with a
witness summons, some with a public interest report), saved as letters and indexed as the
upload service does. Then, in one process, times what the search page asks of the
database for each query (the count and the first page of results: documents, best
passages and their snippets) and the council page's "What the Ombudsman said" card:

  cold  the first run in a new database connection (no plan or catalogue cached in it);
  warm  the median of --repeat runs after that;

each also as a ratio to `SELECT 1` timed the same way. Target: every query under 50 ms
warm over 4,000 letters. Never part of the test suite.
"""

import argparse
import hashlib
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "search_bench"
TARGET_MS = 50.0

ERAS = [  # (first and last year ending, the fixture of that era)
    (2014, 2018, "borsetshire-2017-tables"),
    (2019, 2022, "borsetshire-2020-three-statistics"),
    (2023, 2024, "borsetshire-2024-per-100k"),
    (2025, 2099, "borsetshire-2025-overview"),
]
SYLLABLES = [
    "bor",
    "set",
    "ham",
    "fel",
    "per",
    "ley",
    "lox",
    "bar",
    "ett",
    "hol",
    "ton",
    "wat",
    "cross",
    "pen",
    "ny",
    "has",
    "sett",
    "ed",
    "ge",
]
KINDS = ["District Council", "City Council", "Borough Council", "County Council", "Council"]
TOPICS = [
    "school transport appeals",
    "home care charges",
    "temporary accommodation",
    "council tax reductions",
    "special educational needs plans",
    "planning enforcement",
    "parking penalties",
    "adult safeguarding",
    "housing repairs",
    "bin collections",
    "disabled facilities grants",
    "children's social care",
    "highway maintenance",
    "licensing",
    "homelessness reviews",
    "blue badge applications",
]
MONTHS = ["January", "March", "May", "July", "September", "November"]

QUERIES = [
    ("phrase, rare", '"witness summons"', {}),
    ("words, uncommon", "public interest report", {}),
    ("word in every letter", "complaints", {}),
    ("word and a negation", "enquiries -summons", {}),
    (
        "phrase, filtered by year and type",
        '"public interest report"',
        {"year": 2024, "authority_type": "district"},
    ),
    ("no match", "zeppelin", {}),
]


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        subprocess.run(
            [sys.executable, "-m", "complaints_site.localdb", "start"], cwd=ROOT, check=True
        )
        url = (
            subprocess.run(
                [sys.executable, "-m", "complaints_site.localdb", "url"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            .stdout.decode()
            .strip()
        )
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def create_database(url: str, fresh: bool) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def place(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def paragraphs_about(rng: random.Random, council: str) -> list[str]:
    found = []
    for _ in range(rng.randint(0, 3)):
        topic, month, n = rng.choice(TOPICS), rng.choice(MONTHS), rng.randint(2, 60)
        roll = rng.random()
        if roll < 0.04:
            found.append(
                f"We had to remind your Council of our power to issue a witness summons "
                f"before it answered our enquiries about {topic}."
            )
        elif roll < 0.12:
            found.append(
                f"In {month} we issued a public interest report about {council}'s "
                f"handling of {topic}, and the Council accepted our findings."
            )
        elif roll < 0.45:
            found.append(
                f"Your Council took {n} working days on average to answer our enquiries "
                f"about {topic}, and I ask that it does better."
            )
        elif roll < 0.7:
            found.append(
                f"In {n % 5 + 1} cases about {topic} your Council did not comply with "
                f"our recommendations within the agreed time."
            )
        else:
            found.append(
                f"I welcome the way {council} has used our decisions on {topic} to "
                f"change how it works."
            )
    return found


WORDS = [
    "council",
    "complaints",
    "decisions",
    "service",
    "people",
    "learning",
    "improvement",
    "scrutiny",
    "members",
    "officers",
    "guidance",
    "practice",
    "process",
    "remedy",
    "fault",
    "injustice",
    "investigation",
    "outcome",
    "recommendations",
    "training",
    "residents",
    "local",
    "authority",
    "care",
    "housing",
    "planning",
    "children",
    "families",
    "support",
    "review",
    "standards",
    "good",
    "administration",
    "public",
    "services",
    "report",
    "year",
]


def standard_text(year_end: int) -> list[str]:
    """Paragraphs every council's letter of that year carries besides the fixture's own
    (so that a letter is as long as the Ombudsman's, about 8,000 characters)."""
    rng = random.Random(year_end)
    return [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 110))).capitalize() + "."
        for _ in range(8)
    ]


def generate(councils: int, years: int, seed: int = 1) -> None:
    from django.db import transaction

    from councils.models import AuthorityType, Council, CouncilName
    from letters.models import AnnualLetter
    from letters.parsing.text import normalise
    from search.indexing import rebuild
    from tests.support.said import letter_for

    rng = random.Random(seed)
    types = [t for t, _ in AuthorityType.choices]
    made = []
    with transaction.atomic():
        for n in range(councils):
            name = f"{place(rng)} {rng.choice(KINDS)} {n}"
            council = Council(
                official_name=name,
                short_name=name.rsplit(" ", 1)[0],
                slug=f"bench-{n}",
                register_code=f"BN{n}",
                authority_type=types[n % len(types)],
                region="South East",
            )
            made.append(council)
        Council.objects.bulk_create(made)
        CouncilName.objects.bulk_create(
            [CouncilName(council=c, name=c.official_name).fill_match_keys() for c in made]
        )
    last = 2025
    for year_end in range(last - years + 1, last + 1):
        stem = next(s for first, end, s in ERAS if first <= year_end <= end)
        extra = "\n\n".join(standard_text(year_end))
        letters = []
        for council in made:
            text = letter_for(
                stem,
                council_name=council.official_name,
                specific=paragraphs_about(rng, council.official_name),
            ).replace("\n\nYours sincerely", f"\n\n{extra}\n\nYours sincerely", 1)
            sha = hashlib.sha256(f"{council.slug}-{year_end}".encode()).hexdigest()
            letters.append(
                AnnualLetter(
                    council=council,
                    period_start=date(year_end - 1, 4, 1),
                    period_end=date(year_end, 3, 31),
                    sha256=sha,
                    parser_version="bench",
                    extracted_text=normalise(text),
                    original=f"letters/originals/{sha}.txt",
                    council_name_as_printed=council.official_name,
                )
            )
        with transaction.atomic():
            AnnualLetter.objects.bulk_create(letters, batch_size=500)
        print(f"  {year_end}: {len(letters)} letters", flush=True)
    started = time.perf_counter()
    done = rebuild(chunk=400)
    took = time.perf_counter() - started
    print(f"  indexed {done} letters in {took:.1f} s ({took / done * 1000:.1f} ms a letter)")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def measure(run, repeat: int) -> tuple[float, float]:
    """(cold, warm) milliseconds: the first run in a new connection, then the median."""
    from django.db import connection

    connection.close()
    connection.ensure_connection()
    cold = timed(run)
    warm = statistics.median(timed(run) for _ in range(repeat))
    return cold, warm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--fresh", action="store_true", help="Build the database again.")
    args = parser.parse_args()

    url = database_url()
    create_database(url, args.fresh)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaints_site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from councils.models import Council
    from letters.models import AnnualLetter
    from search.selectors import ombudsman_said, search

    call_command("migrate", verbosity=0)
    if not AnnualLetter.objects.exists():
        print(f"Generating {args.councils} councils x {args.years} years ...", flush=True)
        generate(args.councils, args.years)
    letters = AnnualLetter.objects.count()
    length = statistics.median(
        len(t) for t in AnnualLetter.objects.values_list("extracted_text", flat=True)[:200]
    )

    def trivial():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    def page_of(query, filters):
        def run():
            results = search(query, **filters)
            results.count()
            results[0:20]

        return run

    council = Council.objects.order_by("pk").first()
    rows = [("trivial query (SELECT 1)", trivial)]
    rows += [
        (f"search: {label} ({query})", page_of(query, filters)) for label, query, filters in QUERIES
    ]
    rows.append(("council card: what the Ombudsman said", lambda: ombudsman_said(council)))
    counts = {label: search(query, **filters).count() for label, query, filters in QUERIES}

    print(
        f"\n{letters} letters of {length:,.0f} characters (median); median of {args.repeat} "
        "warm runs; cold = first in a new connection\n"
    )
    base_cold, base_warm = measure(trivial, args.repeat)
    print(f"{'':58} {'cold ms':>8} {'x trivial':>10} {'warm ms':>8} {'x trivial':>10}")
    worst = 0.0
    for label, run in rows:
        cold, warm = measure(run, args.repeat) if run is not trivial else (base_cold, base_warm)
        found = next(
            (f" [{counts[q[0]]} found]" for q in QUERIES if label.startswith(f"search: {q[0]} ")),
            "",
        )
        print(
            f"{(label + found)[:58]:58} {cold:8.2f} {cold / base_cold:10.0f} "
            f"{warm:8.2f} {warm / base_warm:10.0f}"
        )
        if label.startswith("search"):
            worst = max(worst, warm)
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(f"\nslowest search, warm: {worst:.1f} ms (target < {TARGET_MS:.0f} ms: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

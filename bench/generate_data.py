"""Realistic fictional data for benchmarks (and query-count tests): N councils across the
Ombudsman's five types, each with a letter for each of Y years, in the shapes the real
letters take (the 2014-2018 decisions table, the 2019-2022 three statistics, upheld per
100,000 from 2022-23), with stated averages as the letters give them, a few abolished
councils and service-area breakdowns. Never for the real database.

    python -m bench.generate_data --councils 400 --years 12   # into DATABASE_URL's database
"""

import argparse
import hashlib
import random
from datetime import date
from decimal import Decimal

# Types in roughly the proportions of England's councils, with each type's typical
# uphold rate, population and investigations per 100,000 residents a year.
TYPES = [
    # slug, share, uphold mean, population range, investigations per 100k
    ("county", 0.065, 0.72, (500_000, 1_500_000), 9.0),
    ("district", 0.45, 0.50, (60_000, 180_000), 3.5),
    ("metropolitan-borough", 0.09, 0.66, (150_000, 1_100_000), 7.5),
    ("unitary", 0.30, 0.67, (120_000, 600_000), 7.0),
    ("london-borough", 0.095, 0.70, (150_000, 380_000), 11.0),
]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
SERVICES = [
    "Adult Care Services",
    "Benefits and Tax",
    "Corporate and Other Services",
    "Education and Children's Services",
    "Environment Services",
    "Highways and Transport",
    "Housing",
    "Planning and Development",
]
LAST_YEAR = 2025


def _pct(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value)))


def generate(*, councils: int = 400, years: int = 12, seed: int = 1, prefix: str = "bench"):
    """Create `councils` councils and up to `years` letters each; returns (councils, letters)."""
    from councils.models import Council, CouncilName
    from letters.models import AnnualLetter, ServiceComplaintStats

    rng = random.Random(seed)
    made: list[Council] = []
    n = 0
    for slug, share, _, (low, high), _ in TYPES:
        count = max(1, round(councils * share))
        if slug == TYPES[-1][0]:
            count = max(1, councils - n)
        for i in range(count):
            n += 1
            name = f"{prefix.title()} {slug.replace('-', ' ').title()} {i + 1}"
            abolished = slug == "district" and rng.random() < 0.08
            made.append(
                Council(
                    official_name=f"{name} Council",
                    short_name=name,
                    slug=f"{prefix}-{slug}-{i + 1}",
                    register_code=f"{prefix[:2].upper()}{n:04d}",
                    authority_type=slug,
                    region="London" if slug == "london-borough" else rng.choice(REGIONS),
                    population=rng.randint(low, high),
                    population_year=2020,
                    end_date=date(LAST_YEAR - rng.randint(1, 5), 3, 31) if abolished else None,
                )
            )
    made = Council.objects.bulk_create(made)
    CouncilName.objects.bulk_create(
        [CouncilName(council=c, name=c.official_name).fill_match_keys() for c in made]
    )
    by_type = {slug: (mean, per_100k) for slug, _, mean, _, per_100k in TYPES}
    council_bias = {c.pk: rng.gauss(0, 0.10) for c in made}
    letters: list[AnnualLetter] = []
    first_year = LAST_YEAR - years + 1
    for year in range(first_year, LAST_YEAR + 1):
        for council in made:
            if council.end_date and council.end_date.year < year:
                continue
            if rng.random() < 0.03:
                continue  # a letter missing from the database
            mean, per_100k = by_type[council.authority_type]
            expected = council.population / 100_000 * per_100k * rng.uniform(0.6, 1.4)
            investigations = max(0, round(rng.gauss(expected, expected**0.5)))
            rate = min(0.98, max(0.05, mean + council_bias[council.pk] + rng.gauss(0, 0.08)))
            upheld = sum(rng.random() < rate for _ in range(investigations))
            outcomes = upheld
            complied = sum(rng.random() < 0.985 for _ in range(outcomes))
            remedies = sum(rng.random() < 0.12 for _ in range(upheld))
            letter = AnnualLetter(
                council=council,
                council_name_as_printed=council.official_name,
                period_start=date(year - 1, 4, 1),
                period_end=date(year, 3, 31),
                letter_date=date(year, 7, 17),
                investigations=investigations,
                upheld_count=upheld,
                upheld_percent=_pct(100 * upheld / investigations) if investigations else None,
                sha256=hashlib.sha256(f"{prefix}:{council.slug}:{year}".encode()).hexdigest(),
                parser_version="bench",
                original=f"letters/originals/{prefix}-{council.slug}-{year}.pdf",
            )
            if year <= 2018:
                letter.decisions_upheld = upheld
                letter.decisions_not_upheld = investigations - upheld
                letter.decisions_total = investigations + rng.randint(5, 60)
                letter.decisions_uphold_rate = letter.upheld_percent
            else:
                letter.compliance_outcomes = outcomes
                letter.compliance_percent = _pct(100 * complied / outcomes) if outcomes else None
                letter.remedies = remedies
                letter.remedy_basis = upheld
                letter.remedy_percent = _pct(100 * remedies / upheld) if upheld else None
            if year >= 2023:
                letter.upheld_per_100k = Decimal(f"{upheld / council.population * 100_000:.1f}")
            letters.append(letter)
    _state_averages(letters, {c.pk: c for c in made}, rng)
    letters = AnnualLetter.objects.bulk_create(letters, batch_size=1000)
    stats = []
    for letter in letters:
        if letter.period_end.year <= 2018:
            for service in SERVICES:
                stats.append(
                    ServiceComplaintStats(
                        council_id=letter.council_id,
                        period_start=letter.period_start,
                        period_end=letter.period_end,
                        source=ServiceComplaintStats.Source.LGSCO_LETTER,
                        letter=letter,
                        service=service,
                        complaints=rng.randint(0, 40),
                    )
                )
    ServiceComplaintStats.objects.bulk_create(stats, batch_size=2000)
    return made, letters


def _state_averages(letters, councils, rng) -> None:
    """Give each letter the type's average as the Ombudsman states it (pooled, rounded),
    with the odd misread, as real data have."""
    totals: dict[tuple[str, int], list[int]] = {}
    for letter in letters:
        key = (councils[letter.council_id].authority_type, letter.period_end.year)
        sums = totals.setdefault(key, [0, 0, 0, 0, 0, 0])
        sums[0] += letter.upheld_count
        sums[1] += letter.investigations
        sums[2] += letter.remedies or 0
        sums[3] += letter.remedy_basis or 0
        sums[4] += round(float(letter.compliance_percent or 0) * (letter.compliance_outcomes or 0))
        sums[5] += (letter.compliance_outcomes or 0) * 100
    for letter in letters:
        year = letter.period_end.year
        if year <= 2018:
            continue
        up, inv, rem, basis, comp, outcomes = totals[
            (councils[letter.council_id].authority_type, year)
        ]
        letter.upheld_average_percent = _pct(100 * up / inv) if inv else None
        letter.remedy_average_percent = _pct(100 * rem / basis) if basis else None
        letter.compliance_average_percent = _pct(100 * comp / outcomes) if outcomes else None
        if year >= 2023 and letter.upheld_per_100k is not None:
            letter.upheld_average_per_100k = Decimal("4.5")
        if rng.random() < 0.002 and letter.upheld_average_percent is not None:
            letter.upheld_average_percent = min(Decimal(100), letter.upheld_average_percent + 7)


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prefix", default="bench")
    args = parser.parse_args()
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaints_site.settings")
    django.setup()
    councils, letters = generate(
        councils=args.councils, years=args.years, seed=args.seed, prefix=args.prefix
    )
    print(f"Created {len(councils)} councils and {len(letters)} letters.")


if __name__ == "__main__":
    main()

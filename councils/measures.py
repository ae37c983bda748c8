"""The four public measures the council pages compare with the type averages, spelled out
once: share of complaints upheld, compliance with recommendations, satisfactory remedy by the
council, and upheld complaints per 100,000 residents.

For each: its key (the prefix of TypeAverage's fields, "uphold_pooled"), the name of its
per-letter figure in SQL (``rate``, annotated by ``letter_figures``), its labels, its unit,
and the AnnualLetter columns it rests on (the council's figure as printed, the average the
letter states, the counts behind the figure, and the columns whose correction the page
notes beside it).

Per-letter figures:
- Uphold rate = upheld / investigated. For the 2014-2018 letters, whose figures come from
  the "Decisions made" table, upheld and not-upheld decisions stand in for them; without
  counts, the percentage the letter prints.
- Compliance = the percentage the letter prints, over its compliance outcomes.
- Remedy = remedies / remedy basis, or the percentage the letter prints.
- Upheld per 100,000 residents = the figure the letter prints.
"""

from dataclasses import dataclass

from django.db.models import F, FloatField, QuerySet
from django.db.models.functions import Cast, Coalesce, ExtractYear, NullIf

from letters.models import AnnualLetter

SMALL_BASE = 10  # fewer cases than this and a rate is shown with a caution

PERCENT = "percent"
PER_100K = "per 100,000 residents"


@dataclass(frozen=True)
class Measure:
    key: str  # TypeAverage's "<key>_pooled", "<key>_mean", "<key>_stated"; page sections
    rate: str  # the per-letter figure's name in SQL (letter_figures)
    label: str  # "Share of complaints upheld"
    column_label: str  # its column heading in the /councils/ and compare tables
    noun: str  # in the averages' warnings: "different <noun> averages"
    unit: str  # PERCENT or PER_100K
    column: str  # the council's figure as the letter prints it
    stated_average: str  # the average for similar authorities the letter states
    counts: tuple[str, ...]  # the counts the figure is computed from, when the letter has them
    corrections: tuple[str, ...]  # columns whose correction is noted beside the figure


UPHOLD = Measure(
    key="uphold",
    rate="uphold_rate",
    label="Share of complaints upheld",
    column_label="Complaints upheld",
    noun="uphold",
    unit=PERCENT,
    column="upheld_percent",
    stated_average="upheld_average_percent",
    counts=("upheld_count", "investigations", "decisions_upheld", "decisions_not_upheld"),
    corrections=(
        "upheld_percent",
        "upheld_count",
        "investigations",
        "decisions_upheld",
        "decisions_total",
        "decisions_uphold_rate",
    ),
)
COMPLIANCE = Measure(
    key="compliance",
    rate="compliance_rate",
    label="Compliance with recommendations",
    column_label="Compliance",
    noun="compliance",
    unit=PERCENT,
    column="compliance_percent",
    stated_average="compliance_average_percent",
    counts=("compliance_outcomes",),
    corrections=("compliance_percent", "compliance_outcomes"),
)
REMEDY = Measure(
    key="remedy",
    rate="remedy_rate",
    label="Satisfactory remedy by the council",
    column_label="Remedy before us",
    noun="remedy",
    unit=PERCENT,
    column="remedy_percent",
    stated_average="remedy_average_percent",
    counts=("remedies", "remedy_basis"),
    corrections=("remedy_percent", "remedies", "remedy_basis"),
)
PER_100K_RESIDENTS = Measure(
    key="per_100k",
    rate="per_100k",
    label="Upheld per 100,000 residents",
    column_label="Upheld per 100,000",
    noun="upheld per 100,000",
    unit=PER_100K,
    column="upheld_per_100k",
    stated_average="upheld_average_per_100k",
    counts=(),
    corrections=("upheld_per_100k",),
)

MEASURES = (UPHOLD, COMPLIANCE, REMEDY, PER_100K_RESIDENTS)


def as_float(expression) -> Cast:
    return Cast(expression, FloatField())


def letter_figures(prefix: str = "") -> dict:
    """Per-letter figures as SQL expressions, each measure's under its ``rate`` name, with
    the counts the pages show beside them; `prefix` reaches a letter through a relation."""

    def f(name: str) -> F:
        return F(f"{prefix}{name}")

    upheld_count, investigations, decisions_upheld, decisions_not_upheld = UPHOLD.counts
    (compliance_outcomes,) = COMPLIANCE.counts
    remedies, remedy_basis = REMEDY.counts
    upheld = Coalesce(f(upheld_count), f(decisions_upheld))
    investigated = Coalesce(f(investigations), f(decisions_upheld) + f(decisions_not_upheld))
    return {
        "upheld_n": upheld,
        "investigated_n": investigated,
        UPHOLD.rate: Coalesce(
            as_float(upheld) * 100.0 / NullIf(investigated, 0), as_float(f(UPHOLD.column))
        ),
        COMPLIANCE.rate: as_float(f(COMPLIANCE.column)),
        "compliant_n": as_float(f(COMPLIANCE.column)) * f(compliance_outcomes) / 100.0,
        REMEDY.rate: Coalesce(
            as_float(f(remedies)) * 100.0 / NullIf(f(remedy_basis), 0),
            as_float(f(REMEDY.column)),
        ),
        PER_100K_RESIDENTS.rate: as_float(f(PER_100K_RESIDENTS.column)),
    }


def letters_with_figures(queryset: QuerySet[AnnualLetter] | None = None) -> QuerySet[AnnualLetter]:
    """Current letters (or `queryset`) with their year (the calendar year the reporting period
    ends: 2024 is 2023-24) and every measure's figure."""
    queryset = AnnualLetter.objects.current() if queryset is None else queryset
    return queryset.annotate(year=ExtractYear("period_end"), **letter_figures())

"""The four public measures the council pages compare with the type averages, spelled out
once: share of complaints upheld, compliance with recommendations, satisfactory remedy by the
council, and upheld complaints per 100,000 residents.

For each: its key (the prefix of TypeAverage's fields, "uphold_pooled"), the name of its
per-letter figure in SQL (``rate``, annotated by ``letter_figures``), its labels, its unit
and how its figures are written, and the AnnualLetter columns it rests on (the council's
figure as printed, the average the letter states, the counts behind the figure, and the
columns whose correction the page notes beside it). The pages list the measures in the
order of MEASURES (councils.presenters builds their rows): a fifth measure is one more
entry here, with its SQL in ``letter_figures`` and its averages in
councils.selectors.averages (the reference computation) and in the summary table
councils.TypeYearAverage (its columns, and a migration redefining the SQL function that
fills them, as councils/0007 defines it).

Per-letter figures:
- Uphold rate = upheld / investigated. For the 2014-2018 letters, whose figures come from
  the "Decisions made" table, upheld and not-upheld decisions stand in for them; without
  counts, the percentage the letter prints.
- Compliance = the percentage the letter prints, over its compliance outcomes.
- Remedy = remedies / remedy basis, or the percentage the letter prints.
- Upheld per 100,000 residents = the figure the letter prints.
"""

from dataclasses import dataclass

from django.db.models import F, FloatField
from django.db.models.functions import Cast, Coalesce, NullIf

from core import formatting

SMALL_BASE = 10  # fewer cases than this and a rate is shown with a caution

PERCENT = "percent"
PER_100K = "per 100,000 residents"
DIFFERENCE_UNITS = {PERCENT: "points", PER_100K: "per 100,000"}


def _float(value) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Measure:
    key: str  # TypeAverage's "<key>_pooled", "<key>_mean", "<key>_stated"; page sections
    rate: str  # the per-letter figure's name in SQL (letter_figures)
    label: str  # "Share of complaints upheld"
    column_label: str  # its column heading in the /councils/ and compare tables
    row_label: str  # its row heading in the council page's table of each year
    short_label: str  # the home page's averages: "<short_label> (pooled)"
    noun: str  # in the averages' warnings: "different <noun> averages"
    unit: str  # PERCENT or PER_100K
    column: str  # the council's figure as the letter prints it
    stated_average: str  # the average for similar authorities the letter states
    counts: tuple[str, ...]  # the counts the figure is computed from, when the letter has them
    corrections: tuple[str, ...]  # columns whose correction is noted beside the figure
    # The per-letter figures (letter_figures, or the letter's own columns) written beside the
    # rate, "21 of 30"; a rate on fewer than SMALL_BASE of its base is shown with a caution.
    numerator: str = ""
    base: str = ""
    base_noun: str = ""  # "investigations"; "no investigations" when the base is nought
    # TypeAverage's sums behind the pooled average, written beside it: "9 of 15".
    pooled_totals: tuple[str, ...] = ()
    pooled_note: str = ""  # written under the pooled average: how it is computed
    compared_with: str = "pooled"  # the computed average its difference is from: "mean"
    on_home: bool = True  # its pooled average is a column of the home page's table

    def write(self, value, numerator=None, base=None) -> str:
        """The council's figure: "70%, 21 of 30", "no investigations", "17.5"."""
        if self.unit == PER_100K:
            return formatting.per_100k(_float(value))
        return formatting.rate_with_count(_float(value), numerator, base, self.base_noun)

    def write_average(self, value) -> str:
        """A computed average: "65.0%", "12.7"."""
        if self.unit == PER_100K:
            return formatting.per_100k(_float(value))
        return formatting.average(_float(value))

    def write_stated(self, value) -> str:
        """The average a letter states: "85%", "12.3", "not stated"."""
        if value is None:
            return "not stated"
        if self.unit == PER_100K:
            return formatting.per_100k(float(value))
        return formatting.percent(float(value))

    def write_difference(self, value, average) -> str:
        """The council's figure less an average: "+5.0 points", "+4.6 per 100,000 from the
        mean"; "not known" without both."""
        if value is None or average is None:
            return "not known"
        written = formatting.difference(
            float(value) - float(average), unit=DIFFERENCE_UNITS[self.unit]
        )
        return written if self.compared_with == "pooled" else f"{written} from the mean"


UPHOLD = Measure(
    key="uphold",
    rate="uphold_rate",
    label="Share of complaints upheld",
    column_label="Complaints upheld",
    row_label="Complaints upheld",
    short_label="Upheld",
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
    numerator="upheld_n",
    base="investigated_n",
    base_noun="investigations",
    pooled_totals=("upheld_total", "investigated_total"),
)
COMPLIANCE = Measure(
    key="compliance",
    rate="compliance_rate",
    label="Compliance with recommendations",
    column_label="Compliance",
    row_label="Recommendations complied with",
    short_label="Compliance",
    noun="compliance",
    unit=PERCENT,
    column="compliance_percent",
    stated_average="compliance_average_percent",
    counts=("compliance_outcomes",),
    corrections=("compliance_percent", "compliance_outcomes"),
    numerator="compliant_n",
    base="compliance_outcomes",
    base_noun="outcomes",
)
REMEDY = Measure(
    key="remedy",
    rate="remedy_rate",
    label="Satisfactory remedy by the council",
    column_label="Remedy before us",
    row_label="Put right by the council before the Ombudsman",
    short_label="Remedy before us",
    noun="remedy",
    unit=PERCENT,
    column="remedy_percent",
    stated_average="remedy_average_percent",
    counts=("remedies", "remedy_basis"),
    corrections=("remedy_percent", "remedies", "remedy_basis"),
    numerator="remedies",
    base="remedy_basis",
    base_noun="cases",
    pooled_totals=("remedies_total", "remedy_basis_total"),
)
PER_100K_RESIDENTS = Measure(
    key="per_100k",
    rate="per_100k",
    label="Upheld per 100,000 residents",
    column_label="Upheld per 100,000",
    row_label="Upheld per 100,000 residents",
    short_label="Upheld per 100,000",
    noun="upheld per 100,000",
    unit=PER_100K,
    column="upheld_per_100k",
    stated_average="upheld_average_per_100k",
    counts=(),
    corrections=("upheld_per_100k",),
    pooled_note="using 2020 populations",
    compared_with="mean",
    on_home=False,
)

MEASURES = (UPHOLD, COMPLIANCE, REMEDY, PER_100K_RESIDENTS)
HEADLINE = UPHOLD  # the measure the pages chart, rank and lead with


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
        UPHOLD.numerator: upheld,
        UPHOLD.base: investigated,
        UPHOLD.rate: Coalesce(
            as_float(upheld) * 100.0 / NullIf(investigated, 0), as_float(f(UPHOLD.column))
        ),
        COMPLIANCE.rate: as_float(f(COMPLIANCE.column)),
        COMPLIANCE.numerator: as_float(f(COMPLIANCE.column)) * f(compliance_outcomes) / 100.0,
        REMEDY.rate: Coalesce(
            as_float(f(remedies)) * 100.0 / NullIf(f(remedy_basis), 0),
            as_float(f(REMEDY.column)),
        ),
        PER_100K_RESIDENTS.rate: as_float(f(PER_100K_RESIDENTS.column)),
    }

"""Type averages per (authority type, year): what the letters state and what PostgreSQL
computes over every current letter of the type and year.

Only current letters (the newest version for a council and period, never a withdrawn one)
count. Two computed averages for each measure (councils.measures): pooled (all upheld / all
investigated, so big councils weigh more) and the mean of the councils' own rates (each
council counts once).

The pages read them from the summary table councils.TypeYearAverage (``type_averages``,
``latest_type_averages``: one indexed query), which PostgreSQL keeps in step with every write
to the letters and councils (migration councils/0007). ``type_averages_computed`` is the
reference: the same figures aggregated over every letter, as the pages used to on each
request; ``type_average_mismatches`` compares the two (the tests, ``check_type_averages``).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Avg, Count, F, FloatField, Max, Min, Q, Sum
from django.db.models.functions import NullIf

from core.periods import year_label
from core.prepared import prepared
from core.rows import rows_subquery
from councils.measures import MEASURES, Measure, as_float
from councils.models import AuthorityType, TypeYearAverage
from letters.models import AnnualLetter

STATED_TOLERANCE = 0.5  # stated averages for one type and year should agree to rounding
COMPUTED_TOLERANCE = 1.0  # percentage points between a stated and a computed average


@dataclass(frozen=True)
class StatedRange:
    """What the letters of one type and year say the average is."""

    low: float | None
    high: float | None
    letters: int

    @property
    def disagree(self) -> bool:
        return (
            self.low is not None
            and self.high is not None
            and self.high - self.low > STATED_TOLERANCE
        )

    @property
    def value(self) -> float | None:
        return None if self.disagree else self.low

    def differs_from(self, *computed: float | None) -> bool:
        """True when the (agreed) stated average is beyond rounding from every computed one."""
        known = [c for c in computed if c is not None]
        if self.value is None or not known:
            return False
        return all(abs(self.value - c) > COMPUTED_TOLERANCE for c in known)


@dataclass(frozen=True)
class TypeAverage:
    authority_type: str
    year: int
    letters: int
    uphold_councils: int
    upheld_total: int | None
    investigated_total: int | None
    uphold_pooled: float | None
    uphold_mean: float | None
    uphold_stated: StatedRange
    compliance_councils: int
    compliance_pooled: float | None
    compliance_mean: float | None
    compliance_stated: StatedRange
    remedy_councils: int
    remedies_total: int | None
    remedy_basis_total: int | None
    remedy_pooled: float | None
    remedy_mean: float | None
    remedy_stated: StatedRange
    per_100k_councils: int
    per_100k_pooled: float | None
    per_100k_mean: float | None
    per_100k_stated: StatedRange

    @property
    def type_label(self) -> str:
        return AuthorityType(self.authority_type).label

    @property
    def period_label(self) -> str:
        return year_label(self.year)

    def stated(self, measure: Measure) -> StatedRange:
        """What the letters state the average is, for one of the measures."""
        return getattr(self, f"{measure.key}_stated")

    def pooled(self, measure: Measure) -> float | None:
        return getattr(self, f"{measure.key}_pooled")

    def mean(self, measure: Measure) -> float | None:
        return getattr(self, f"{measure.key}_mean")

    def councils(self, measure: Measure) -> int:
        """How many councils' figures the mean is of."""
        return getattr(self, f"{measure.key}_councils")

    def totals(self, measure: Measure) -> tuple | None:
        """The sums the pooled average divides (upheld, investigated), when it has any."""
        if not measure.pooled_totals:
            return None
        count, base = (getattr(self, name) for name in measure.pooled_totals)
        return (count, base) if base else None

    @property
    def uphold_stated_mismatch(self) -> bool:
        return self.uphold_stated.differs_from(self.uphold_pooled, self.uphold_mean)

    @property
    def warnings(self) -> list[str]:
        """Where letters for the same type and year state different averages: a misread
        figure, or a council filed under the wrong type."""
        notes = []
        for measure in MEASURES:
            stated = self.stated(measure)
            if stated.disagree:
                notes.append(
                    f"Letters to {self.type_label.lower()}s for {self.period_label} state "
                    f"different {measure.noun} averages ({stated.low:g} to {stated.high:g}): "
                    "a figure may have been misread, or a council filed under the wrong type."
                )
        if self.uphold_stated_mismatch:
            # Either computed figure may be missing (no letter of the year gives counts).
            computed = ", ".join(
                f"{value:.1f}% {how}"
                for value, how in ((self.uphold_pooled, "pooled"), (self.uphold_mean, "mean"))
                if value is not None
            )
            notes.append(
                f"The uphold average the letters state for {self.period_label} "
                f"({self.uphold_stated.value:g}%) differs from the one computed here from "
                f"{self.letters} letter{'s' if self.letters != 1 else ''} "
                f"({computed}): this "
                "database may not hold every council's letter, or a figure was misread."
            )
        return notes

    @property
    def disagreements(self) -> list[str]:
        """Only the warnings about letters contradicting each other."""
        return [w for w in self.warnings if w.startswith("Letters to ")]


def _stated(field_name: str) -> dict:
    return {
        f"{field_name}_low": as_float(Min(field_name)),
        f"{field_name}_high": as_float(Max(field_name)),
        f"{field_name}_letters": Count(field_name),
    }


def _pooled(numerator, denominator, scale: float = 100.0):
    return as_float(numerator) * scale / NullIf(as_float(denominator), 0.0)


def type_averages_computed(
    *,
    authority_type: str | None = None,
    year: int | None = None,
    years: Iterable[int] | None = None,
) -> list[TypeAverage]:
    """Averages per (authority type, year) aggregated over every current letter in one
    query, oldest year first: the reference the summary table is checked against."""
    letters = (
        AnnualLetter.objects.current()
        .with_figures()
        .annotate(authority_type=F("council__authority_type"))
    )
    if authority_type is not None:
        letters = letters.filter(council__authority_type=authority_type)
    if year is not None:
        letters = letters.filter(period_end__year=year)
    if years is not None:
        letters = letters.filter(year__in=list(years))
    has_uphold = Q(investigated_n__gt=0, upheld_n__isnull=False)
    has_compliance = Q(compliance_outcomes__gt=0, compliance_rate__isnull=False)
    has_remedy = Q(remedy_basis__gt=0, remedies__isnull=False)
    has_population = Q(upheld_n__isnull=False, council__population__gt=0)
    rows = (
        letters.values("authority_type", "year")
        .annotate(
            n_letters=Count("pk"),
            uphold_councils=Count("pk", filter=Q(uphold_rate__isnull=False)),
            upheld_total=Sum("upheld_n", filter=has_uphold),
            investigated_total=Sum("investigated_n", filter=has_uphold),
            uphold_pooled=_pooled(
                Sum("upheld_n", filter=has_uphold), Sum("investigated_n", filter=has_uphold)
            ),
            uphold_mean=Avg("uphold_rate"),
            compliance_councils=Count("pk", filter=Q(compliance_rate__isnull=False)),
            compliance_pooled=_pooled(
                Sum("compliant_n", filter=has_compliance),
                Sum("compliance_outcomes", filter=has_compliance),
            ),
            compliance_mean=Avg("compliance_rate"),
            remedy_councils=Count("pk", filter=Q(remedy_rate__isnull=False)),
            remedies_total=Sum("remedies", filter=has_remedy),
            remedy_basis_total=Sum("remedy_basis", filter=has_remedy),
            remedy_pooled=_pooled(
                Sum("remedies", filter=has_remedy), Sum("remedy_basis", filter=has_remedy)
            ),
            remedy_mean=Avg("remedy_rate"),
            per_100k_councils=Count("pk", filter=Q(per_100k__isnull=False)),
            per_100k_pooled=_pooled(
                Sum("upheld_n", filter=has_population),
                Sum("council__population", filter=has_population),
                scale=100_000.0,
            ),
            per_100k_mean=Avg("per_100k"),
            **{
                name: aggregate
                for measure in MEASURES
                for name, aggregate in _stated(measure.stated_average).items()
            },
        )
        .order_by("year", "authority_type")
    )

    def stated(row: dict, name: str) -> StatedRange:
        return StatedRange(row[f"{name}_low"], row[f"{name}_high"], row[f"{name}_letters"])

    return [
        TypeAverage(
            authority_type=row["authority_type"],
            year=row["year"],
            letters=row["n_letters"],
            uphold_councils=row["uphold_councils"],
            upheld_total=row["upheld_total"],
            investigated_total=row["investigated_total"],
            uphold_pooled=row["uphold_pooled"],
            uphold_mean=row["uphold_mean"],
            compliance_councils=row["compliance_councils"],
            compliance_pooled=row["compliance_pooled"],
            compliance_mean=row["compliance_mean"],
            remedy_councils=row["remedy_councils"],
            remedies_total=row["remedies_total"],
            remedy_basis_total=row["remedy_basis_total"],
            remedy_pooled=row["remedy_pooled"],
            remedy_mean=row["remedy_mean"],
            per_100k_councils=row["per_100k_councils"],
            per_100k_pooled=row["per_100k_pooled"],
            per_100k_mean=row["per_100k_mean"],
            **{f"{m.key}_stated": stated(row, m.stated_average) for m in MEASURES},
        )
        for row in rows
    ]


# The summary table ----------------------------------------------------------------------

_STATED_PARTS = ("low", "high", "letters")
_PLAIN_FIELDS = [
    f.name for f in fields(TypeAverage) if not f.name.endswith("_stated") and f.name != "letters"
]
_SUMMARY_COLUMNS = [
    "letters",
    *_PLAIN_FIELDS,
    *(f"{m.key}_stated_{part}" for m in MEASURES for part in _STATED_PARTS),
]


def _held(row: dict) -> TypeAverage:
    return TypeAverage(
        letters=row["letters"],
        **{name: row[name] for name in _PLAIN_FIELDS},
        **{
            f"{m.key}_stated": StatedRange(
                *(row[f"{m.key}_stated_{part}"] for part in _STATED_PARTS)
            )
            for m in MEASURES
        },
    )


@prepared  # compiled once for each set of filters given: pages read it on every request
def _summary_rows(*, authority_type: str | None = None, year: int | None = None):
    rows = TypeYearAverage.objects.all()
    if authority_type is not None:
        rows = rows.filter(authority_type=authority_type)
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("year", "authority_type").values(*_SUMMARY_COLUMNS)


def type_averages(
    *,
    authority_type: str | None = None,
    year: int | None = None,
    years: Iterable[int] | None = None,
) -> list[TypeAverage]:
    """Averages per (authority type, year), oldest year first, from the summary table in
    one indexed query (equal to type_averages_computed with the same filters)."""
    given = {"authority_type": authority_type, "year": year}
    rows = _summary_rows(**{name: value for name, value in given.items() if value is not None})
    if years is not None:  # a few years of a small table: picked out here
        wanted = set(years)
        rows = [row for row in rows if row["year"] in wanted]
    return [_held(row) for row in rows]


def type_averages_subquery(*, authority_type) -> ArraySubquery:
    """A type's averages for every year, oldest first, as a JSON array to read inside
    another query (`authority_type` a value or an OuterRef); type_averages_from_rows
    reads them back."""
    rows = TypeYearAverage.objects.filter(authority_type=authority_type).order_by("year")
    return rows_subquery(rows, *_SUMMARY_COLUMNS)


_FLOATS = {f.name for f in TypeYearAverage._meta.fields if isinstance(f, FloatField)}


def type_averages_from_rows(rows: list[dict] | None) -> list[TypeAverage]:
    """type_averages_subquery's rows (JSON writes 3.0 as 3: floats made floats again)."""
    return [
        _held({k: float(v) if k in _FLOATS and v is not None else v for k, v in row.items()})
        for row in rows or []
    ]


@prepared
def _latest_rows():
    return (
        TypeYearAverage.objects.order_by("authority_type", "-year")
        .distinct("authority_type")
        .values(*_SUMMARY_COLUMNS)
    )


def latest_type_averages() -> list[tuple[str, str, TypeAverage | None]]:
    """[(type slug, type label, its latest year's averages or None)] in the Ombudsman's
    order, in one query (each type's newest row)."""
    rows = _latest_rows()
    latest = {row["authority_type"]: _held(row) for row in rows}
    return [(value, label, latest.get(value)) for value, label in AuthorityType.choices]


def type_average_mismatches() -> list[str]:
    """Where the summary table differs from a fresh computation, one line per difference
    (empty when they agree; floating-point sums may differ in their last bits, which the
    order PostgreSQL adds the letters in decides)."""
    held = {(a.authority_type, a.year): a for a in type_averages()}
    computed = {(a.authority_type, a.year): a for a in type_averages_computed()}
    problems = [
        f"{pair[0]} {pair[1]}: {'missing from the table' if pair in computed else 'no letters'}"
        for pair in sorted(held.keys() ^ computed.keys())
    ]
    for pair in sorted(held.keys() & computed.keys()):
        a, b = held[pair], computed[pair]
        for f in fields(TypeAverage):
            x, y = getattr(a, f.name), getattr(b, f.name)
            if isinstance(x, StatedRange) and isinstance(y, StatedRange):
                same = x.letters == y.letters and _close(x.low, y.low) and _close(x.high, y.high)
            else:
                same = _close(x, y)
            if not same:
                problems.append(f"{pair[0]} {pair[1]} {f.name}: table {x!r}, computed {y!r}")
    return problems


def _close(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def average_lookup(averages: Iterable[TypeAverage]) -> dict[tuple[str, int], TypeAverage]:
    return {(a.authority_type, a.year): a for a in averages}

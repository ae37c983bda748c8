"""Steadier figures for small councils: each measure (councils.measures) over the council's
last three reporting years pooled ("12 of 20 upheld, 60%, 2021-22 to 2023-24"), beside its
type's rate pooled over the same years.

Pooled means the counts of the years added up before dividing: upheld / investigated,
compliant outcomes / compliance outcomes, remedies / remedy basis, and upheld per 100,000
residents a year (upheld / the council's population once for each year, with the register's
population, as the type's pooled average per 100,000 is computed). Only current letters count,
as in councils.selectors.averages (``AnnualLetter.objects.current()``: the newest version of
each year, never a withdrawn one).

A year counts for a measure where the council's letter gives the counts behind it; the type's
rate is pooled over the same years for that measure, so both figures cover one span. One
query: the window's letters of the type, grouped by year, the council's sums beside the
type's."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum

from core import formatting
from core.periods import METHOD_CHANGE_YEAR, year_label
from core.prepared import prepared
from councils.measures import (
    COMPLIANCE,
    MEASURES,
    PER_100K,
    PER_100K_RESIDENTS,
    REMEDY,
    SMALL_BASE,
    UPHOLD,
    Measure,
)
from councils.models import AuthorityType, Council
from letters.models import AnnualLetter

POOLED_YEARS = 3
PER_100K_SCALE = 100_000.0

# Per measure: the letter's figure added up (the numerator), the base it is divided by, and
# which letters give both (a letter with a base of nought adds nothing, and says so).
_SUMS = {
    UPHOLD.key: (
        "upheld_n",
        "investigated_n",
        Q(investigated_n__isnull=False, upheld_n__isnull=False),
    ),
    COMPLIANCE.key: (
        "compliant_n",
        "compliance_outcomes",
        Q(compliance_outcomes=0) | Q(compliance_outcomes__gt=0, compliance_rate__isnull=False),
    ),
    REMEDY.key: (
        "remedies",
        "remedy_basis",
        Q(remedy_basis__isnull=False, remedies__isnull=False),
    ),
    PER_100K_RESIDENTS.key: (
        "upheld_n",
        "council__population",
        Q(upheld_n__isnull=False, council__population__gt=0),
    ),
}


def years_label(years) -> str:
    """(2022, 2023, 2024) -> "2021-22 to 2023-24"; (2022, 2024) -> "2021-22 and 2023-24"."""
    years = sorted(years)
    if not years:
        return ""
    if len(years) == 1:
        return year_label(years[0])
    if years == list(range(years[0], years[-1] + 1)):
        return f"{year_label(years[0])} to {year_label(years[-1])}"
    return ", ".join(year_label(y) for y in years[:-1]) + f" and {year_label(years[-1])}"


def crosses_method_change(years) -> bool:
    return bool(years) and min(years) < METHOD_CHANGE_YEAR <= max(years)


@dataclass(frozen=True)
class Pooled:
    """Counts added up over some years: ``numerator`` of ``base`` (for upheld per 100,000,
    upheld of the population summed once a year)."""

    measure: Measure
    numerator: float | None
    base: int | None
    letters: int

    @property
    def rate(self) -> float | None:
        if not self.base or self.numerator is None:
            return None
        scale = PER_100K_SCALE if self.measure.unit == PER_100K else 100.0
        return float(self.numerator) * scale / float(self.base)

    @property
    def counted(self) -> bool:
        return self.base is not None

    def write(self) -> str:
        """The council's figure: "60%, 12 of 20"; "17.5 a year (63 upheld)"."""
        if self.measure.unit == PER_100K:
            if self.rate is None:
                return formatting.per_100k(None)
            return f"{formatting.per_100k(self.rate)} a year ({round(self.numerator):,} upheld)"
        return self.measure.write(self.rate, self.numerator, self.base)

    def write_average(self) -> str:
        """The type's figure: "55.4%, 450 of 812"; "12.3 a year"."""
        if self.measure.unit == PER_100K:
            rate = self.measure.write_average(self.rate)
            return rate if self.rate is None else f"{rate} a year"
        rate = self.measure.write_average(self.rate)
        if self.rate is None or self.numerator is None:
            return rate
        return f"{rate}, {round(self.numerator):,} of {self.base:,}"


@dataclass(frozen=True)
class PooledMeasure:
    """One measure over the years the council's letters give its counts for."""

    measure: Measure
    years: tuple[int, ...]  # oldest first
    council: Pooled
    type_average: Pooled

    @property
    def period_label(self) -> str:
        return years_label(self.years)

    @property
    def crosses_method_change(self) -> bool:
        return crosses_method_change(self.years)

    @property
    def difference(self) -> float | None:
        if self.council.rate is None or self.type_average.rate is None:
            return None
        return self.council.rate - self.type_average.rate

    def write_difference(self) -> str:
        if self.difference is None:
            return "not known"
        unit = "points" if self.measure.unit != PER_100K else "per 100,000"
        return formatting.difference(self.difference, unit=unit)

    @property
    def caution(self) -> str:
        """Said where even the years together have fewer than SMALL_BASE cases."""
        base = self.council.base
        if self.measure.unit == PER_100K or base is None or not 0 < base < SMALL_BASE:
            return ""
        return f"Caution: fewer than {SMALL_BASE} {self.measure.base_noun} even together"


@dataclass(frozen=True)
class PooledRates:
    council: Council
    window: tuple[int, ...]  # the three reporting years, oldest first
    letter_years: tuple[int, ...]  # those the council has a current letter for
    measures: tuple[PooledMeasure, ...]  # in MEASURES order, only those with counts
    latest_base: int | None  # investigations in the latest year

    @property
    def period_label(self) -> str:
        return years_label(self.window)

    @property
    def missing_years(self) -> tuple[int, ...]:
        return tuple(y for y in self.window if y not in self.letter_years)

    @property
    def missing_label(self) -> str:
        return years_label(self.missing_years)

    @property
    def crosses_method_change(self) -> bool:
        return crosses_method_change(self.letter_years)

    @property
    def method_change_label(self) -> str:
        return year_label(METHOD_CHANGE_YEAR)

    @property
    def type_label(self) -> str:
        return AuthorityType(self.council.authority_type).label

    @property
    def pools(self) -> bool:
        """More than one year to add up."""
        return len(self.letter_years) > 1

    @property
    def first(self) -> bool:
        """Shown before the single years: the latest year had fewer than SMALL_BASE cases."""
        return self.pools and pooled_first(self.latest_base)

    def of(self, measure: Measure) -> PooledMeasure | None:
        return next((m for m in self.measures if m.measure is measure), None)


def pooled_first(latest_base: int | None) -> bool:
    """Whether a council's latest year is small enough to lead with the pooled figures."""
    return latest_base is not None and latest_base < SMALL_BASE


def _sum_or_none(rows, name: str, years) -> float | None:
    values = [rows[y][name] for y in years if rows[y][name] is not None]
    return sum(values) if values else None


@prepared  # compiled once per process: building two dozen aggregates costs more than running them
def _sums_by_year(*, council_id: int, authority_type: str, since: date, before: date):
    """Per year of the letters ending from `since` to before `before`: each measure's sums
    over the type's current letters and over the council's own."""
    own = Q(council_id=council_id)
    aggregates = {"type_letters": Count("pk"), "council_letters": Count("pk", filter=own)}
    for key, (numerator, base, gives) in _SUMS.items():
        aggregates |= {
            f"{key}_c_num": Sum(numerator, filter=gives & own),
            f"{key}_c_base": Sum(base, filter=gives & own),
            f"{key}_c_letters": Count("pk", filter=gives & own),
            f"{key}_t_num": Sum(numerator, filter=gives),
            f"{key}_t_base": Sum(base, filter=gives),
            f"{key}_t_letters": Count("pk", filter=gives),
        }
    return (
        AnnualLetter.objects.current()
        .with_figures()
        .filter(
            council__authority_type=authority_type, period_end__gte=since, period_end__lt=before
        )
        .values("year")
        .annotate(**aggregates)
        .order_by("year")
    )


def pooled_rates(*, council: Council, end_year: int, latest_base: int | None = None) -> PooledRates:
    """The council's measures over the three reporting years to ``end_year`` (the end year
    of its latest current letter), and its type's over the same years. ``latest_base``:
    the investigations of the latest year, as the page read them."""
    window = tuple(range(end_year - POOLED_YEARS + 1, end_year + 1))
    rows = {
        row["year"]: row
        for row in _sums_by_year(
            council_id=council.pk,
            authority_type=council.authority_type,
            since=date(window[0], 1, 1),
            before=date(window[-1] + 1, 1, 1),
        )
    }
    letter_years = tuple(y for y in window if y in rows and rows[y]["council_letters"])
    measures = []
    for measure in MEASURES:
        key = measure.key
        years = tuple(y for y in letter_years if rows[y][f"{key}_c_letters"])
        if not years:
            continue

        def pooled(side: str, years=years, key=key, measure=measure) -> Pooled:
            return Pooled(
                measure=measure,
                numerator=_sum_or_none(rows, f"{key}_{side}_num", years),
                base=_sum_or_none(rows, f"{key}_{side}_base", years),
                letters=sum(rows[y][f"{key}_{side}_letters"] for y in years),
            )

        measures.append(
            PooledMeasure(
                measure=measure, years=years, council=pooled("c"), type_average=pooled("t")
            )
        )
    return PooledRates(
        council=council,
        window=window,
        letter_years=letter_years,
        measures=tuple(measures),
        latest_base=latest_base,
    )


def pooled_position(*, years, latest_base: int | None) -> str | None:
    """Where the council page shows the pooled figures, from its current letters' end
    years (newest first) and the latest year's investigations, without a query: "before" the
    single years when the latest is small, "after" them otherwise, None with fewer than two
    letters in the three years to the latest."""
    if not years:
        return None
    latest = max(years)
    if sum(1 for year in set(years) if latest - POOLED_YEARS < year <= latest) < 2:
        return None
    return "before" if pooled_first(latest_base) else "after"


def council_pooled_rates(*, council: Council, latest_letter) -> PooledRates | None:
    """pooled_rates for the three years to the council's latest current letter (with its
    figures, ``with_figures()``); None without one."""
    if latest_letter is None:
        return None
    return pooled_rates(
        council=council, end_year=latest_letter.year, latest_base=latest_letter.investigated_n
    )

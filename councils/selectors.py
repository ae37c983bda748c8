"""Read-side queries for the council pages. Views stay thin; averages are computed in SQL.

Conventions
- A letter's "year" is the calendar year its reporting period ends: 2024 is 2023-24.
- Only current letters (the newest version for a council and period) count.
- Uphold rate = upheld / investigated. For the 2014-2018 letters, whose figures come from
  the "Decisions made" table, upheld and not-upheld decisions stand in for them.
- Two type averages, both computed by PostgreSQL over every current letter of the type
  and year: pooled (all upheld / all investigated, so big councils weigh more) and the
  mean of the councils' own rates (each council counts once).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    FloatField,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, NullIf, Rank

from core.periods import METHOD_CHANGE_YEAR, year_label
from councils.models import AuthorityType, Council
from letters.models import AnnualLetter, CouncilReportYear, ServiceComplaintStats
from letters.selectors import corrections_by_letter

SMALL_BASE = 10  # fewer cases than this and a rate is shown with a caution
STATED_TOLERANCE = 0.5  # stated averages for one type and year should agree to rounding
COMPUTED_TOLERANCE = 1.0  # percentage points between a stated and a computed average


def _float(expression) -> Cast:
    return Cast(expression, FloatField())


def _letter_figures(prefix: str = "") -> dict:
    """Per-letter figures as SQL expressions; `prefix` reaches a letter through a relation."""

    def f(name: str) -> F:
        return F(f"{prefix}{name}")

    upheld = Coalesce(f("upheld_count"), f("decisions_upheld"))
    investigated = Coalesce(f("investigations"), f("decisions_upheld") + f("decisions_not_upheld"))
    return {
        "upheld_n": upheld,
        "investigated_n": investigated,
        "uphold_rate": Coalesce(
            _float(upheld) * 100.0 / NullIf(investigated, 0), _float(f("upheld_percent"))
        ),
        "compliance_rate": _float(f("compliance_percent")),
        "compliant_n": _float(f("compliance_percent")) * f("compliance_outcomes") / 100.0,
        "remedy_rate": Coalesce(
            _float(f("remedies")) * 100.0 / NullIf(f("remedy_basis"), 0),
            _float(f("remedy_percent")),
        ),
        "per_100k": _float(f("upheld_per_100k")),
    }


def letters_with_figures(queryset: QuerySet[AnnualLetter] | None = None) -> QuerySet[AnnualLetter]:
    queryset = AnnualLetter.objects.current() if queryset is None else queryset
    return queryset.annotate(year=ExtractYear("period_end"), **_letter_figures())


# Type averages --------------------------------------------------------------------------


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

    @property
    def uphold_stated_mismatch(self) -> bool:
        return self.uphold_stated.differs_from(self.uphold_pooled, self.uphold_mean)

    @property
    def warnings(self) -> list[str]:
        """Where letters for the same type and year state different averages: a misread
        figure, or a council filed under the wrong type."""
        notes = []
        for name, stated in (
            ("uphold", self.uphold_stated),
            ("compliance", self.compliance_stated),
            ("remedy", self.remedy_stated),
            ("upheld per 100,000", self.per_100k_stated),
        ):
            if stated.disagree:
                notes.append(
                    f"Letters to {self.type_label.lower()}s for {self.period_label} state "
                    f"different {name} averages ({stated.low:g} to {stated.high:g}): a figure "
                    "may have been misread, or a council filed under the wrong type."
                )
        if self.uphold_stated_mismatch:
            notes.append(
                f"The uphold average the letters state for {self.period_label} "
                f"({self.uphold_stated.value:g}%) differs from the one computed here from "
                f"{self.letters} letter{'s' if self.letters != 1 else ''} "
                f"({self.uphold_pooled:.1f}% pooled, {self.uphold_mean:.1f}% mean): this "
                "database may not hold every council's letter, or a figure was misread."
            )
        return notes

    @property
    def disagreements(self) -> list[str]:
        """Only the warnings about letters contradicting each other."""
        return [w for w in self.warnings if w.startswith("Letters to ")]


def _stated(field_name: str) -> dict:
    return {
        f"{field_name}_low": _float(Min(field_name)),
        f"{field_name}_high": _float(Max(field_name)),
        f"{field_name}_letters": Count(field_name),
    }


def _pooled(numerator, denominator, scale: float = 100.0):
    return _float(numerator) * scale / NullIf(_float(denominator), 0.0)


def type_averages(
    *,
    authority_type: str | None = None,
    year: int | None = None,
    years: Iterable[int] | None = None,
) -> list[TypeAverage]:
    """Averages per (authority type, year), from one aggregate query, oldest year first."""
    letters = letters_with_figures().annotate(authority_type=F("council__authority_type"))
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
            **_stated("upheld_average_percent"),
            **_stated("compliance_average_percent"),
            **_stated("remedy_average_percent"),
            **_stated("upheld_average_per_100k"),
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
            uphold_stated=stated(row, "upheld_average_percent"),
            compliance_councils=row["compliance_councils"],
            compliance_pooled=row["compliance_pooled"],
            compliance_mean=row["compliance_mean"],
            compliance_stated=stated(row, "compliance_average_percent"),
            remedy_councils=row["remedy_councils"],
            remedies_total=row["remedies_total"],
            remedy_basis_total=row["remedy_basis_total"],
            remedy_pooled=row["remedy_pooled"],
            remedy_mean=row["remedy_mean"],
            remedy_stated=stated(row, "remedy_average_percent"),
            per_100k_councils=row["per_100k_councils"],
            per_100k_pooled=row["per_100k_pooled"],
            per_100k_mean=row["per_100k_mean"],
            per_100k_stated=stated(row, "upheld_average_per_100k"),
        )
        for row in rows
    ]


def latest_type_averages() -> list[tuple[str, str, TypeAverage | None]]:
    """[(type slug, type label, its latest year's averages or None)] in the Ombudsman's order."""
    latest: dict[str, TypeAverage] = {}
    for average in type_averages():  # oldest first, so the last one wins
        latest[average.authority_type] = average
    return [(value, label, latest.get(value)) for value, label in AuthorityType.choices]


def average_lookup(averages: Iterable[TypeAverage]) -> dict[tuple[str, int], TypeAverage]:
    return {(a.authority_type, a.year): a for a in averages}


# The councils table ---------------------------------------------------------------------


def _average_case(averages: Iterable[TypeAverage], year_field: str) -> Case | Value:
    """The pooled uphold average for each row's type and letter year, as a SQL CASE over
    the (few dozen) averages computed by type_averages(), so the table can sort by it."""
    whens = [
        When(
            Q(authority_type=a.authority_type) & Q(**{year_field: a.year}),
            then=Value(a.uphold_pooled, output_field=FloatField()),
        )
        for a in averages
        if a.uphold_pooled is not None
    ]
    if not whens:
        return Value(None, output_field=FloatField())
    return Case(*whens, default=Value(None, output_field=FloatField()), output_field=FloatField())


def council_table_rows(
    *,
    averages: Iterable[TypeAverage],
    year: int | None = None,
    queryset: QuerySet[Council] | None = None,
) -> QuerySet[Council]:
    """Councils annotated with their latest letter's figures (or that year's, when `year`
    is given, keeping only councils with a letter that year), the type average for that
    letter's year and the difference from it.

    One query: each council joined to the one letter it shows (a LEFT JOIN restricted to
    the latest current letter, so councils without letters stay in)."""
    queryset = Council.objects.all() if queryset is None else queryset
    if year is None:
        # Each council's latest current letter, found once for all councils (DISTINCT ON).
        latest = (
            AnnualLetter.objects.current()
            .order_by("council_id", "-period_end", "-pk")
            .distinct("council_id")
            .values("pk")
        )
        queryset = queryset.filter(Q(letters__pk__in=latest) | Q(letters__isnull=True))
    else:
        queryset = queryset.filter(letters__is_current=True, letters__period_end__year=year)
    figures = _letter_figures(prefix="letters__")
    queryset = queryset.annotate(
        letter_year=ExtractYear("letters__period_end"),
        uphold_rate=figures["uphold_rate"],
        upheld=figures["upheld_n"],
        investigated=figures["investigated_n"],
        compliance_rate=figures["compliance_rate"],
        compliance_outcomes=F("letters__compliance_outcomes"),
        remedy_rate=figures["remedy_rate"],
        remedies=F("letters__remedies"),
        remedy_basis=F("letters__remedy_basis"),
        per_100k=figures["per_100k"],
    )
    return queryset.annotate(type_average=_average_case(averages, "letter_year")).annotate(
        difference=F("uphold_rate") - F("type_average")
    )


def letter_years() -> list[int]:
    """Every year with a current letter, newest first."""
    return sorted(
        AnnualLetter.objects.current()
        .annotate(year=ExtractYear("period_end"))
        .order_by("year")
        .values_list("year", flat=True)
        .distinct(),
        reverse=True,
    )


def regions() -> list[str]:
    return list(
        Council.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )


# The comparison page ---------------------------------------------------------------------


def council_comparison_rows(
    *, authority_type: str, year: int, average: float | None
) -> QuerySet[AnnualLetter]:
    """Every current letter of one type and year with its council, figures, difference from
    `average` (the pooled type average) and rank (1 = lowest uphold rate; ties share)."""
    return (
        letters_with_figures()
        .filter(council__authority_type=authority_type, period_end__year=year)
        .select_related("council")
        .only(
            "pk",
            "period_start",
            "period_end",
            "upheld_percent",
            "upheld_average_percent",
            "upheld_per_100k",
            "compliance_outcomes",
            "remedies",
            "remedy_basis",
            "council__official_name",
            "council__short_name",
            "council__slug",
            "council__end_date",
        )
        .annotate(
            difference=F("uphold_rate") - Value(average, output_field=FloatField()),
            rank=Case(
                When(uphold_rate__isnull=True, then=Value(None)),
                default=Window(Rank(), order_by=F("uphold_rate").asc(nulls_last=True)),
            ),
        )
    )


def years_for_type(*, authority_type: str) -> list[int]:
    return sorted(
        AnnualLetter.objects.current()
        .filter(council__authority_type=authority_type)
        .annotate(year=ExtractYear("period_end"))
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )


# Home -------------------------------------------------------------------------------------


def latest_letters(*, limit: int = 10) -> list[AnnualLetter]:
    return list(
        AnnualLetter.objects.current()
        .select_related("council")
        .only(
            "pk",
            "period_start",
            "period_end",
            "uploaded_at",
            "council__official_name",
            "council__slug",
        )
        .order_by("-uploaded_at", "-pk")[:limit]
    )


def councils_by_type(*, include_abolished: bool = False) -> list[tuple[str, list[Council]]]:
    """[(type label, councils of that type)] in the Ombudsman's order."""
    councils = Council.objects.all() if include_abolished else Council.objects.current()
    grouped: dict[str, list[Council]] = {value: [] for value in AuthorityType.values}
    for council in councils.only("official_name", "short_name", "slug", "authority_type"):
        grouped[council.authority_type].append(council)
    return [(AuthorityType(value).label, grouped[value]) for value in AuthorityType.values]


# The council page -------------------------------------------------------------------------


CORRECTION_COLUMNS = {
    "uphold": [
        "upheld_percent",
        "upheld_count",
        "investigations",
        "decisions_upheld",
        "decisions_total",
        "decisions_uphold_rate",
    ],
    "compliance": ["compliance_percent", "compliance_outcomes"],
    "remedy": ["remedy_percent", "remedies", "remedy_basis"],
    "per_100k": ["upheld_per_100k"],
}
STATED_AVERAGE_COLUMNS = {
    "uphold": "upheld_average_percent",
    "compliance": "compliance_average_percent",
    "remedy": "remedy_average_percent",
    "per_100k": "upheld_average_per_100k",
}


@dataclass
class CouncilYear:
    """One year of a council's letter against its type's averages."""

    letter: AnnualLetter
    average: TypeAverage | None
    corrections: dict = field(default_factory=dict)  # column -> Correction in force

    @property
    def year(self) -> int:
        return self.letter.year

    def _corrected(self, *columns: str) -> list:
        return [self.corrections[c] for c in columns if c in self.corrections]

    # Corrected figures behind each measure the page shows ("corrected ...: was 68%").
    @property
    def uphold_corrections(self) -> list:
        return self._corrected(*CORRECTION_COLUMNS["uphold"])

    @property
    def compliance_corrections(self) -> list:
        return self._corrected(*CORRECTION_COLUMNS["compliance"])

    @property
    def remedy_corrections(self) -> list:
        return self._corrected(*CORRECTION_COLUMNS["remedy"])

    @property
    def per_100k_corrections(self) -> list:
        return self._corrected(*CORRECTION_COLUMNS["per_100k"])

    @property
    def stated_average_corrections(self) -> dict:
        return {
            measure: self._corrected(column)
            for measure, column in STATED_AVERAGE_COLUMNS.items()
            if column in self.corrections
        }

    @property
    def period_label(self) -> str:
        return year_label(self.letter.year)


@dataclass
class OwnFiguresYear:
    """A year of the council's own complaints report beside the Ombudsman's letter."""

    figures: CouncilReportYear
    letter: AnnualLetter | None

    @property
    def period_label(self) -> str:
        return year_label(self.figures.period_end.year)


def own_figures_years(*, council: Council, letters: list[AnnualLetter]) -> list[OwnFiguresYear]:
    """Each year the council's current reports cover, from the newest report that covers
    it, with the Ombudsman's letter for the same year (one query)."""
    by_year: dict = {}
    rows = (
        CouncilReportYear.objects.filter(council=council, report__is_current=True)
        .select_related("report")
        .defer("report__parsed", "report__extracted_text")
        .order_by("-period_end", "-report__period_end", "-report__uploaded_at")
    )
    for row in rows:
        by_year.setdefault(row.period_end, row)
    letters_by_end = {letter.period_end: letter for letter in letters if letter.is_current}
    return [
        OwnFiguresYear(figures=row, letter=letters_by_end.get(end))
        for end, row in sorted(by_year.items(), reverse=True)
    ]


@dataclass
class CouncilPage:
    council: Council
    years: list[CouncilYear]  # newest first
    letters: list[AnnualLetter]  # every version, newest period first
    service_stats: list[ServiceComplaintStats]
    type_count: int = 0
    warnings: list[str] = field(default_factory=list)
    own_years: list["OwnFiguresYear"] = field(default_factory=list)  # newest first

    @property
    def own_reports(self) -> list:
        """The council's reports the own-figures card draws on, newest first."""
        reports = {year.figures.report_id: year.figures.report for year in self.own_years}
        return sorted(reports.values(), key=lambda r: r.period_end, reverse=True)

    @property
    def latest_channels(self):
        """(year label, {channel: percent}) for the newest year whose report gives them."""
        for year in self.own_years:
            if year.figures.channels_percent:
                return year.period_label, year.figures.channels_percent
        return None

    @property
    def crosses_method_change(self) -> bool:
        years = [y.year for y in self.years]
        return bool(years) and min(years) < METHOD_CHANGE_YEAR <= max(years)


def council_for_page(*, slug: str) -> Council:
    related = Council.objects.only("official_name", "slug", "end_date")
    return Council.objects.prefetch_related(
        Prefetch("successors", queryset=related), Prefetch("predecessors", queryset=related)
    ).get(slug=slug)


def council_page(*, slug: str) -> CouncilPage:
    """Everything the council page shows, in a constant number of queries (seven)."""
    council = council_for_page(slug=slug)  # 3 queries
    all_letters = list(
        letters_with_figures(AnnualLetter.objects.filter(council=council))
        .defer("extracted_text", "warnings")
        .order_by("-period_end", "-is_current", "-uploaded_at")
    )
    current = [letter for letter in all_letters if letter.is_current]
    averages = average_lookup(
        type_averages(
            authority_type=council.authority_type, years={letter.year for letter in current}
        )
        if current
        else []
    )
    corrected = corrections_by_letter([letter.pk for letter in current])  # 1 query
    years = [
        CouncilYear(
            letter=letter,
            average=averages.get((council.authority_type, letter.year)),
            corrections=corrected.get(letter.pk, {}),
        )
        for letter in current
    ]
    stats = list(
        ServiceComplaintStats.objects.filter(council=council).order_by(
            "-period_end", "source", "service"
        )
    )
    warnings = []
    for year in years:
        if year.average:
            warnings.extend(year.average.disagreements)
    return CouncilPage(
        council=council,
        years=years,
        letters=all_letters,
        service_stats=stats,
        warnings=warnings,
        own_years=own_figures_years(council=council, letters=all_letters),  # 1 query
    )

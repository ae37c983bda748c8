"""Everything the council page reads: the council, every version of its letters with their
figures, each current year against its type's averages (with the corrections in force), the
councils' own complaints reports and service statistics, in a constant number of queries."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from core.periods import METHOD_CHANGE_YEAR, year_label
from core.prepared import prepared
from core.rows import instances, rows_subquery
from councils.models import Council
from councils.selectors.averages import (
    TypeAverage,
    type_averages_from_rows,
    type_averages_subquery,
)
from letters.models import AnnualLetter, Correction, ServiceComplaintStats
from reports.models import CouncilReportYear

# What the page shows of a linked council (a predecessor or successor), and of a
# correction in force (letters/_correction_note.html).
LINKED_FIELDS = ("id", "official_name", "slug", "end_date")
CORRECTION_FIELDS = (
    "id",
    "letter_id",
    "report_year_id",
    "service_row_id",
    "column",
    "old_value",
    "new_value",
    "reason",
    "made_at",
)


@dataclass
class CouncilYear:
    """One year of a council's letter against its type's averages."""

    letter: AnnualLetter
    average: TypeAverage | None
    corrections: dict = field(default_factory=dict)  # column -> Correction in force

    @property
    def year(self) -> int:
        return self.letter.year

    def corrected(self, *columns: str) -> list:
        """The corrections in force of these columns ("corrected ...: was 68%")."""
        return [self.corrections[c] for c in columns if c in self.corrections]

    @property
    def period_label(self) -> str:
        return year_label(self.letter.year)


@dataclass
class OwnFiguresYear:
    """A year of the council's own complaints report beside the Ombudsman's letter."""

    figures: CouncilReportYear
    letter: AnnualLetter | None

    @property
    def corrections(self) -> dict:
        """column -> the Correction in force on it ("corrected ...: was 1,050")."""
        return {c.column: c for c in self.figures.corrections_in_force}

    @property
    def period_label(self) -> str:
        return year_label(self.figures.period_end.year)


def own_figures_years(*, council: Council, letters: list[AnnualLetter]) -> list[OwnFiguresYear]:
    """Each year the council's reports cover, from the newest current report that covers
    it (CouncilReportYear.objects.current()), with its corrections in force and the
    Ombudsman's letter for the same year (one query)."""
    rows = (
        CouncilReportYear.objects.current()
        .filter(council=council)
        .select_related("report")
        .defer("report__parsed", "report__extracted_text")
        .annotate(corrections_json=_corrections_of("report_year"))
        .order_by("-period_end")
    )
    for row in rows:
        row.corrections_in_force = instances(Correction, row.corrections_json)
    letters_by_end = {letter.period_end: letter for letter in letters if letter.is_current}
    return [OwnFiguresYear(figures=row, letter=letters_by_end.get(row.period_end)) for row in rows]


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


def _corrections_of(owner: str):
    """The corrections in force of each row (``owner``: "letter" or "report_year"), read
    inside the row's own query."""
    return rows_subquery(
        Correction.objects.in_force().filter(**{owner: OuterRef("pk")}).order_by("pk"),
        *CORRECTION_FIELDS,
    )


def _linked(name: str):
    related = Council.objects.filter(**{name: OuterRef("pk")})  # in the register's order
    return rows_subquery(related, *LINKED_FIELDS)


def _prefetched(council: Council, name: str, rows: list[Council]) -> None:
    """Give `council.<name>.all()` these rows, as prefetch_related would have."""
    queryset = getattr(council, name).all()
    queryset._result_cache, queryset._prefetch_done = rows, True
    council._prefetched_objects_cache[name] = queryset


# Every column of a service row (a deferred one would cost a query each when read).
SERVICE_FIELDS = tuple(f.name for f in ServiceComplaintStats._meta.concrete_fields)


@prepared
def _council(*, slug: str):
    return Council.objects.annotate(
        successors_json=_linked("predecessors"),
        predecessors_json=_linked("successors"),
        type_averages_json=type_averages_subquery(authority_type=OuterRef("authority_type")),
        has_own_figures=Exists(CouncilReportYear.objects.filter(council=OuterRef("pk"))),
        service_stats_json=rows_subquery(
            ServiceComplaintStats.objects.current()
            .filter(council=OuterRef("pk"))
            .order_by("-period_end", "source", "service"),
            *SERVICE_FIELDS,
        ),
    ).filter(slug=slug)


@prepared
def _letters(*, council_id: int):
    return (
        AnnualLetter.objects.published()
        .filter(council_id=council_id)
        .with_figures()
        .defer("extracted_text", "warnings")
        .annotate(corrections_json=_corrections_of("letter"))
        .order_by("-period_end", "-is_current", "-uploaded_at")
    )


def council_for_page(*, slug: str) -> Council:
    """The council with its predecessors and successors (``council.successors.all()``
    reads no more), its type's averages for every year (``council.type_averages``),
    whether any report of its own gave figures (``has_own_figures``) and its current
    service rows (``service_stats_json``, for ``instances``), in one query."""
    found = _council(slug=slug)
    if not found:
        raise Council.DoesNotExist(f"No council has the slug {slug!r}.")
    council = found[0]
    council._prefetched_objects_cache = {}
    for name in ("successors", "predecessors"):
        _prefetched(council, name, instances(Council, getattr(council, f"{name}_json")))
    council.type_averages = type_averages_from_rows(council.type_averages_json)
    return council


def council_page(*, slug: str) -> CouncilPage:
    """Everything the council page shows, in two queries (three where the council's own
    reports gave figures): the council (with its links, its type's averages and its
    service rows), its letters (with their corrections), its reports' years (with theirs).
    The first two are compiled once per process (core.prepared)."""
    council = council_for_page(slug=slug)
    all_letters = _letters(council_id=council.pk)
    current = [letter for letter in all_letters if letter.is_current]
    averages = {average.year: average for average in council.type_averages}
    years = [
        CouncilYear(
            letter=letter,
            average=averages.get(letter.year),
            corrections={c.column: c for c in instances(Correction, letter.corrections_json)},
        )
        for letter in current
    ]
    warnings = []
    for year in years:
        if year.average:
            warnings.extend(year.average.disagreements)
    own_years = []
    if council.has_own_figures:
        own_years = own_figures_years(council=council, letters=all_letters)
    return CouncilPage(
        council=council,
        years=years,
        letters=all_letters,
        service_stats=instances(ServiceComplaintStats, council.service_stats_json),
        warnings=warnings,
        own_years=own_years,
    )

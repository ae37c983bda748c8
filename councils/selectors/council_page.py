"""Everything the council page reads: the council, every version of its letters with their
figures, each current year against its type's averages (with the corrections in force), the
councils' own complaints reports and service statistics, in a constant number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from core.periods import METHOD_CHANGE_YEAR, year_label
from councils.models import Council
from councils.selectors.averages import TypeAverage, average_lookup, type_averages
from letters.models import AnnualLetter, Correction, ServiceComplaintStats
from letters.selectors import corrections_by_letter
from reports.models import CouncilReportYear


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
    Ombudsman's letter for the same year (two queries, one if there are none)."""
    rows = (
        CouncilReportYear.objects.current()
        .filter(council=council)
        .select_related("report")
        .defer("report__parsed", "report__extracted_text")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=Correction.objects.in_force(),
                to_attr="corrections_in_force",
            )
        )
        .order_by("-period_end")
    )
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


def council_for_page(*, slug: str) -> Council:
    related = Council.objects.only("official_name", "slug", "end_date")
    return Council.objects.prefetch_related(
        Prefetch("successors", queryset=related), Prefetch("predecessors", queryset=related)
    ).get(slug=slug)


def council_page(*, slug: str) -> CouncilPage:
    """Everything the council page shows, in a constant number of queries (seven, and one
    for the corrections of the council's own figures where it has any)."""
    council = council_for_page(slug=slug)  # 3 queries
    all_letters = list(
        AnnualLetter.objects.published()
        .filter(council=council)
        .with_figures()
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
        ServiceComplaintStats.objects.current()
        .filter(council=council)
        .order_by("-period_end", "source", "service")
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
        own_years=own_figures_years(council=council, letters=all_letters),  # 1 or 2 queries
    )

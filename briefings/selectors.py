"""What a council's committee briefing reads: the council page's figures
(councils.selectors.council_page), the three years pooled (councils.selectors.pooled),
the corrections in force on what it shows, and what the Ombudsman said
(search.selectors.ombudsman_said). Only current, published letters and reports: a withdrawn
one is in none of them."""

from dataclasses import dataclass

from django.db.models import Q

from councils.selectors.council_page import CouncilPage, CouncilYear, council_page
from councils.selectors.pooled import PooledRates, council_pooled_rates
from letters.models import Correction, ServiceComplaintStats
from search.selectors import YearSaid, ombudsman_said

TABLE_YEARS = 5  # the years of the year-by-year table, newest first


@dataclass
class Briefing:
    page: CouncilPage
    pooled: PooledRates | None
    said: list[YearSaid]  # newest first, the table's years only
    corrections: list[Correction]  # in force, on what the briefing shows, oldest first

    @property
    def council(self):
        return self.page.council

    @property
    def latest(self) -> CouncilYear | None:
        return self.page.years[0] if self.page.years else None

    @property
    def table_years(self) -> list[CouncilYear]:
        return self.page.years[:TABLE_YEARS]

    def service_tables(self) -> list[tuple[str, list[ServiceComplaintStats]]]:
        """The newest year's service rows of each source (the letter's, the council's own
        report's): [(source label, rows)]."""
        tables = []
        for source in ServiceComplaintStats.Source:
            rows = [row for row in self.page.service_stats if row.source == source]
            if rows:
                newest = rows[0].period_end  # newest first
                tables.append((source.label, [row for row in rows if row.period_end == newest]))
        return tables


def briefing_corrections(page: CouncilPage) -> list[Correction]:
    """The corrections in force on the briefing's letters, the council's own figures and
    service rows, oldest first (one query)."""
    letters = [year.letter.pk for year in page.years[:TABLE_YEARS]]
    report_years = [year.figures.pk for year in page.own_years]
    rows = [row.pk for row in page.service_stats]
    if not (letters or report_years or rows):
        return []
    return list(
        Correction.objects.in_force()
        .filter(
            Q(letter_id__in=letters)
            | Q(report_year_id__in=report_years)
            | Q(service_row_id__in=rows)
        )
        .select_related("report_year", "service_row")
        .order_by("made_at", "pk")
    )


def council_briefing(*, slug: str) -> Briefing:
    """Everything the briefing shows. Raises Council.DoesNotExist for an unknown slug."""
    page = council_page(slug=slug)
    latest = page.years[0].letter if page.years else None
    years = {year.year for year in page.years[:TABLE_YEARS]}
    return Briefing(
        page=page,
        pooled=council_pooled_rates(council=page.council, latest_letter=latest),
        said=[said for said in ombudsman_said(page.council) if said.year in years],
        corrections=briefing_corrections(page),
    )

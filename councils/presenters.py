"""What the council pages draw from what the selectors read: the measures' rows (the home
page's averages, each year of the council page), the council page's trend and service-mix
charts, the compare page's distribution chart, and the letters whose stated average
differs from the rest of their type's.

The rows follow councils.measures.MEASURES and carry every figure as written, so the
templates loop over them and name no measure."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from core.formatting import long_date
from core.markup import escape
from core.periods import year_label
from councils import charts, table_rows
from councils.measures import HEADLINE, MEASURES, SMALL_BASE, Measure
from councils.models import council_paths
from councils.selectors.averages import STATED_TOLERANCE, TypeAverage
from councils.selectors.council_page import CouncilPage, CouncilYear

# The home page's averages by type of council ---------------------------------------------


@dataclass(frozen=True)
class AverageCell:
    value: str
    note: str = ""  # in brackets after the value: "9 of 15"


@dataclass(frozen=True)
class TypeAverageRow:
    slug: str  # the type
    label: str  # "District Council"
    average: TypeAverage | None  # its latest year's, None without letters
    cells: list[AverageCell]  # under TypeAverages.headings


@dataclass(frozen=True)
class TypeAverages:
    headings: list[str]  # the figures' columns, after the type and the year
    rows: list[TypeAverageRow]

    @property
    def colspan(self) -> int:
        """The columns a row without letters spans: the year and the figures."""
        return 1 + len(self.headings)


def _home_measures() -> list[Measure]:
    return [m for m in MEASURES if m.on_home and m is not HEADLINE]


def type_averages_table(latest: list[tuple[str, str, TypeAverage | None]]) -> TypeAverages:
    """The home page's table from latest_type_averages(): the headline measure's pooled
    average (with its totals) and mean, how many councils, then the pooled average of each
    other measure shown on the home page."""
    headings = [
        f"{HEADLINE.short_label} (pooled)",
        f"{HEADLINE.short_label} (mean of councils)",
        "Councils",
        *(f"{measure.short_label} (pooled)" for measure in _home_measures()),
    ]
    rows = []
    for slug, label, average in latest:
        cells = []
        if average is not None:
            totals = average.totals(HEADLINE)
            cells = [
                AverageCell(
                    HEADLINE.write_average(average.pooled(HEADLINE)),
                    f"{totals[0]} of {totals[1]}" if totals else "",
                ),
                AverageCell(HEADLINE.write_average(average.mean(HEADLINE))),
                AverageCell(str(average.letters)),
                *(
                    AverageCell(measure.write_average(average.pooled(measure)))
                    for measure in _home_measures()
                ),
            ]
        rows.append(TypeAverageRow(slug=slug, label=label, average=average, cells=cells))
    return TypeAverages(headings=headings, rows=rows)


def council_links(councils: list[tuple[str, str]]) -> SafeString:
    """A list's items linking each (official name, slug) by its name (the home page lists
    every council: built here, not in a template loop of 400 items)."""
    path = council_paths()
    return mark_safe(  # noqa: S308 - the only text, the name, escaped; a slug needs none
        "".join(
            f'<li><a class="govuk-link" href="{path(slug)}">{escape(name)}</a></li>'
            for name, slug in councils
        )
    )


def council_options(records, *, selected: str | None) -> SafeString:
    """The compare page's "Pick out a council": an option per letter's council, by short
    name, the highlighted one selected."""
    return mark_safe(  # noqa: S308 - the slug and name escaped
        "".join(
            f'<option value="{escape(r.council.slug)}"'
            f"{' selected' if r.council.slug == selected else ''}>"
            f"{escape(r.council.short_name)}</option>"
            for r in records
        )
    )


# The council page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureRow:
    """One measure in one year of the council page, each cell as written."""

    label: str
    value: str  # the council's figure: "70%, 21 of 30"
    caution: str  # "Caution: fewer than 10 investigations", or ""
    corrections: list  # Corrections in force of the columns the figure rests on
    stated: str  # the average the letter states
    stated_corrections: list
    pooled: str  # the type's pooled average computed here
    pooled_note: str  # under it: "9 of 15", "using 2020 populations", or ""
    mean: str  # the mean of the councils' own figures
    councils: str  # "3 councils"
    difference: str  # "+5.0 points", "+4.6 per 100,000 from the mean"


def _count(letter, name: str):
    return getattr(letter, name) if name else None


def measure_rows(year: CouncilYear) -> list[MeasureRow]:
    """Each measure of a council's year against its type's averages, in MEASURES order."""
    letter, average = year.letter, year.average
    rows = []
    for measure in MEASURES:
        value = getattr(letter, measure.rate)
        base = _count(letter, measure.base)
        small = base is not None and 0 < base < SMALL_BASE
        pooled = average.pooled(measure) if average else None
        mean = average.mean(measure) if average else None
        totals = average.totals(measure) if average else None
        councils = average.councils(measure) if average else 0
        rows.append(
            MeasureRow(
                label=measure.row_label,
                value=measure.write(value, _count(letter, measure.numerator), base),
                caution=f"Caution: fewer than {SMALL_BASE} {measure.base_noun}" if small else "",
                corrections=year.corrected(*measure.corrections),
                stated=measure.write_stated(getattr(letter, measure.stated_average)),
                stated_corrections=year.corrected(measure.stated_average),
                pooled=measure.write_average(pooled),
                pooled_note=f"{totals[0]} of {totals[1]}" if totals else measure.pooled_note,
                mean=measure.write_average(mean),
                councils=f"{councils} council{'' if councils == 1 else 's'}",
                difference=measure.write_difference(
                    value, pooled if measure.compared_with == "pooled" else mean
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class YearCard:
    """One year of the council page's "Year by year": its letter and type average, what the
    card writes of them, and its table's rows (a measure each) as HTML."""

    year: CouncilYear
    dates: str  # "1 April 2023 to 31 March 2024"
    rows_html: SafeString  # table_rows.year_rows
    compare_url: str  # the type's compare page of that year, this council highlighted


def year_cards(page: CouncilPage) -> list[YearCard]:
    """Each year of the council page, newest first."""
    council = page.council
    highlight = f"?highlight={quote(council.slug)}"
    cards = []
    for year in page.years:
        letter = year.letter
        cards.append(
            YearCard(
                year=year,
                dates=f"{long_date(letter.period_start)} to {long_date(letter.period_end)}",
                rows_html=table_rows.year_rows(measure_rows(year), council_name=council.short_name),
                compare_url=reverse("councils:compare", args=[council.authority_type, year.year])
                + highlight,
            )
        )
    return cards


@dataclass(frozen=True)
class ServiceTable:
    """One table of the council page's complaints by service: a year of one source."""

    period_end: date
    source: str  # "Council's own annual complaints report"
    rows_html: SafeString  # table_rows.service_rows


def service_tables(stats) -> list[ServiceTable]:
    """The council's complaints by service (newest year first, then by source, as read), a
    table for each year of each source."""
    tables = []
    for (period_end, source), rows in groupby(
        stats, key=lambda row: (row.period_end, row.get_source_display())
    ):
        tables.append(ServiceTable(period_end, source, table_rows.service_rows(list(rows))))
    return tables


def council_page_charts(page, *, type_label: str) -> dict:
    """The council page's charts (``trend_charts``, one per measure; ``service_mix``) and
    whether any year has more than one version of its letter (``has_versions``)."""
    versions = Counter((letter.period_start, letter.period_end) for letter in page.letters)
    service_mix = None
    latest_own = [row for row in page.service_stats if row.source == "council-report"]
    if latest_own:
        newest = latest_own[0].period_end  # stats come newest first
        service_mix = charts.service_mix_chart(
            [
                charts.ServiceShare(row.service, row.complaints or 0)
                for row in latest_own
                if row.period_end == newest
            ],
            year_label=year_label(newest.year),
        )
    return {
        "trend_charts": charts.trend_charts(page, type_label=type_label),
        "service_mix": service_mix,
        "has_versions": any(count > 1 for count in versions.values()),
    }


def odd_stated_averages(records) -> tuple[list, float | None]:
    """The letters whose stated uphold average differs (beyond rounding) from the one most
    letters of the type state that year, and that usual average."""
    stated = Counter(
        float(r.upheld_average_percent) for r in records if r.upheld_average_percent is not None
    )
    odd_letters = []
    if len(stated) > 1:
        usual = stated.most_common(1)[0][0]
        odd_letters = [
            r
            for r in records
            if r.upheld_average_percent is not None
            and abs(float(r.upheld_average_percent) - usual) > STATED_TOLERANCE
        ]
    return odd_letters, stated.most_common(1)[0][0] if stated else None


def uphold_distribution_chart(records, *, average: float | None, highlight: str | None) -> str:
    return charts.distribution_chart(
        [
            charts.DistributionPoint(
                slug=r.council.slug, name=r.council.short_name, rate=r.uphold_rate
            )
            for r in records
            if r.uphold_rate is not None
        ],
        average=average,
        highlight=highlight,
    )

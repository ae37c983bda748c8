"""What the council pages draw from what the selectors read: the council page's trend and
service-mix charts, the compare page's distribution chart, and the letters whose stated
average differs from the rest of their type's."""

from collections import Counter

from core.periods import year_label
from councils import charts
from councils.selectors.averages import STATED_TOLERANCE


def council_page_charts(page, *, type_label: str) -> dict:
    """The council page's charts (``chart``, ``service_mix``) and whether any year has
    more than one version of its letter (``has_versions``)."""
    council = page.council
    chart = charts.trend_chart(
        [
            charts.TrendPoint(
                year=year.year,
                council=year.letter.uphold_rate,
                average=year.average.uphold_pooled if year.average else None,
            )
            for year in page.years
        ],
        council_name=council.short_name,
        average_label=f"{type_label} average (pooled)",
    )
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
        "chart": chart,
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

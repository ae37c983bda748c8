"""Settling figures the report states more than once, and the warnings for figures that do
not agree with each other."""

from __future__ import annotations

from collections import defaultdict

from .reader import FIELD_NAMES, ReportReader, format_figure
from .result import ServiceYear


def resolve_figures(reader: ReportReader) -> None:
    """Each figure observed more than once keeps its first statement (the summary text,
    then tables, then charts); each disagreement becomes a warning."""
    for (year, name), seen in reader.observed.items():
        target = reader.year(year)
        seen = sorted(seen, key=lambda item: _statement_rank(item[1]))
        value = seen[0][0]
        setattr(target, name, value)
        distinct: dict = {}
        for v, where in seen:
            places = distinct.setdefault(v, [])
            if where not in places:
                places.append(where)
        if len(distinct) > 1:
            told = "; ".join(
                f"{format_figure(v)} in {', '.join(places)}" for v, places in distinct.items()
            )
            reader.warn(
                f"{year}: the report gives different figures for "
                f"{FIELD_NAMES.get(name, name)}: {told}. {format_figure(value)} was kept"
            )


def check_consistency(reader: ReportReader) -> None:
    """Warnings for figures that do not add up: stages against the total, services against
    the council-wide figures, a service's table twice, and tables copied between services."""
    report = reader.report
    for fig in reader.years.values():
        parts = (fig.stage_1, fig.stage_2, fig.independent_investigator)
        if fig.total_complaints is not None and None not in parts:  # noqa: SIM102
            if sum(parts) != fig.total_complaints:
                reader.warn(
                    f"{fig.year}: stage 1, stage 2 and independent investigator complaints "
                    f"add up to {sum(parts)}, but the total given is {fig.total_complaints}"
                )
        if (
            fig.total_complaints
            and fig.stage_1 is not None
            and fig.resolved_at_stage_1_percent is not None
        ):
            share = 100 * fig.stage_1 / fig.total_complaints
            if abs(share - fig.resolved_at_stage_1_percent) > 1:
                reader.warn(
                    f"{fig.year}: {fig.stage_1} of {fig.total_complaints} complaints is "
                    f"{share:.0f}% at stage 1, but the report says "
                    f"{format_figure(fig.resolved_at_stage_1_percent)}%"
                )
        rows = [s for s in report.services if s.year == fig.year]
        for name, total in (
            ("complaints", fig.total_complaints),
            ("stage_2", fig.stage_2),
            ("independent_investigator", fig.independent_investigator),
            ("compliments", fig.compliments),
        ):
            values = [getattr(s, name) for s in rows if getattr(s, name) is not None]
            if total is not None and values and sum(values) > total:
                what = "complaints" if name == "complaints" else name.replace("_", " ")
                reader.warn(
                    f"{fig.year}: the service figures for {what} add up to {sum(values)}, "
                    f"more than the council-wide figure of {total}"
                )
    # the same service and year twice, or rows copied from another service's table
    by_service: dict[str, dict[str, ServiceYear]] = defaultdict(dict)
    for s in report.services:
        if s.year in by_service[s.service]:
            reader.warn(f"{s.service}, {s.year}: the report has two tables for this service")
        by_service[s.service][s.year] = s
    names = [
        name
        for name, years in by_service.items()
        if any(row.source == "table" for row in years.values())
    ]
    for a_index, a in enumerate(names):
        for b in names[a_index + 1 :]:
            same = [
                y
                for y, row in by_service[b].items()
                if y in by_service[a]
                and row.figures() == by_service[a][y].figures()
                and sum(v or 0 for v in row.figures()) > 0
            ]
            if same:
                reader.warn(
                    f"The figures for {b} in {', '.join(same)} are identical to those for "
                    f"{a}; they may have been copied by mistake (check the original report)"
                )
    labels: dict[str, str] = {}
    for s in report.services:
        if s.table_label and s.source == "table":
            other = labels.setdefault(s.table_label, s.service)
            if other != s.service and s.year == report.services[0].year:
                reader.warn(
                    f'The table under "{s.service}" is labelled "{s.table_label}", like '
                    f'the table under "{other}"; its figures were recorded for {s.service}'
                )


def _statement_rank(where: str) -> int:
    """Which statement of a figure is kept: the text first, then tables, then charts."""
    if where.startswith("the chart"):
        return 2
    if where.startswith("the table"):
        return 1
    return 0

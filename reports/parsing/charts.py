"""The data behind the report's charts (tab-separated lines): complaints by stage, and
complaints by service compared with the service tables."""

from __future__ import annotations

import re

from letters.parsing.text import to_number

from .reader import NUMBER, ReportReader, format_figure, whole_number
from .tables import match_service


def chart_rows(reader: ReportReader) -> list[tuple[int, list[str], list]]:
    """(line index, labels, values) of every chart-data line (tab-separated)."""
    out = []
    for index, line in enumerate(reader.raw_lines):
        if line.count("\t") < 2:
            continue
        cells = [c.strip() for c in line.split("\t")]
        cells = [c for c in cells if c]
        joined: list[str] = []
        k = 0
        while k < len(cells):
            if cells[k] == "&" and joined and k + 1 < len(cells):
                joined[-1] = f"{joined[-1]} & {cells[k + 1]}"
                k += 2
                continue
            joined.append(cells[k])
            k += 1
        split = len(joined)
        while split and re.fullmatch(r"-?\d[\d,]*(?:\.\d+)?", joined[split - 1]):
            split -= 1
        labels, values = joined[:split], [to_number(v) for v in joined[split:]]
        if values and len(labels) == len(values) + 1:
            labels = labels[1:]  # the series name ("Series 1", "Sales")
        if values and len(labels) == len(values):
            out.append((index, labels, values))
    return out


def read_charts(reader: ReportReader, y: str | None) -> None:
    """The chart of complaints by stage (observed for year ``y``) and the chart of
    complaints by service (compared with the tables). The charts are taken to show the
    report's own year, as their figures do in the reports seen."""
    if y is None:
        return
    charts = chart_rows(reader)
    stage_names = {
        "stage_1": r"stage (?:1|one)",
        "stage_2": r"stage (?:2|two)",
        "independent_investigator": r"stage (?:3|three)|ici|independent",
        "ombudsman": r"lgo|lgsco|ombudsman",
    }
    where = "the chart data (complaints by stage)"
    for _, labels, values in charts:
        names = [
            next((n for n, p in stage_names.items() if re.fullmatch(p, lab, re.I)), None)
            for lab in labels
        ]
        if all(names) and "stage_1" in names:
            for name, value in zip(names, values, strict=True):
                reader.observe(y, name, value, where)
            break
    else:  # a PDF's text layer: the chart's cells run together on one line
        m = re.search(
            rf"Stage 1 Stage 2 (?:Stage 3|ICI) (?:LGO|LGSCO|Ombudsman) "
            rf"({NUMBER}) ({NUMBER}) ({NUMBER}) ({NUMBER})\b",
            reader.flat,
        )
        if m:
            for name, value in zip(stage_names, m.groups(), strict=True):
                reader.observe(y, name, whole_number(value), where)
    caption = next(
        (
            i
            for i, line in enumerate(reader.raw_lines)
            if re.match(r"\s*Fig(?:ure)?\.?\s*\d+\.?\s+Complaints by Service", line, re.I)
        ),
        None,
    )
    if caption is None:
        return
    rows = [s for s in reader.report.services if s.year == y and s.source == "table"]
    chart = next(
        (
            c
            for c in charts
            if c[0] > caption and sum(match_service(lab, rows) is not None for lab in c[1]) >= 2
        ),
        None,
    )
    if chart is None:
        return
    _, labels, values = chart
    for label, value in zip(labels, values, strict=True):
        match = match_service(label, rows)
        if match is None:
            reader.warn(
                f'The chart of complaints by service gives {format_figure(value)} for "{label}" in '
                f"{y}, but no service table matches that name, so it was not compared"
            )
        elif match.complaints is not None and match.complaints != value:
            reader.warn(
                f"{match.service}, {y}: the table gives {match.complaints} complaints but "
                f'the chart of complaints by service gives {format_figure(value)} (as "{label}")'
            )

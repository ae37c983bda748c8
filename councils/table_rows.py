"""The public pages' repeated rows as HTML, built here rather than in template loops.

A council page with twelve years draws a row per measure for each year and a row per year
under each measure's chart: some 150 rows and 600 cells. Rendered by template loops they
took more time than the rest of the page together (bench/pages.py, issue 13); built here
each cell is one escaped string (core.markup.escape: safe HTML as it is, as a template
would). The tables' captions and headings stay in the templates, which include these rows
whole. The tables are `.app-cells` (frontend/_cells.scss): their cells take GOV.UK's cell
style from the table, a numeric cell carries only `.app-num`, rather than a class list on
each of 600 cells. The home page's averages and latest letters are built here too: with its
400 council links (presenters.council_links) they are most of what it renders."""

from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core.formatting import long_date
from core.markup import escape
from councils.models import council_paths

NUMERIC = "app-num"


def _notes(corrections: list) -> str:
    """Corrected figures' notes, each after a line break, as letters/_correction_note.html
    writes them (corrections are few: the template keeps their one home)."""
    return "".join(
        "<br>"
        + render_to_string(
            "letters/_correction_note.html", {"correction": correction, "show_label": True}
        )
        for correction in corrections
    )


def year_rows(rows: list, *, council_name: str) -> SafeString:
    """The body of one year's table on the council page (councils/_card_years.html), from
    presenters.measure_rows: a row per measure, the council's figure, the stated average,
    the pooled and mean averages computed here and the difference."""
    name = escape(council_name)
    out = []
    for row in rows:
        caution, note = row.caution, row.pooled_note
        caution = f'<br><span class="app-caution">{escape(caution)}</span>' if caution else ""
        pooled_note = f'<br><span class="govuk-body-s">{escape(note)}</span>' if note else ""
        out.append(
            "<tr>"
            f'<th scope="row">{escape(row.label)}</th>'
            f'<td class="{NUMERIC}" data-label="{name}">{escape(row.value)}{caution}'
            f"{_notes(row.corrections)}</td>"
            f'<td class="{NUMERIC}" data-label="Average the letter states">{escape(row.stated)}'
            f"{_notes(row.stated_corrections)}</td>"
            f'<td class="{NUMERIC}" data-label="Average computed here (pooled)">'
            f"{escape(row.pooled)}{pooled_note}</td>"
            f'<td class="{NUMERIC}" data-label="Mean of councils">{escape(row.mean)}'
            f'<br><span class="govuk-body-s">{escape(row.councils)}</span></td>'
            f'<td class="{NUMERIC}" data-label="Difference from pooled">'
            f"{escape(row.difference)}</td>"
            "</tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


def trend_rows(chart) -> SafeString:
    """The body of the table under one measure's trend chart (councils/_trend_charts.html),
    from a charts.TrendChart: a row per year, the council's figure, the stated average and
    the average computed here."""
    name = escape(chart.council_name)
    out = []
    for year in chart.years:
        note = (
            f' <span class="app-trend-table__note">({escape(year.computed_note)})</span>'
            if year.computed_note
            else ""
        )
        out.append(
            "<tr>"
            f'<th scope="row">{escape(year.label)}</th>'
            f'<td data-label="{name}">{escape(year.written)}</td>'
            f'<td data-label="Stated average">{escape(year.stated_written)}</td>'
            f'<td data-label="Computed here">{escape(year.computed_written)}{note}</td>'
            "</tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


def _count(value) -> str:
    return "–" if value is None else str(value)


def _whole_percent(value) -> str:
    """As the template's ``floatformat:0`` wrote it: half away from nought."""
    if value is None:
        return "–"
    return f"{Decimal(value).quantize(Decimal(1), ROUND_HALF_UP)}%"


def service_rows(rows: list) -> SafeString:
    """The body of one table of complaints by service (councils/_card_services.html): a
    row per service, its complaints, those at stage 2 and the share answered in target."""
    out = []
    for row in rows:
        out.append(
            "<tr>"
            f'<th scope="row">{escape(row.service)}</th>'
            f'<td class="{NUMERIC}" data-label="Complaints">{_count(row.complaints)}</td>'
            f'<td class="{NUMERIC}" data-label="Stage 2">{_count(row.stage_2)}</td>'
            f'<td class="{NUMERIC}" data-label="Answered in target">'
            f"{_whole_percent(row.in_target_percent)}</td>"
            "</tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - the only text, the service, escaped


def letter_rows(letters: list) -> SafeString:
    """The body of the council page's table of its letters (councils/_card_letters.html): a
    row per letter, current or superseded, when it was added, and its two links."""
    out = []
    for letter in letters:
        label = escape(letter.period_label)
        superseded = "" if letter.is_current else " (superseded)"
        version = (
            "Current"
            if letter.is_current
            else '<strong class="govuk-tag govuk-tag--grey">Superseded</strong>'
        )
        added = long_date(timezone.localtime(letter.uploaded_at))
        hidden = f'<span class="govuk-visually-hidden"> for {label}{superseded}</span>'
        out.append(
            "<tr>"
            f'<th scope="row">{label}</th>'
            f'<td>{version} <span class="govuk-body-s">added {added}</span></td>'
            "<td>"
            f'<a class="govuk-link" href="{reverse("letters:letter-detail", args=[letter.pk])}">'
            f"Figures and extracted text{hidden}</a>, "
            f'<a class="govuk-link" href="{reverse("letters:letter-original", args=[letter.pk])}">'
            f"download the original{hidden}</a></td>"
            "</tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - the only text, the period label, escaped


def type_average_rows(averages) -> SafeString:
    """The body of the home page's averages by type of council (presenters.TypeAverages): a
    row per type, linked to its latest year's comparison, that year and its figures."""
    out = []
    for row in averages.rows:
        label = f"{escape(row.label)}s"
        if row.average is None:
            out.append(
                f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
                f'{label}</th><td class="govuk-table__cell" colspan="{averages.colspan}">'
                "No letters yet</td></tr>"
            )
            continue
        compare = reverse("councils:compare", args=[row.slug, row.average.year])
        cells = "".join(
            f'<td class="govuk-table__cell govuk-table__cell--numeric" '
            f'data-label="{escape(heading)}">{escape(cell.value)}'
            + (f' <span class="govuk-body-s">({escape(cell.note)})</span>' if cell.note else "")
            + "</td>"
            for heading, cell in zip(averages.headings, row.cells, strict=True)
        )
        out.append(
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f'<a class="govuk-link" href="{compare}">{label}</a></th>'
            '<td class="govuk-table__cell app-nowrap" data-label="Year">'
            f"{escape(row.average.period_label)}</td>{cells}</tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


def latest_letter_items(letters: list) -> SafeString:
    """The home page's letters added most recently (selectors.listings.latest_letters), a
    list item each: its council linked, its year and the day it was added."""
    path = council_paths()
    return mark_safe(  # noqa: S308 - the name and the labels escaped; a slug needs none
        "".join(
            f'<li><a class="govuk-link" href="{path(letter.council_slug)}">'
            f"{escape(letter.council_name)}</a>, {escape(letter.period_label)} "
            f'<span class="govuk-body-s">(added '
            f"{long_date(timezone.localtime(letter.uploaded_at))})</span></li>"
            for letter in letters
        )
    )

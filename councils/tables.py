"""django-tables2 tables for /councils/ and /compare/<type>/<year>/.

Every column sorts in SQL with missing values last in both directions, then by council
name, so pages of a sorted table never overlap. Hidden columns carry the raw counts into
the CSV/JSON exports, which are built from the same table (`export_rows`)."""

from operator import attrgetter

import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import formatting
from core.markup import escape
from core.periods import year_label
from councils.measures import COMPLIANCE, PER_100K_RESIDENTS, REMEDY, UPHOLD


def table_attrs(*, reflow: str) -> dict:
    """A sortable table that reflows into cards where its wrapper is narrower than `reflow`
    (one of the widths in frontend/_narrow.scss). Its body cells take GOV.UK's cell style
    from `.app-cells` (frontend/_cells.scss) rather than a class list on each of a page's
    thousand cells."""
    return {
        "class": "govuk-table app-data-table app-cells app-reflow app-reflow--sortable"
        f" app-reflow--{reflow}",
        "thead": {"class": "govuk-table__head"},
        "tbody": {"class": "govuk-table__body"},
        "th": {"class": "govuk-table__header", "scope": "col"},
    }


NUMERIC_ATTRS = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric", "scope": "col"},
    "td": {"class": "app-num"},
}


class NullsLastColumn(tables.Column):
    """A column sorted by SQL expressions with NULLs last whichever way it is sorted."""

    def __init__(self, *args, sort: tuple[str, ...], tiebreak: tuple[str, ...], **kwargs):
        self.sort_fields = sort
        self.tiebreak = tiebreak
        kwargs.setdefault("order_by", sort)
        super().__init__(*args, **kwargs)

    def order(self, queryset, is_descending):
        keys = [
            F(name).desc(nulls_last=True) if is_descending else F(name).asc(nulls_last=True)
            for name in self.sort_fields
        ]
        return queryset.order_by(*keys, *self.tiebreak), True


def column_factory(tiebreak: tuple[str, ...]):
    def column(verbose_name: str, *, sort: str | tuple[str, ...], numeric=False, **kwargs):
        sort = (sort,) if isinstance(sort, str) else sort
        if numeric:
            kwargs.setdefault("attrs", NUMERIC_ATTRS)
        return NullsLastColumn(verbose_name=verbose_name, sort=sort, tiebreak=tiebreak, **kwargs)

    return column


def _f(value):
    return None if value is None else float(value)


ROW_HEADER = "govuk-table__cell"


def _getter(accessor):
    """A column's value from a record: its attributes' path read directly, and only where
    that fails (a dict, a missing link) or reads a method django-tables2's general
    ``Accessor.resolve``, which costs ten times more for each of a page's thousand cells."""
    read = attrgetter(".".join(accessor.bits))

    def value_of(record):
        try:
            value = read(record)
        except (AttributeError, TypeError):
            return accessor.resolve(record, quiet=True)
        # A method is called by resolve (as a template would); a figure is returned as read.
        return accessor.resolve(record, quiet=True) if callable(value) else value

    return value_of


class FigureRenderers:
    """Cell renderers shared by both tables (each rate with its count), and a fast path
    that renders a page of rows straight to HTML: django-tables2's per-cell machinery
    (signature inspection for every cell) costs more than the rest of the page."""

    def html_rows(self):
        columns = []
        for column in self.columns:  # visible columns only
            td = column.attrs.get("td", {})
            css = td.get("class", "")
            secondary = self.card_columns and column.name not in self.card_columns
            if secondary:
                css = f"{css} app-reflow__secondary".strip()
            label = format_html(' data-label="{}"', column.header)
            columns.append(
                (
                    _getter(column.accessor),
                    getattr(self, f"render_{column.name}", None),
                    format_html(' class="{}"{}', css, label) if css else label,
                    column.name == self.row_header,
                )
            )
        rows = self.paginated_rows if getattr(self, "page", None) else self.rows
        out = []
        for row in rows:
            record = row.record
            cells = []
            for value_of, render, td_attrs, is_header in columns:
                value = value_of(record)
                if render is not None:
                    value = render(value=value, record=record)
                elif value is None or value == "":
                    value = "–"
                value = escape(value)
                if is_header:
                    cells.append(f'<th scope="row" class="{ROW_HEADER}"{td_attrs}>{value}</th>')
                else:
                    cells.append(f"<td{td_attrs}>{value}</td>")
            if self.card_columns:
                cells.append(self.more_cell(record))
            out.append(f'<tr class="{escape(self.row_class(record))}">{"".join(cells)}</tr>')
        if not out:
            return format_html(
                '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{}">{}</td>'
                "</tr>",
                len(columns),
                self.empty_text,
            )
        return mark_safe("".join(out))  # noqa: S308 - every part built by format_html

    # On a narrow screen each row is a card of these columns; the rest are one tap away: the
    # row's last cell, only the cards show, holds a disclosure whose opening shows the row's
    # own secondary cells (frontend/_narrow.scss), so no figure is written twice.
    card_columns: tuple[str, ...] = ()

    # Built with plain strings: format_html for every row cost more than the rest of the row.
    MORE_CELL = (
        '<td class="app-reflow__more"><details class="govuk-details">'
        '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        'More figures<span class="govuk-visually-hidden"> for {}</span></span></summary>'
        "</details></td>"
    )

    def more_cell(self, record) -> str:
        return self.MORE_CELL.format(escape(self.row_name(record)))

    def row_name(self, record) -> str:
        return record.short_name

    row_header = "council"

    def row_class(self, record) -> str:
        return "govuk-table__row"

    def value_uphold_rate(self, value, record=None):
        return formatting.raw(value)

    def render_type_average(self, value, record=None):
        return formatting.average(_f(value))

    def value_type_average(self, value, record=None):
        return formatting.raw(value)

    def render_difference(self, value, record=None):
        return formatting.difference(_f(value))

    def value_difference(self, value, record=None):
        return formatting.raw(value)

    def render_compliance_rate(self, value, record):
        outcomes = record.compliance_outcomes
        compliant = None if outcomes is None or value is None else _f(value) * outcomes / 100
        return formatting.rate_with_count(_f(value), compliant, outcomes, "outcomes")

    def value_compliance_rate(self, value, record=None):
        return formatting.raw(value)

    def render_remedy_rate(self, value, record):
        return formatting.rate_with_count(_f(value), record.remedies, record.remedy_basis, "cases")

    def value_remedy_rate(self, value, record=None):
        return formatting.raw(value)

    def render_per_100k(self, value, record=None):
        return formatting.per_100k(_f(value))

    def value_per_100k(self, value, record=None):
        return formatting.raw(value)

    def render_year(self, value, record=None):
        if value is None:
            return "no letter"
        return year_label(value)


# /councils/ ---------------------------------------------------------------------------------

council_column = column_factory(("short_name", "pk"))


class CouncilTable(FigureRenderers, tables.Table):
    council = council_column("Council", sort="short_name", accessor="short_name")
    authority_type = council_column("Type", sort="authority_type")
    region = council_column("Region", sort="region")
    year = council_column("Year", sort="letter_year", accessor="letter_year", numeric=True)
    uphold_rate = council_column(UPHOLD.column_label, sort=UPHOLD.rate, numeric=True)
    investigated = council_column("Investigated", sort="investigated", numeric=True)
    type_average = council_column("Type average (pooled)", sort="type_average", numeric=True)
    difference = council_column("Difference", sort="difference", numeric=True)
    compliance_rate = council_column(COMPLIANCE.column_label, sort=COMPLIANCE.rate, numeric=True)
    remedy_rate = council_column(REMEDY.column_label, sort=REMEDY.rate, numeric=True)
    per_100k = council_column(
        PER_100K_RESIDENTS.column_label, sort=PER_100K_RESIDENTS.rate, numeric=True
    )
    # In the exports only.
    slug = tables.Column(visible=False)
    official_name = tables.Column(visible=False, verbose_name="Official name")
    end_date = tables.Column(visible=False, verbose_name="Abolished on")
    upheld = tables.Column(visible=False, verbose_name="Upheld")
    compliance_outcomes = tables.Column(visible=False, verbose_name="Compliance outcomes")
    remedies = tables.Column(visible=False, verbose_name="Remedied by the council")
    remedy_basis = tables.Column(visible=False, verbose_name="Remedy base")

    card_columns = ("council", "uphold_rate", "difference")

    class Meta:
        attrs = table_attrs(reflow="64em")
        order_by = ("council",)
        empty_text = "No councils match these filters."
        template_name = "councils/_table.html"
        fields = ()

    def render_council(self, value, record):
        text = format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.official_name)
        if record.is_abolished:
            text = format_html(
                '{} <strong class="govuk-tag govuk-tag--grey">Abolished</strong>', text
            )
        return text

    def value_council(self, value, record):
        return record.short_name

    def render_authority_type(self, value, record):
        return record.get_authority_type_display()

    def render_uphold_rate(self, value, record):
        return formatting.rate_with_count(
            _f(value), record.upheld, record.investigated, "investigations"
        )

    def value_year(self, value, record=None):
        return value


# /compare/<type>/<year>/ --------------------------------------------------------------------

compare_column = column_factory(("council__short_name", "pk"))


class ComparisonTable(FigureRenderers, tables.Table):
    rank = compare_column("Rank", sort="rank", numeric=True)
    council = compare_column("Council", sort="council__short_name", accessor="council__short_name")
    uphold_rate = compare_column(UPHOLD.column_label, sort=UPHOLD.rate, numeric=True)
    investigated_n = compare_column("Investigated", sort="investigated_n", numeric=True)
    difference = compare_column("Difference from average", sort="difference", numeric=True)
    stated_average = compare_column(
        "Average the letter states",
        sort=UPHOLD.stated_average,
        accessor=UPHOLD.stated_average,
        numeric=True,
    )
    compliance_rate = compare_column(COMPLIANCE.column_label, sort=COMPLIANCE.rate, numeric=True)
    remedy_rate = compare_column(REMEDY.column_label, sort=REMEDY.rate, numeric=True)
    per_100k = compare_column(
        PER_100K_RESIDENTS.column_label, sort=PER_100K_RESIDENTS.rate, numeric=True
    )
    # In the exports only.
    slug = tables.Column(visible=False, accessor="council__slug")
    upheld_n = tables.Column(visible=False, verbose_name="Upheld")
    compliance_outcomes = tables.Column(visible=False, verbose_name="Compliance outcomes")
    remedies = tables.Column(visible=False, verbose_name="Remedied by the council")
    remedy_basis = tables.Column(visible=False, verbose_name="Remedy base")

    card_columns = ("rank", "council", "uphold_rate", "difference")

    class Meta:
        attrs = table_attrs(reflow="50em")
        order_by = ("rank",)
        empty_text = "No letters of this type for this year."
        template_name = "councils/_table.html"
        fields = ()

    def __init__(self, *args, highlight: str | None = None, **kwargs):
        self.highlight = highlight
        super().__init__(*args, **kwargs)

    def row_name(self, record) -> str:
        return record.council.short_name

    def row_class(self, record) -> str:
        if self.highlight and record.council.slug == self.highlight:
            return "govuk-table__row app-row--highlight"
        return "govuk-table__row"

    def render_rank(self, value, record=None):
        return "\u2013" if value is None else value

    def render_council(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', record.council.get_absolute_url(), record.council.official_name
        )

    def value_council(self, value, record):
        return record.council.short_name

    def render_uphold_rate(self, value, record):
        return formatting.rate_with_count(
            _f(value), record.upheld_n, record.investigated_n, "investigations"
        )

    def render_stated_average(self, value, record=None):
        return formatting.percent(_f(value))

    def value_stated_average(self, value, record=None):
        return formatting.raw(value)


def export_rows(table: tables.Table) -> tuple[list[str], list[list]]:
    """The table's columns (machine names) and every row's raw values (through the table's
    value_<column> methods), in the table's order: all rows, not one page."""
    columns = [c for c in table.columns.iterall() if not c.column.exclude_from_export]
    names = [c.name for c in columns]
    rows = []
    for record in table.data:
        values = []
        for column in columns:
            value = column.accessor.resolve(record, quiet=True)
            method = getattr(table, f"value_{column.name}", None)
            if value is not None and method is not None:
                value = method(value=value, record=record)
            values.append(value)
        rows.append(values)
    return names, rows

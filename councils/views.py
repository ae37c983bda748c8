"""Public council pages. Views are thin: queries live in councils.selectors, tables in
councils.tables, charts in councils.charts. Every page is cached (complaints_site.cache) until the
data it depends on change: a council's page its council, type and neighbours; a type's
comparison that type; the lists any change."""

import re
from urllib.parse import urlencode

from django.http import Http404, QueryDict
from django.shortcuts import render
from django_tables2 import RequestConfig

from complaints_site.cache import cached_page, mark_page_shown, no_parameters, on_type
from core.periods import METHOD_CHANGE_YEAR, year_label
from councils import presenters, table_rows
from councils.exports import EXPORT_FORMATS, export_links, export_response
from councils.filters import CouncilFilter, council_list_query, first_sort
from councils.models import AuthorityType, Council
from councils.selectors.averages import latest_type_averages, type_averages
from councils.selectors.council_page import council_page
from councils.selectors.listings import (
    council_comparison_rows,
    council_names_by_type,
    council_table_rows,
    latest_letters,
    letter_years,
    regions,
)
from councils.tables import ComparisonTable, CouncilTable
from places.context import council_cards, council_page_depends

PER_PAGE = 50
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


@cached_page(query=no_parameters)
def home(request):
    averages = presenters.type_averages_table(latest_type_averages())
    letters = latest_letters()
    return render(
        request,
        "councils/home.html",
        {
            "averages": averages,
            "averages_rows": table_rows.type_average_rows(averages),
            "latest_letters": letters,
            "latest_letter_items": table_rows.latest_letter_items(letters),
            "groups": [
                (label, len(councils), presenters.council_links(councils))
                for label, councils in council_names_by_type()
            ],
        },
    )


@cached_page(query=council_list_query, uncached=("name",))
def council_list(request):
    years = letter_years()
    council_filter = CouncilFilter(
        request.GET, queryset=Council.objects.all(), regions=regions(), years=years
    )
    council_filter.is_valid()  # the filters it could read are applied
    rows = council_filter.filter_queryset(council_table_rows(year=council_filter.selected_year))
    table = CouncilTable(rows)
    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS:
        RequestConfig(request, paginate=False).configure(table)
        filters = {
            key: value
            for key, value in council_filter.form.cleaned_data.items()
            if value not in (None, "")
        }
        return export_response(
            table,
            export_format=export_format,
            filename="councils",
            about={"filters": filters, "source": request.build_absolute_uri(request.path)},
        )
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    response = render(
        request,
        "councils/council_list.html",
        {
            "filter": council_filter,
            "table": table,
            "exports": export_links(request),
            "year": council_filter.selected_year,
        },
    )
    return mark_page_shown(response, number=table.page.number, count=table.paginator.num_pages)


@cached_page(query=no_parameters, depends=council_page_depends)
def council_detail(request, slug: str):
    try:
        page = council_page(slug=slug)
    except Council.DoesNotExist:
        raise Http404("No council has that address.") from None
    council = page.council
    type_label = AuthorityType(council.authority_type).label
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            "page": page,
            "type_label": type_label,
            **presenters.council_page_charts(page, type_label=type_label),
            "year_cards": presenters.year_cards(page),
            "service_tables": presenters.service_tables(page.service_stats),
            "letter_rows": table_rows.letter_rows(page.letters),
            "method_change_label": year_label(METHOD_CHANGE_YEAR),
            **council_cards(council),
        },
    )


def _unknown_type(request, type_slug: str):
    return render(
        request,
        "councils/unknown_type.html",
        {"type_slug": type_slug, "types": AuthorityType.choices},
        status=404,
    )


def compare_query(request, type_slug: str, year: int) -> QueryDict:
    """The compare page's parameters, one way: highlight (a council of this type), sort
    and _export."""
    given = request.GET
    out = []
    highlight = given.get("highlight", "").strip()
    if (
        SLUG.fullmatch(highlight)
        and Council.objects.filter(slug=highlight, authority_type=type_slug).exists()
    ):
        out.append(("highlight", highlight))
    if sort := first_sort(given, ComparisonTable):
        out.append(("sort", sort))
    if given.get("_export") in EXPORT_FORMATS:
        out.append(("_export", given["_export"]))
    return QueryDict(urlencode(out))


@cached_page(query=compare_query, depends=on_type)
def compare(request, type_slug: str, year: int):
    if type_slug not in AuthorityType.values:
        return _unknown_type(request, type_slug)
    type_label = AuthorityType(type_slug).label
    # Every year's averages of the type (one query): the year's, and the years to link.
    by_year = {average.year: average for average in type_averages(authority_type=type_slug)}
    average = by_year.get(year)
    years = sorted(by_year)
    if average is None:
        return render(
            request,
            "councils/compare_no_letters.html",
            {"type_slug": type_slug, "type_label": type_label, "year": year, "years": years},
            status=404,
        )
    highlight = request.GET.get("highlight") or None
    rows = council_comparison_rows(
        authority_type=type_slug, year=year, average=average.uphold_pooled
    )
    table = ComparisonTable(rows, highlight=highlight)
    RequestConfig(request, paginate=False).configure(table)
    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS:
        return export_response(
            table,
            export_format=export_format,
            filename=f"{type_slug}-{year}",
            about={
                "authority_type": type_slug,
                "year": year,
                "period": year_label(year),
                "average_pooled": average.uphold_pooled,
                "average_mean": average.uphold_mean,
            },
        )
    records = list(table.data)
    highlighted = next((r for r in records if r.council.slug == highlight), None)
    odd_letters, usual_stated = presenters.odd_stated_averages(records)
    chart = presenters.uphold_distribution_chart(
        records, average=average.uphold_pooled, highlight=highlight
    )
    index = years.index(year)
    return render(
        request,
        "councils/compare.html",
        {
            "type_slug": type_slug,
            "type_label": type_label,
            "year": year,
            "period": year_label(year),
            "average": average,
            "table": table,
            "council_options": presenters.council_options(records, selected=highlight),
            "chart": chart,
            "highlight": highlight,
            "highlighted": highlighted,
            "odd_letters": odd_letters,
            "usual_stated": usual_stated,
            "previous_year": years[index - 1] if index > 0 else None,
            "next_year": years[index + 1] if index + 1 < len(years) else None,
            "exports": export_links(request),
            "other_types": [
                (value, label) for value, label in AuthorityType.choices if value != type_slug
            ],
        },
    )

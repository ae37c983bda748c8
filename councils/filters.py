"""Filters for the councils table (django-filter). Every filter is a GET parameter, so the
URL of a filtered, sorted, paged table is a permalink to it.

``council_list_query`` reads those parameters, and only those, the one way the page cache
keys them (complaints_site.cache): unknown parameters dropped, every value written one way,
a value a filter cannot read written as ``unknown`` (so any of them is one page, which
says it is not known)."""

import functools
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, QueryDict

from complaints_site.cache import PAGE, briefly_remembered, page_number
from core.periods import year_label
from councils.exports import EXPORT_FORMATS
from councils.models import AuthorityType, Council, CouncilName
from councils.selectors.listings import letter_years, regions
from councils.tables import CouncilTable

STATUS_CHOICES = [
    ("current", "Current councils"),
    ("abolished", "Abolished councils"),
    ("all", "Current and abolished"),
]
DEFAULT_STATUS = "current"
STATUS_NOT_KNOWN = "Choose current councils, abolished councils, or both: showing current ones."
YEAR_NOT_KNOWN = "There are no letters for that year: showing each council's latest letter."
TYPE_NOT_KNOWN = "There is no council type of that name: showing every type."
REGION_NOT_KNOWN = "There is no region of that name: showing every region."
UNKNOWN = "unknown"  # what any value a filter cannot read is written as
# What a parameter may say, as sets (an enum's ``values`` is a new list each time it is read).
TYPE_VALUES = frozenset(AuthorityType.values)
STATUS_VALUES = frozenset(value for value, _ in STATUS_CHOICES)
NAME_MAX_LENGTH = 100  # longer than any council's name


class CouncilFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label="Council name", method="filter_name", widget=forms.TextInput(attrs={"type": "search"})
    )
    authority_type = django_filters.ChoiceFilter(
        label="Type",
        choices=AuthorityType.choices,
        empty_label="All types",
        error_messages={"invalid_choice": TYPE_NOT_KNOWN},
    )
    region = django_filters.ChoiceFilter(
        label="Region",
        choices=[],
        empty_label="All regions",
        error_messages={"invalid_choice": REGION_NOT_KNOWN},
    )
    status = django_filters.ChoiceFilter(
        label="Current or abolished",
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label=None,
        error_messages={"invalid_choice": STATUS_NOT_KNOWN},
    )
    # Applied by the view (it picks which letter's figures each row shows), not here.
    year = django_filters.ChoiceFilter(
        label="Year (reporting period ending)",
        choices=[],
        empty_label="Latest letter",
        method="filter_nothing",
        error_messages={"invalid_choice": YEAR_NOT_KNOWN},
    )

    class Meta:
        model = Council
        fields = ["name", "authority_type", "region", "status", "year"]

    def __init__(self, data=None, *args, regions: list[str], years: list[int], **kwargs):
        if data is not None:
            data = data.copy()
            if not data.get("status"):
                data["status"] = DEFAULT_STATUS
        super().__init__(data, *args, **kwargs)
        self.filters["region"].extra["choices"] = [(r, r) for r in regions]
        self.filters["year"].extra["choices"] = [(y, year_label(y)) for y in years]

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        other_spelling = CouncilName.objects.filter(council=OuterRef("pk"), name__icontains=value)
        return queryset.filter(
            Q(official_name__icontains=value)
            | Q(short_name__icontains=value)
            | Exists(other_spelling)
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "status" in self.form.errors:  # an unknown status: the default, never "all"
            queryset = self.filter_status(queryset, "status", DEFAULT_STATUS)
        return queryset

    def filter_status(self, queryset, name, value):
        if value == "current":
            return queryset.current()
        if value == "abolished":
            return queryset.abolished()
        return queryset

    def filter_nothing(self, queryset, name, value):
        return queryset

    @property
    def selected_year(self) -> int | None:
        """The year asked for, when it is one with letters (whatever else is not known)."""
        if not self.is_bound:
            return None
        self.form.is_valid()
        year = self.form.cleaned_data.get("year")
        return int(year) if year else None


# The parameters the councils page reads, one way ----------------------------------------------


@functools.cache
def sort_values(table_class) -> frozenset[str]:
    """What ``?sort=`` may say for a table: a visible sortable column, either way."""
    names = [column.name for column in table_class([]).columns if column.orderable]
    return frozenset([*names, *(f"-{name}" for name in names)])


def first_sort(given: QueryDict, table_class) -> str | None:
    """The first sort the table can apply; the rest are ignored (the column headings'
    links sort by one column)."""
    allowed = sort_values(table_class)
    return next((value for value in given.getlist("sort") if value in allowed), None)


def search_text(value: str) -> str:
    """A name search as it is matched: printable, spaces collapsed, at most 100 letters."""
    text = "".join(ch if ch.isprintable() else " " for ch in value)
    return " ".join(text.split())[:NAME_MAX_LENGTH]


# What a parameter may name, for the page's cache key: read once a second at most.
known_regions = briefly_remembered(regions)
known_years = briefly_remembered(letter_years)


def council_list_query(request: HttpRequest) -> QueryDict:
    """The /councils/ page's parameters: name, authority_type, region, status, year, sort,
    page (not with a download) and _export."""
    given = request.GET
    out = []
    if name := search_text(given.get("name", "")):
        out.append(("name", name))
    if kind := given.get("authority_type", "").strip():
        out.append(("authority_type", kind if kind in TYPE_VALUES else UNKNOWN))
    if region := given.get("region", "").strip():
        out.append(("region", region if region in known_regions() else UNKNOWN))
    status = given.get("status", "").strip()
    if status and status != DEFAULT_STATUS:
        out.append(("status", status if status in STATUS_VALUES else UNKNOWN))
    if year := given.get("year", "").strip():
        known = year.isascii() and year.isdigit() and len(year) <= 10
        out.append(("year", str(int(year)) if known and int(year) in known_years() else UNKNOWN))
    if sort := first_sort(given, CouncilTable):
        out.append(("sort", sort))
    export_format = given.get("_export")
    if export_format in EXPORT_FORMATS:
        out.append(("_export", export_format))
    elif page := page_number(given.get(PAGE)):
        out.append((PAGE, str(page)))
    return QueryDict(urlencode(out))

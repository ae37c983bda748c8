"""Filters for the councils table (django-filter). Every filter is a GET parameter, so the
URL of a filtered, sorted, paged table is a permalink to it."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from core.periods import year_label
from councils.models import AuthorityType, Council, CouncilName

STATUS_CHOICES = [
    ("current", "Current councils"),
    ("abolished", "Abolished councils"),
    ("all", "Current and abolished"),
]
DEFAULT_STATUS = "current"
STATUS_NOT_KNOWN = "Choose current councils, abolished councils, or both: showing current ones."
YEAR_NOT_KNOWN = "There are no letters for that year: showing each council's latest letter."


class CouncilFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label="Council name", method="filter_name", widget=forms.TextInput(attrs={"type": "search"})
    )
    authority_type = django_filters.ChoiceFilter(
        label="Type", choices=AuthorityType.choices, empty_label="All types"
    )
    region = django_filters.ChoiceFilter(label="Region", choices=[], empty_label="All regions")
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
        if not self.is_bound or not self.form.is_valid():
            return None
        year = self.form.cleaned_data.get("year")
        return int(year) if year else None

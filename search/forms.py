"""The search page's form: the query and its filters, every value checked (a value the form
does not offer is an error shown on the page, never a server error)."""

from django import forms
from django.core.exceptions import ValidationError

from core.periods import year_label
from councils.models import AuthorityType, Council
from documents.models import DocumentKind
from search.models import Document
from search.selectors import MAX_QUERY

KINDS = [
    ("", "Letters and councils' reports"),
    (DocumentKind.LGSCO_LETTER, "Ombudsman letters"),
    (DocumentKind.COUNCIL_REPORT, "Councils' complaints reports"),
]
# The parameters the page reads, in the order a permalink gives them.
PARAMETERS = ("q", "year", "type", "council", "kind")


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for words or a phrase",
        max_length=MAX_QUERY,
        required=False,
        help_text=(
            'Put a phrase in quotes ("witness summons"), a minus before a word to leave out '
            "documents that use it (-housing), and or between words to find either."
        ),
    )
    year = forms.TypedChoiceField(
        label="Year",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "No letter or report covers the year %(value)s."},
    )
    type = forms.ChoiceField(
        label="Type of council",
        required=False,
        choices=[("", "Any type")] + list(AuthorityType.choices),
        error_messages={"invalid_choice": "“%(value)s” is not a type of council."},
    )
    council = forms.ChoiceField(
        label="Council",
        required=False,
        error_messages={
            "invalid_choice": "No council with letters or reports has the address “%(value)s”."
        },
    )
    kind = forms.ChoiceField(
        label="Documents",
        required=False,
        choices=KINDS,
        error_messages={"invalid_choice": "“%(value)s” is not a kind of document."},
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        years = Document.objects.order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = [("", "Any year")] + [
            (year, year_label(year)) for year in years
        ]
        councils = (
            Council.objects.filter(pk__in=Document.objects.values("council_id"))
            .order_by("official_name")
            .values_list("slug", "official_name")
        )
        self.fields["council"].choices = [("", "Any council")] + list(councils)

    def clean_council(self):
        return self.cleaned_data.get("council") or None

    def filters(self) -> dict:
        """The valid filters, as ``search()`` takes them."""
        data = self.cleaned_data
        return {
            "year": data.get("year"),
            "authority_type": data.get("type") or None,
            "council": data.get("council"),
            "kind": data.get("kind") or None,
        }

    def permalink_query(self) -> dict:
        """The query and filters asked for, without empty ones, in a fixed order."""
        data = self.cleaned_data
        values = {
            "q": " ".join((data.get("q") or "").split()),
            "year": data.get("year"),
            "type": data.get("type"),
            "council": data.get("council"),
            "kind": data.get("kind"),
        }
        return {key: values[key] for key in PARAMETERS if values[key] not in (None, "")}


def validate_page(value: str | None) -> int:
    """The page number asked for: a whole number from 1."""
    if value in (None, ""):
        return 1
    if not str(value).isdigit() or not 1 <= int(value) <= 10_000:
        raise ValidationError("The page number must be a whole number from 1.")
    return int(value)

"""The map's choices, as GET parameters: the URL of a map is a permalink to it."""

from django import forms

from core.periods import year_label
from councils.measures import HEADLINE, MEASURES
from places.presenters import DEFAULT_LAYER, LAYERS

MEASURE_NOT_KNOWN = "Choose one of the measures listed."
YEAR_NOT_KNOWN = "There are no letters for that year: choose one of the years listed."
LAYER_NOT_KNOWN = "Choose district-level councils or county councils."


class MapForm(forms.Form):
    measure = forms.ChoiceField(
        label="Measure",
        choices=[(m.key, m.label) for m in MEASURES],
        required=False,
        error_messages={"invalid_choice": MEASURE_NOT_KNOWN},
    )
    year = forms.TypedChoiceField(
        label="Year",
        choices=[],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": YEAR_NOT_KNOWN},
    )
    layer = forms.ChoiceField(
        label="Councils shown",
        choices=list(LAYERS.items()),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": LAYER_NOT_KNOWN},
    )

    def __init__(self, data, *, years: list[int]):
        self.years = sorted(years, reverse=True)
        wanted = {name: data[name] for name in ("measure", "year", "layer") if data.get(name)}
        super().__init__(wanted)
        self.fields["year"].choices = [(y, year_label(y)) for y in self.years]

    @property
    def choice(self) -> tuple[str, int | None, str]:
        """(measure key, year, layer): what was asked for, or the defaults (the headline
        measure, the latest year with letters, district-level councils)."""
        data = self.cleaned_data if self.is_valid() else {}
        return (
            data.get("measure") or HEADLINE.key,
            data.get("year") or (self.years[0] if self.years else None),
            data.get("layer") or DEFAULT_LAYER,
        )

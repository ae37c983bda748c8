"""What every change a person makes to a published figure asks for: the reason."""

from django import forms

from core.history import REASON_REQUIRED


class ReasonedChangeForm(forms.ModelForm):
    """A model form that also asks why (required, spaces alone refused). Subclasses give
    ``REASON_HELP``: where the reason will be shown."""

    REASON_HELP = "Required. Kept in the history with the change."

    reason = forms.CharField(
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        error_messages={"required": REASON_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = self.REASON_HELP

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(REASON_REQUIRED)
        return reason

"""The report admin: data admins check a council's report's figures here; every change is
in the report's history with its reason, and each figure changed is a Correction (shown
beside it on the council page), as in the letter admin. A report is withdrawn here, never
deleted; its history (the report, its years and its service rows) is on its page."""

from django.contrib import admin

from complaints_site.data_admin import HistoryAdmin, ReasonedAdmin, WithdrawAdmin
from core.forms import ReasonedChangeForm
from core.history import HistorySource
from core.periods import year_label
from letters.corrections import service_rows_source
from reports.corrections import report_year_correct
from reports.models import CouncilReport, CouncilReportYear


class CouncilReportYearInline(admin.TabularInline):
    model = CouncilReportYear
    extra = 0
    can_delete = False
    fields = [
        "period_end",
        "stage_1",
        "stage_2",
        "independent_investigator",
        "ombudsman",
        "in_target_percent",
        "compliments",
    ]
    readonly_fields = ["period_end"]

    # A report's years are the ones it gives (a year added here would have no council).
    def has_add_permission(self, request, obj=None):
        return False


class ReportCorrectionForm(ReasonedChangeForm):
    """A change to a report's figures (its years, inline) says why, as letters' do."""

    REASON_HELP = (
        "Required. Shown on the council page beside each corrected figure and kept in "
        "the report's history with the change."
    )

    class Meta:
        model = CouncilReport
        fields = ["council_name_as_printed", "report_year"]


@admin.register(CouncilReport)
class CouncilReportAdmin(WithdrawAdmin, HistoryAdmin, ReasonedAdmin):
    """Councils' own complaints reports: uploaded through the site, figures checked here.
    Every change is in the history (pghistory triggers) with its reason and who made it; a
    report's council is the one it was uploaded for (a wrong one is withdrawn, and the
    right one uploaded)."""

    form = ReportCorrectionForm

    list_display = [
        "council",
        "report_year",
        "is_current",
        "uploaded_by",
        "uploaded_at",
        "withdrawn_at",
    ]
    list_select_related = ["council", "uploaded_by"]
    list_filter = [
        "is_current",
        ("withdrawn_at", admin.EmptyFieldListFilter),
        "report_year",
        "council__authority_type",
    ]
    search_fields = ["council__official_name", "council_name_as_printed", "sha256"]
    autocomplete_fields = ["council"]
    readonly_fields = [
        "council",
        "period_start",
        "period_end",
        "is_current",
        "sha256",
        "original",
        "original_filename",
        "parser_version",
        "uploaded_by",
        "uploaded_at",
        "warnings",
        "parsed",
    ]
    exclude = ["extracted_text"]
    inlines = [CouncilReportYearInline]

    def has_add_permission(self, request):
        return False  # reports arrive through the upload form, which checks and parses them

    def save_formset(self, request, form, formset, change):
        """A year's changed figures are corrections (with the form's reason), made in the
        admin's transaction with the rest of the change."""
        if formset.model is not CouncilReportYear:
            return super().save_formset(request, form, formset, change)
        for year in formset.save(commit=False):
            report_year_correct(
                report_year=year, reason=form.cleaned_data["reason"], user=request.user
            )

    def history_sources(self, obj):
        return [
            HistorySource(
                CouncilReport.pgh_event_model.objects.filter(pgh_obj_id=obj.pk),
                describe=lambda event: "Report",
            ),
            HistorySource(
                CouncilReportYear.pgh_event_model.objects.filter(report_id=obj.pk),
                describe=lambda event: f"Year {year_label(event.period_end.year)}",
            ),
            service_rows_source(report_id=obj.pk),
        ]

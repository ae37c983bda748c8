"""The letter admin: where data admins correct figures, giving a reason, see a letter's
history (old -> new per field, who, from where, why), revert a change in one click, and
withdraw a letter (never delete it). The service-row admin corrects a row's figures the
same way."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse

from complaints_site.data_admin import HistoryAdmin, WithdrawAdmin
from core.forms import ReasonedChangeForm
from letters import corrections
from letters.figures import FIGURES
from letters.models import AnnualLetter, Correction, ServiceComplaintStats

SECTIONS = [
    ("Complaint overview (2024-25 on)", "overview"),
    ("Complaints upheld", "complaints_upheld"),
    ("Compliance with recommendations", "compliance"),
    ("Satisfactory remedy provided by the council", "satisfactory_remedy"),
    ("Decisions made (2014-2018)", "decisions"),
    ("Complaints remedied (2014-2018)", "remedied"),
]
READ_ONLY = [
    "council",
    "period_start",
    "period_end",
    "is_current",
    "original",
    "original_filename",
    "sha256",
    "parser_version",
    "uploaded_by",
    "uploaded_at",
    "warnings",
    "evidence",
    "extracted_text",
]
WITHDRAWN = ["withdrawn_at", "withdrawn_by", "withdrawn_reason"]


class LetterCorrectionForm(ReasonedChangeForm):
    REASON_HELP = (
        "Required. Shown on the public pages beside each corrected figure and kept in "
        "the letter's history, e.g. “The letter says 68%; the parser read 86%.”"
    )

    class Meta:
        model = AnnualLetter
        fields = ["council_name_as_printed", "letter_date", *(f.column for f in FIGURES)]


class ServiceComplaintStatsInline(admin.TabularInline):
    """The letter's service rows: a count changed here is a correction of the row, with the
    letter form's reason. Rows come from the letter: none is added or deleted here."""

    model = ServiceComplaintStats
    extra = 0
    can_delete = False
    fields = ["service", "complaints"]
    readonly_fields = ["service"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class CorrectionInline(admin.TabularInline):
    model = Correction
    fk_name = "letter"
    extra = 0
    can_delete = False
    verbose_name_plural = "corrections"
    fields = ["column", "old_value", "new_value", "reason", "made_by", "made_at", "withdrawn_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ServiceRowCorrectionInline(CorrectionInline):
    fk_name = "service_row"


@admin.register(AnnualLetter)
class AnnualLetterAdmin(WithdrawAdmin, HistoryAdmin):
    form = LetterCorrectionForm
    revert_url_name = "admin:letters_annualletter_revert"
    list_display = [
        "council",
        "period_end",
        "upheld_percent",
        "investigations",
        "compliance_percent",
        "remedy_percent",
        "is_current",
        "uploaded_at",
        "withdrawn_at",
    ]
    list_select_related = ["council"]
    list_filter = [
        "is_current",
        ("withdrawn_at", admin.EmptyFieldListFilter),
        "council__authority_type",
        "period_end",
    ]
    search_fields = ["council__official_name", "council_name_as_printed", "sha256"]
    date_hierarchy = "period_end"
    readonly_fields = READ_ONLY
    inlines = [ServiceComplaintStatsInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["reason"]}),
        ("Letter", {"fields": ["council", "council_name_as_printed", "letter_date"]}),
        *[
            (title, {"fields": [f.column for f in FIGURES if f.section == section]})
            for title, section in SECTIONS
        ],
        (
            "Where it came from",
            {
                "classes": ["collapse"],
                "fields": [c for c in READ_ONLY if c != "council"],
            },
        ),
        ("Withdrawn", {"fields": WITHDRAWN}),
    ]

    # Letters come in through the upload and import, which check and store the original.
    def has_add_permission(self, request):
        return False

    # Seeing a letter here is for those who may correct it: officers get a 403, not a
    # read-only form (the public pages show them everything).
    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        corrections.letter_correct(
            letter=obj, reason=form.cleaned_data["reason"], user=request.user
        )

    def save_formset(self, request, form, formset, change):
        """A service row's changed count is a correction of the row, with the form's reason
        (in the admin's transaction with the rest of the change)."""
        if formset.model is not ServiceComplaintStats:
            return super().save_formset(request, form, formset, change)
        for row in formset.save(commit=False):
            corrections.service_row_correct(
                row=row, reason=form.cleaned_data["reason"], user=request.user
            )

    def get_urls(self):
        view = self.admin_site.admin_view(self.revert_view)
        return [
            path(
                "<path:object_id>/revert/<int:event_id>/",
                view,
                name="letters_annualletter_revert",
            ),
            *super().get_urls(),
        ]

    def history_sources(self, obj):
        return [
            corrections.letter_source(obj),
            corrections.service_rows_source(letter_id=obj.pk),
        ]

    def history_context(self, request, obj):
        return {**super().history_context(request, obj), "history_id": "letter-history"}

    def revert_view(self, request, object_id, event_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        letter = get_object_or_404(AnnualLetter, pk=object_id)
        if not self.has_change_permission(request, letter):
            raise PermissionDenied
        try:
            columns = corrections.letter_revert(letter=letter, event_id=event_id, user=request.user)
        except corrections.CorrectionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            labels = ", ".join(corrections.column_label(AnnualLetter, c) for c in columns)
            messages.success(request, f"Reverted change #{event_id}: {labels} restored.")
        return redirect(reverse("admin:letters_annualletter_change", args=[letter.pk]))


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = [
        "letter",
        "report_year",
        "service_row",
        "column",
        "old_value",
        "new_value",
        "made_by",
        "made_at",
        "in_force",
    ]
    list_select_related = [
        "letter__council",
        "report_year__council",
        "service_row__council",
        "made_by",
    ]
    list_filter = ["column", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = [
        "letter__council__official_name",
        "report_year__council__official_name",
        "service_row__council__official_name",
        "reason",
    ]

    @admin.display(boolean=True)
    def in_force(self, obj):
        return obj.in_force

    # Corrections are made (and withdrawn) through what they correct, never edited here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceRowCorrectionForm(ReasonedChangeForm):
    REASON_HELP = (
        "Required. Kept in the row's history; each figure changed is held against "
        "re-parsing the letter (reparse_letters reports the conflict and keeps it)."
    )

    class Meta:
        model = ServiceComplaintStats
        fields = ["ombudsman_service_area", *ServiceComplaintStats.FIGURE_COLUMNS]


SERVICE_ROW_READ_ONLY = [
    "council",
    "period_start",
    "period_end",
    "source",
    "letter",
    "report",
    "service",
]


@admin.register(ServiceComplaintStats)
class ServiceComplaintStatsAdmin(HistoryAdmin):
    """A service row's figures, corrected with a reason: each figure changed is a
    Correction (a re-parse keeps it). Rows come from their letter or report: none is added
    or deleted here, and which document and service a row is stays as read."""

    form = ServiceRowCorrectionForm
    list_display = ["council", "period_end", "source", "service", "complaints", "stage_2"]
    list_select_related = ["council"]
    list_filter = ["source", "period_end", "council__authority_type"]
    search_fields = ["council__official_name", "service"]
    readonly_fields = SERVICE_ROW_READ_ONLY
    fieldsets = [
        (None, {"fields": ["reason"]}),
        ("Service row", {"fields": [*SERVICE_ROW_READ_ONLY, "ombudsman_service_area"]}),
        ("Figures", {"fields": list(ServiceComplaintStats.FIGURE_COLUMNS)}),
    ]
    inlines = [ServiceRowCorrectionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        corrections.service_row_correct(
            row=obj, reason=form.cleaned_data["reason"], user=request.user
        )

    def history_sources(self, obj):
        return [corrections.service_rows_source(pgh_obj_id=obj.pk)]

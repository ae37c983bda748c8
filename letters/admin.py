from django.contrib import admin

from letters.models import AnnualLetter, ServiceComplaintStats


class ServiceComplaintStatsInline(admin.TabularInline):
    model = ServiceComplaintStats
    extra = 0
    fields = ["service", "complaints"]


@admin.register(AnnualLetter)
class AnnualLetterAdmin(admin.ModelAdmin):
    list_display = [
        "council",
        "period_end",
        "upheld_percent",
        "investigations",
        "compliance_percent",
        "remedy_percent",
        "is_current",
        "uploaded_at",
    ]
    list_select_related = ["council"]
    list_filter = ["is_current", "council__authority_type", "period_end"]
    search_fields = ["council__official_name", "council_name_as_printed", "sha256"]
    date_hierarchy = "period_end"
    autocomplete_fields = ["council"]
    readonly_fields = ["sha256", "parser_version", "uploaded_by", "uploaded_at", "warnings"]
    inlines = [ServiceComplaintStatsInline]


@admin.register(ServiceComplaintStats)
class ServiceComplaintStatsAdmin(admin.ModelAdmin):
    list_display = ["council", "period_end", "source", "service", "complaints", "stage_2"]
    list_select_related = ["council"]
    list_filter = ["source", "period_end", "council__authority_type"]
    search_fields = ["council__official_name", "service"]
    autocomplete_fields = ["council", "letter"]

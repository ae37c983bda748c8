from django.contrib import admin

from councils.models import Council, CouncilName


class CouncilNameInline(admin.TabularInline):
    model = CouncilName
    extra = 1
    fields = ["name"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = [
        "official_name",
        "authority_type",
        "region",
        "register_code",
        "gss_code",
        "population",
        "end_date",
    ]
    list_filter = ["authority_type", "region", ("end_date", admin.EmptyFieldListFilter)]
    search_fields = ["official_name", "short_name", "register_code", "gss_code", "names__name"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["successors", "officers"]
    inlines = [CouncilNameInline]


@admin.register(CouncilName)
class CouncilNameAdmin(admin.ModelAdmin):
    list_display = ["name", "council"]
    list_select_related = ["council"]
    search_fields = ["name", "council__official_name"]
    list_filter = ["council__authority_type"]
    autocomplete_fields = ["council"]

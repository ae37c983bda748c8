"""The council admin: the register's councils, their other names, successors and officers.
A change says why (it is in the history with the reason), and the council's page here
shows its history: the council, its names, successors and officers."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q

from complaints_site.data_admin import HistoryAdmin, ReasonedAdmin
from core.forms import ReasonedChangeForm
from core.history import HistorySource
from councils.models import Council, CouncilName, CouncilOfficer, CouncilSuccession


class CouncilNameInline(admin.TabularInline):
    model = CouncilName
    extra = 1
    fields = ["name"]


class CouncilChangeForm(ReasonedChangeForm):
    REASON_HELP = "Required. Kept in the council's history with the change."

    class Meta:
        model = Council
        fields = "__all__"


@admin.register(Council)
class CouncilAdmin(HistoryAdmin, ReasonedAdmin):
    form = CouncilChangeForm
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

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return ["reason", *(f for f in fields if f != "reason")]

    def history_sources(self, obj):
        successions = CouncilSuccession.pgh_event_model.objects.filter(
            Q(from_council_id=obj.pk) | Q(to_council_id=obj.pk)
        )
        officers = CouncilOfficer.pgh_event_model.objects.filter(council_id=obj.pk)
        # Named from the tables themselves (the events keep the ids, even of rows since gone).
        linked = {
            i for pair in successions.values_list("from_council_id", "to_council_id") for i in pair
        }
        councils = dict(Council.objects.filter(pk__in=linked).values_list("pk", "official_name"))
        users = dict(
            get_user_model()
            .objects.filter(pk__in=officers.values("user_id"))
            .values_list("pk", "username")
        )
        return [
            HistorySource(
                Council.pgh_event_model.objects.filter(pgh_obj_id=obj.pk),
                describe=lambda event: "Council",
            ),
            HistorySource(
                CouncilName.pgh_event_model.objects.filter(council_id=obj.pk),
                describe=lambda event: f"Name “{event.name}”",
                hidden=("council_id", "normalised", "core"),
            ),
            HistorySource(
                successions,
                describe=lambda e: (
                    f"{councils.get(e.from_council_id, e.from_council_id)} "
                    f"succeeded by {councils.get(e.to_council_id, e.to_council_id)}"
                ),
                hidden=("from_council_id", "to_council_id"),
            ),
            HistorySource(
                officers,
                describe=lambda e: f"Officer {users.get(e.user_id, f'user #{e.user_id}')}",
                hidden=("council_id", "user_id"),
            ),
        ]


class CouncilNameChangeForm(ReasonedChangeForm):
    REASON_HELP = "Required. Kept in the name's history with the change."

    class Meta:
        model = CouncilName
        fields = ["council", "name"]


@admin.register(CouncilName)
class CouncilNameAdmin(HistoryAdmin, ReasonedAdmin):
    form = CouncilNameChangeForm
    list_display = ["name", "council"]
    list_select_related = ["council"]
    search_fields = ["name", "council__official_name"]
    list_filter = ["council__authority_type"]
    autocomplete_fields = ["council"]

"""A service row's figures are corrected like a letter's: in the admin (the row's own page
or the letter's), with a reason, as a Correction naming the row, in the row's history;
reparse_letters keeps the corrected figure and reports the conflict; rows are never added
or deleted by hand."""

from decimal import Decimal

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.html import escape

from core.history import REASON_REQUIRED
from letters.models import Correction, ServiceComplaintStats
from tests.support.admin_forms import admin_post, admin_url, change_url, form_data
from tests.support.commands import reparse
from tests.support.factories import make_letter

pytestmark = pytest.mark.django_db

REASON = "The letter's table says 9 for Planning; the parser read the row above."


@pytest.fixture
def planning(cambridge):
    letter = make_letter(cambridge)
    return ServiceComplaintStats.objects.create(
        council=cambridge,
        period_start=letter.period_start,
        period_end=letter.period_end,
        source=ServiceComplaintStats.Source.LGSCO_LETTER,
        letter=letter,
        service="Planning",
        complaints=12,
    )


def updates(row):
    return ServiceComplaintStats.pgh_event_model.objects.filter(
        pgh_obj_id=row.pk, pgh_label="update"
    )


def test_a_service_row_change_without_a_reason_is_refused_and_changes_nothing(
    data_admin_client, planning
):
    for reason in ("", "   "):
        response = admin_post(data_admin_client, planning, complaints="9", reason=reason)
        assert response.status_code == 200
        assert REASON_REQUIRED in response.content.decode()
    planning.refresh_from_db()
    assert planning.complaints == 12
    assert not Correction.objects.exists() and not updates(planning).exists()


def test_a_service_row_change_with_a_reason_is_a_correction_in_its_history(
    data_admin, data_admin_client, planning
):
    response = admin_post(data_admin_client, planning, complaints="9", reason=REASON)
    assert response.status_code == 302

    planning.refresh_from_db()
    assert planning.complaints == 9
    correction = Correction.objects.get()
    assert (correction.service_row, correction.letter, correction.report_year) == (
        planning,
        None,
        None,
    )
    assert (correction.column, correction.old_value, correction.new_value) == (
        "complaints",
        Decimal("12"),
        Decimal("9"),
    )
    assert (correction.reason, correction.made_by) == (REASON, data_admin)
    assert correction.label == "complaints" and correction.old_display == "12"

    event = updates(planning).get()
    assert correction.history_id == event.pgh_id
    metadata = event.pgh_context.metadata
    assert (metadata["reason"], metadata["user"], metadata["url"]) == (
        REASON,
        data_admin.pk,
        admin_url(planning),
    )
    # The row's page shows the change: old -> new, who, from where, why.
    html = data_admin_client.get(admin_url(planning)).content.decode()
    history = html[html.index('id="servicecomplaintstats-history"') :]
    assert f'id="change-{event.pk}"' in history
    assert "<del>12</del> → <ins>9</ins>" in history
    assert "dana" in history and admin_url(planning) in history and escape(REASON) in history


def test_what_a_service_row_is_stays_as_read(data_admin_client, planning, cambridge):
    response = admin_post(
        data_admin_client, planning, service="Housing", council="999", reason=REASON
    )
    assert response.status_code == 302
    planning.refresh_from_db()
    assert (planning.service, planning.council) == ("Planning", cambridge)


def test_service_rows_are_never_added_or_deleted_in_the_admin(data_admin_client, planning):
    add = reverse("admin:letters_servicecomplaintstats_add")
    assert data_admin_client.get(add).status_code == 403
    assert data_admin_client.get(admin_url(planning, "delete")).status_code == 403
    changelist = data_admin_client.get(reverse("admin:letters_servicecomplaintstats_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()


def test_a_corrected_service_row_cannot_be_deleted(data_admin_client, planning):
    admin_post(data_admin_client, planning, complaints="9", reason=REASON)
    with pytest.raises(ProtectedError):
        planning.delete()


def test_a_count_changed_on_the_letters_page_is_a_correction_of_the_row(
    data_admin_client, planning
):
    letter = planning.letter
    page = data_admin_client.get(change_url(letter))
    [rows] = [
        f.formset
        for f in page.context["inline_admin_formsets"]
        if f.formset.model is ServiceComplaintStats
    ]
    assert not rows.can_delete
    response = data_admin_client.post(
        change_url(letter),
        form_data(page, **{"service_stats-0-complaints": "9"}, reason=REASON),
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.service_row, correction.column, correction.reason) == (
        planning,
        "complaints",
        REASON,
    )
    planning.refresh_from_db()
    assert planning.complaints == 9


def test_reparse_keeps_a_corrected_service_figure_and_updates_the_others(
    imported, data_admin_client
):
    """The seed letter gives Housing 6 (among others). Housing corrected to 7, Planning
    misread by an older parser: the re-parse fixes Planning and keeps Housing."""
    housing = imported.service_stats.get(service="Housing")
    admin_post(data_admin_client, housing, complaints="7", reason="Confirmed with the LGSCO.")
    planning = imported.service_stats.exclude(service="Housing").first()
    read = planning.complaints
    ServiceComplaintStats.objects.filter(pk=planning.pk).update(complaints=read + 40)

    out = reparse("--dry-run")
    assert "correction kept" in out
    assert ServiceComplaintStats.objects.get(pk=planning.pk).complaints == read + 40

    out = reparse()
    assert (
        "conflict on received_by_service[Housing]: the parser now says 6, a data admin set 7; "
        "correction kept"
    ) in out
    assert f"received_by_service[{planning.service}] {read + 40} -> {read}" in out
    housing.refresh_from_db()
    assert housing.complaints == 7
    assert ServiceComplaintStats.objects.get(pk=planning.pk).complaints == read  # same row
    assert "0 letters changed, 1 unchanged, 0 unreadable, 1 conflicts" in reparse()


def test_reparse_keeps_a_corrected_row_the_parser_no_longer_reads(imported, data_admin_client):
    extra = ServiceComplaintStats.objects.create(
        council=imported.council,
        period_start=imported.period_start,
        period_end=imported.period_end,
        source=ServiceComplaintStats.Source.LGSCO_LETTER,
        letter=imported,
        service="Libraries",
        complaints=3,
    )
    admin_post(data_admin_client, extra, complaints="4", reason="Added by hand from the letter.")
    out = reparse()
    assert "conflict on received_by_service[Libraries]: the parser now says None" in out
    assert ServiceComplaintStats.objects.filter(pk=extra.pk).exists()

"""Data admins correct figures in the admin, with a reason; the correction is public,
revertible, and survives re-parsing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from letters import corrections, selectors
from letters.models import AnnualLetter, Correction
from letters.services import protected_columns
from tests.support.admin_forms import change_url, form_data
from tests.support.commands import reparse
from tests.support.factories import make_letter, make_user

pytestmark = pytest.mark.django_db

REASON = "The letter says 68%; the parser read the similar authorities' figure."


def update_events(letter):
    return AnnualLetter.pgh_event_model.objects.filter(pgh_obj_id=letter.pk, pgh_label="update")


def test_an_admin_correction_with_a_reason_is_saved_recorded_and_marked(data_admin_client, letter):
    page = data_admin_client.get(change_url(letter))
    assert page.status_code == 200
    response = data_admin_client.post(
        change_url(letter), form_data(page, upheld_percent="68", reason=REASON)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    letter.refresh_from_db()
    assert letter.upheld_percent == Decimal("68")
    correction = Correction.objects.get()
    assert (correction.column, correction.old_value, correction.new_value) == (
        "upheld_percent",
        Decimal("70"),
        Decimal("68"),
    )
    assert correction.reason == REASON
    assert correction.made_by.username == "dana"
    assert correction.in_force
    assert protected_columns(letter) == {"upheld_percent"}

    # The history row has the old and new value, and who, where and why.
    event = update_events(letter).get()
    assert correction.history_id == event.pgh_id
    assert event.upheld_percent == Decimal("68")
    assert event.pgh_context.metadata["reason"] == REASON
    assert event.pgh_context.metadata["url"] == change_url(letter)
    assert event.pgh_context.metadata["user"] == correction.made_by.pk

    # The change page shows the history with a diff and who made the change.
    page = data_admin_client.get(change_url(letter)).content.decode()
    assert f'id="change-{event.pk}"' in page
    assert "<del>70%</del> → <ins>68%</ins>" in page
    assert "dana" in page and escape(REASON) in page


def test_without_a_reason_the_form_is_refused_and_nothing_changes(data_admin_client, letter):
    page = data_admin_client.get(change_url(letter))
    response = data_admin_client.post(
        change_url(letter), form_data(page, upheld_percent="68", reason="  ")
    )
    assert response.status_code == 200
    assert corrections.REASON_REQUIRED in response.content.decode()
    letter.refresh_from_db()
    assert letter.upheld_percent == Decimal("70")
    assert not Correction.objects.exists()
    assert not update_events(letter).exists()


def test_a_figure_the_rules_forbid_is_a_form_error(data_admin_client, letter):
    page = data_admin_client.get(change_url(letter))
    response = data_admin_client.post(
        change_url(letter), form_data(page, upheld_percent="168", reason=REASON)
    )
    assert response.status_code == 200
    letter.refresh_from_db()
    assert letter.upheld_percent == Decimal("70")
    assert not Correction.objects.exists()


def test_revert_restores_the_old_value_and_records_itself(data_admin_client, letter):
    page = data_admin_client.get(change_url(letter))
    data_admin_client.post(change_url(letter), form_data(page, upheld_percent="68", reason=REASON))
    change = update_events(letter).get()

    page = data_admin_client.get(change_url(letter)).content.decode()
    revert_url = reverse("admin:letters_annualletter_revert", args=[letter.pk, change.pk])
    assert f'action="{revert_url}"' in page  # one click: a button on the change page

    response = data_admin_client.post(revert_url)
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.upheld_percent == Decimal("70")

    revert = update_events(letter).latest("pgh_id")
    assert revert.pk != change.pk
    assert revert.upheld_percent == Decimal("70")
    assert revert.pgh_context.metadata["reason"] == f"Reverted change #{change.pk}"
    assert revert.pgh_context.metadata["user"] is not None
    # The correction no longer holds: the public mark goes, a re-parse may set the figure.
    assert not Correction.objects.in_force().exists()
    assert protected_columns(letter) == set()
    page = data_admin_client.get(change_url(letter)).content.decode()
    assert f"Reverted change #{change.pk}" in page


def test_reverting_is_refused_when_the_field_changed_again_since(letter):
    user = make_user("dana", group="Data admins")
    letter.upheld_percent = 68
    corrections.letter_correct(letter=letter, reason=REASON, user=user)
    first = update_events(letter).get()
    letter.upheld_percent = 66
    corrections.letter_correct(letter=letter, reason="Second look: 66%.", user=user)
    with pytest.raises(corrections.CorrectionRefused, match="changed again since"):
        corrections.letter_revert(letter=letter, event_id=first.pk, user=user)
    # Reverting the second correction brings back the first, still in force.
    second = update_events(letter).latest("pgh_id")
    corrections.letter_revert(letter=letter, event_id=second.pk, user=user)
    letter.refresh_from_db()
    assert letter.upheld_percent == 68
    in_force = Correction.objects.in_force().get()
    assert (in_force.old_value, in_force.new_value, in_force.reason) == (70, 68, REASON)


def test_reverting_a_change_not_made_by_hand_protects_the_restored_value(letter):
    user = make_user("dana", group="Data admins")
    AnnualLetter.objects.filter(pk=letter.pk).update(upheld_percent=77)  # e.g. a re-parse
    change = update_events(letter).get()
    corrections.letter_revert(letter=letter, event_id=change.pk, user=user)
    letter.refresh_from_db()
    assert letter.upheld_percent == 70
    correction = Correction.objects.in_force().get()
    assert (correction.old_value, correction.new_value) == (77, 70)
    assert correction.reason == f"Reverted change #{change.pk}"


def test_an_officer_gets_403_on_the_admin_change_view(client, letter):
    officer = make_user("olive", group="Council officers", councils=[letter.council])
    client.force_login(officer)
    assert client.get(change_url(letter)).status_code == 403
    page = client.get(change_url(letter))
    assert client.post(change_url(letter), {"reason": "x"}).status_code == 403
    # Even made staff by mistake, an officer cannot see or change letters in the admin.
    officer.is_staff = True
    officer.save()
    assert client.get(change_url(letter)).status_code == 403
    assert client.post(change_url(letter), {"reason": "x"}).status_code == 403
    revert = reverse("admin:letters_annualletter_revert", args=[letter.pk, 1])
    assert client.post(revert).status_code == 403
    letter.refresh_from_db()
    assert letter.upheld_percent == 70
    del page


def test_the_public_cannot_reach_the_admin(client, letter):
    response = client.get(change_url(letter))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_corrected_figure_survives_reparse_and_is_reported(imported):  # noqa: F811
    admin = make_user("dana", group="Data admins")
    assert imported.upheld_percent == 67
    imported.upheld_percent = Decimal("68")
    corrections.letter_correct(letter=imported, reason=REASON, user=admin)

    out = reparse("--dry-run")
    assert "conflict on upheld_percent: the parser now says 67, a data admin set" in out
    out = reparse()
    assert "conflict on upheld_percent: the parser now says 67" in out
    assert "correction kept" in out
    assert "1 conflicts with corrections" in out
    assert AnnualLetter.objects.get().upheld_percent == Decimal("68")
    assert Correction.objects.in_force().count() == 1


def test_reparse_still_updates_figures_nobody_corrected(imported):  # noqa: F811
    admin = make_user("dana", group="Data admins")
    imported.upheld_percent = Decimal("68")
    corrections.letter_correct(letter=imported, reason=REASON, user=admin)
    AnnualLetter.objects.filter(pk=imported.pk).update(decisions_total=18)
    reparse()
    letter = AnnualLetter.objects.get()
    assert (letter.upheld_percent, letter.decisions_total) == (68, 19)


def test_the_public_letter_page_shows_the_correction_note(client, letter):
    admin = make_user("dana", group="Data admins")
    letter.upheld_percent = 68
    corrections.letter_correct(letter=letter, reason=REASON, user=admin)
    correction = Correction.objects.get()
    page = client.get(letter.get_absolute_url()).content.decode()
    when = correction.made_at.strftime("%-d %B %Y")
    assert f"corrected {when}: was 70%" in page
    assert escape(REASON) in page
    assert page.count('app-correction-note"') == 1


def test_corrections_by_letter_is_one_query(django_assert_num_queries, letter):
    admin = make_user("dana", group="Data admins")
    other = make_letter(letter.council, year_end=2023)
    letter.upheld_percent, letter.remedies = 68, 3
    corrections.letter_correct(letter=letter, reason=REASON, user=admin)
    with django_assert_num_queries(1):
        found = selectors.corrections_by_letter([letter.pk, other.pk])
    assert set(found) == {letter.pk}
    assert set(found[letter.pk]) == {"upheld_percent", "remedies"}
    assert found[letter.pk]["upheld_percent"].old_display == "70%"


def test_the_council_page_shows_the_correction_note_in_constant_queries(
    client, django_assert_max_num_queries, letter
):
    admin = make_user("dana", group="Data admins")
    for year in (2021, 2022, 2023):
        other = make_letter(letter.council, year_end=year)
        other.remedies = 1
        corrections.letter_correct(letter=other, reason=f"Misread in {year}.", user=admin)
    letter.upheld_percent = 68
    corrections.letter_correct(letter=letter, reason=REASON, user=admin)
    with django_assert_max_num_queries(11):  # 10, and its three years pooled
        page = client.get(letter.council.get_absolute_url()).content.decode()
    when = Correction.objects.filter(letter=letter).get().made_at.strftime("%-d %B %Y")
    assert f"Upheld corrected {when}: was 70%" in page
    assert escape(REASON) in page
    assert page.count("Satisfactory remedy decisions corrected") == 3
    assert "Misread in 2022." in page

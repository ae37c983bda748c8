"""Reverts the letter admin refuses: another letter's change, a change that does not exist,
an insert, a change whose fields changed again, a GET, an officer, the public. Each leaves
the letter, its history and its corrections as they were."""

import pytest
from django.urls import reverse

from letters import corrections
from letters.models import AnnualLetter, Correction
from tests.support.admin_forms import change_url
from tests.support.factories import make_letter, make_user
from tests.support.http import messages_of, says

pytestmark = pytest.mark.django_db


def update_events(letter):
    return AnnualLetter.pgh_event_model.objects.filter(pgh_obj_id=letter.pk, pgh_label="update")


def revert_url(letter, event_id) -> str:
    return reverse("admin:letters_annualletter_revert", args=[letter.pk, event_id])


def state(letter) -> tuple:
    """What a refused revert must leave alone."""
    letter.refresh_from_db()
    return (
        letter.upheld_percent,
        AnnualLetter.pgh_event_model.objects.count(),
        list(corrections_in_force()),
    )


def corrections_in_force():
    return Correction.objects.in_force().order_by("pk").values_list("pk", "column", "new_value")


def refused_with(response, event_id, why: str):
    """Back on the change page, with the refusal as an error message."""
    assert response.status_code == 200
    message = corrections.NOTHING_TO_REVERT.format(id=event_id, why=why)
    assert message in messages_of(response)
    assert says(response, message)


def test_reverting_another_letters_change_is_refused(data_admin_client, corrected, cambridge):
    other = make_letter(cambridge, year_end=2023)
    AnnualLetter.objects.filter(pk=other.pk).update(upheld_percent=50)
    foreign = update_events(other).get()
    before = state(corrected)
    response = data_admin_client.post(revert_url(corrected, foreign.pk), follow=True)
    assert response.redirect_chain[0] == (change_url(corrected), 302)
    refused_with(response, foreign.pk, "it is not an update of this letter")
    assert state(corrected) == before
    other.refresh_from_db()
    assert other.upheld_percent == 50


def test_reverting_a_change_that_does_not_exist_is_refused(data_admin_client, corrected):
    before = state(corrected)
    response = data_admin_client.post(revert_url(corrected, 987654), follow=True)
    refused_with(response, 987654, "it is not an update of this letter")
    assert state(corrected) == before


def test_reverting_an_insert_is_refused(data_admin_client, corrected):
    insert = AnnualLetter.pgh_event_model.objects.get(pgh_obj_id=corrected.pk, pgh_label="insert")
    before = state(corrected)
    response = data_admin_client.post(revert_url(corrected, insert.pk), follow=True)
    refused_with(response, insert.pk, "it is not an update of this letter")
    assert state(corrected) == before


def test_reverting_a_change_whose_fields_changed_again_is_refused(
    data_admin_client, corrected, data_admin
):
    first = update_events(corrected).get()
    corrected.upheld_percent = 66
    corrections.letter_correct(letter=corrected, reason="Second look: 66%.", user=data_admin)
    before = state(corrected)
    response = data_admin_client.post(revert_url(corrected, first.pk), follow=True)
    refused_with(response, first.pk, "the fields it changed have been changed again since")
    assert state(corrected) == before
    assert before[0] == 66


def test_reverting_by_get_is_405_and_changes_nothing(data_admin_client, corrected):
    change = update_events(corrected).get()
    before = state(corrected)
    response = data_admin_client.get(revert_url(corrected, change.pk))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert state(corrected) == before


@pytest.mark.parametrize("is_staff", [False, True], ids=["officer", "officer-made-staff"])
def test_an_officer_may_not_revert(client, corrected, cambridge, is_staff):
    officer = make_user("olive", group="Council officers", councils=[cambridge])
    officer.is_staff = is_staff
    officer.save()
    client.force_login(officer)
    change = update_events(corrected).get()
    before = state(corrected)
    assert client.post(revert_url(corrected, change.pk)).status_code == 403
    assert state(corrected) == before


def test_the_public_is_sent_to_sign_in_and_nothing_is_reverted(client, corrected):
    change = update_events(corrected).get()
    before = state(corrected)
    response = client.post(revert_url(corrected, change.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert state(corrected) == before


def test_reverting_for_a_letter_that_does_not_exist_is_404(data_admin_client, corrected):
    change = update_events(corrected).get()
    response = data_admin_client.post(
        revert_url(corrected, change.pk).replace(f"/{corrected.pk}/", "/987654/")
    )
    assert response.status_code == 404

"""A letter is withdrawn, never deleted: through the admin, with a reason; kept with its
original and history, marked (when, by whom, why), no longer current, so gone from the
public pages and the averages; the earlier version, if there is one, current again."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from councils.selectors.averages import type_averages
from documents.current import WITHDRAWAL_REASON_REQUIRED, WithdrawalRefused, withdraw
from letters.models import AnnualLetter, ServiceComplaintStats
from tests.support.admin_forms import admin_url, change_url
from tests.support.factories import make_council, make_letter
from tests.support.http import messages_of

pytestmark = pytest.mark.django_db

REASON = "Uploaded for the wrong council: this is Felpersham's letter."


@pytest.fixture
def versions(cambridge):
    """Cambridge's 2023-24 letter uploaded twice (60% then 80% upheld), and a neighbour's
    letter of the same year (40%): (first, second)."""
    first = make_letter(cambridge, upheld_percent=60, upheld_count=18, is_current=False)
    second = make_letter(cambridge, upheld_percent=80, upheld_count=24)
    AnnualLetter.objects.filter(pk=second.pk).update(
        uploaded_at=first.uploaded_at + timedelta(hours=1)
    )
    make_letter(make_council(slug="neighbour"), upheld_percent=40, upheld_count=12)
    return first, AnnualLetter.objects.get(pk=second.pk)


def withdraw_in_admin(client, letter, reason=REASON):
    return client.post(admin_url(letter, "withdraw"), {"reason": reason}, follow=True)


def district_2024():
    [average] = type_averages(authority_type="district", year=2024)
    return average


def test_a_letter_cannot_be_deleted_in_the_admin(data_admin_client, letter):
    assert data_admin_client.get(admin_url(letter, "delete")).status_code == 403
    assert data_admin_client.post(admin_url(letter, "delete"), {"post": "yes"}).status_code == 403
    changelist = data_admin_client.get(reverse("admin:letters_annualletter_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert AnnualLetter.objects.filter(pk=letter.pk).exists()


def test_the_change_page_offers_withdraw_and_withdrawing_asks_why(data_admin_client, letter):
    page = data_admin_client.get(change_url(letter)).content.decode()
    assert f'href="{admin_url(letter, "withdraw")}"' in page
    form = data_admin_client.get(admin_url(letter, "withdraw"))
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    for reason in ("", "   "):
        response = data_admin_client.post(admin_url(letter, "withdraw"), {"reason": reason})
        assert response.status_code == 200
        assert escape(WITHDRAWAL_REASON_REQUIRED) in response.content.decode()
    letter.refresh_from_db()
    assert letter.is_current and letter.withdrawn_at is None


def test_withdrawing_the_current_version_brings_back_the_earlier_one(
    data_admin, data_admin_client, versions
):
    first, second = versions
    assert district_2024().letters == 2
    assert district_2024().uphold_pooled == pytest.approx(100 * (24 + 12) / 60)

    response = withdraw_in_admin(data_admin_client, second)
    assert any("withdrawn" in m and "current again" in m for m in messages_of(response))

    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.is_current, second.withdrawn_by, second.withdrawn_reason) == (
        False,
        data_admin,
        REASON,
    )
    assert second.withdrawn_at is not None
    assert first.is_current and first.withdrawn_at is None
    assert list(AnnualLetter.objects.current().filter(council=second.council)) == [first]
    # The averages count the earlier version again.
    assert district_2024().letters == 2
    assert district_2024().uphold_pooled == pytest.approx(100 * (18 + 12) / 60)
    # Kept: the row, and its original in storage.
    assert default_storage.exists(second.original.name)

    # In the history, with the reason, the user and the admin's address.
    event = AnnualLetter.pgh_event_model.objects.filter(pgh_obj_id=second.pk).latest("pgh_id")
    assert (event.is_current, event.withdrawn_reason) == (False, REASON)
    metadata = event.pgh_context.metadata
    assert REASON in metadata["reason"] and metadata["user"] == data_admin.pk
    assert metadata["url"] == admin_url(second, "withdraw")
    promoted = AnnualLetter.pgh_event_model.objects.filter(pgh_obj_id=first.pk).latest("pgh_id")
    assert promoted.is_current and promoted.pgh_context_id == event.pgh_context_id

    # The change page says so and offers no second withdrawal.
    page = data_admin_client.get(change_url(second)).content.decode()
    assert 'id="withdrawn-note"' in page and escape(REASON) in page
    assert f'href="{admin_url(second, "withdraw")}"' not in page
    assert f'id="change-{event.pk}"' in page


def test_a_withdrawn_letter_is_gone_from_the_public_pages(versions):
    first, second = versions
    withdraw(second, reason=REASON)
    public = Client()
    assert public.get(second.get_absolute_url()).status_code == 404
    original = reverse("letters:letter-original", args=[second.pk])
    assert public.get(original).status_code == 404
    council_page = public.get(second.council.get_absolute_url()).content.decode()
    assert second.get_absolute_url() not in council_page
    assert first.get_absolute_url() in council_page
    assert public.get(first.get_absolute_url()).status_code == 200
    assert second.get_absolute_url() not in public.get(first.get_absolute_url()).content.decode()


def test_withdrawing_the_only_letter_leaves_no_letter_for_the_year(cambridge):
    letter = make_letter(cambridge, upheld_percent=50)
    make_letter(make_council(slug="other"), upheld_percent=40, upheld_count=12)
    assert withdraw(letter, reason=REASON) is None
    assert not AnnualLetter.objects.current().filter(council=cambridge).exists()
    assert district_2024().letters == 1


def test_withdrawing_an_older_version_leaves_the_current_one(versions):
    first, second = versions
    assert withdraw(first, reason=REASON) == second
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.withdrawn_at is not None and not first.is_current
    assert second.is_current
    # Withdrawn versions never come back: withdrawing the current one now leaves none.
    assert withdraw(second, reason=REASON) is None
    assert not AnnualLetter.objects.current().filter(council=second.council).exists()


def test_a_letters_service_rows_go_with_it(cambridge):
    letter = make_letter(cambridge)
    ServiceComplaintStats.objects.create(
        council=cambridge,
        period_start=letter.period_start,
        period_end=letter.period_end,
        source=ServiceComplaintStats.Source.LGSCO_LETTER,
        letter=letter,
        service="Housing",
        complaints=4,
    )
    assert ServiceComplaintStats.objects.current().exists()
    withdraw(letter, reason=REASON)
    assert not ServiceComplaintStats.objects.current().exists()
    assert ServiceComplaintStats.objects.exists()  # kept


def test_withdrawing_twice_or_without_a_reason_is_refused(letter, data_admin_client):
    with pytest.raises(WithdrawalRefused, match="reason"):
        withdraw(letter, reason=" ")
    withdraw(letter, reason=REASON)
    with pytest.raises(WithdrawalRefused, match="already withdrawn"):
        withdraw(letter, reason=REASON)
    response = data_admin_client.post(
        admin_url(letter, "withdraw"), {"reason": "again"}, follow=True
    )
    assert any("already withdrawn" in m for m in messages_of(response))


def test_the_database_keeps_a_withdrawn_letter_out_of_current(letter):
    for changes in (
        {"withdrawn_at": timezone.now(), "withdrawn_reason": REASON},  # still current
        {"withdrawn_at": timezone.now(), "is_current": False},  # no reason
    ):
        with pytest.raises(IntegrityError, match="letter_withdrawn_"):
            with transaction.atomic():
                AnnualLetter.objects.filter(pk=letter.pk).update(**changes)


def test_officers_cannot_withdraw(officer_client, letter):
    assert officer_client.post(admin_url(letter, "withdraw"), {"reason": REASON}).status_code == 403
    letter.refresh_from_db()
    assert letter.withdrawn_at is None

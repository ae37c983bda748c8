"""What a user gets when an upload or a stored original goes wrong: a clear message and
the right status, nothing written, never a 500. Originals missing from storage, an officer
linked to no council, and report previews cancelled, expired and confirmed twice."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents import services as uploads
from documents.ingest import NO_COUNCIL_LINKED, UploadRefused
from documents.models import UploadPreview
from letters.models import AnnualLetter, ServiceComplaintStats
from reports.models import CouncilReport, CouncilReportYear
from tests.support.factories import make_letter, make_report, make_user
from tests.support.http import messages_of, says, upload, upload_url
from tests.support.paths import SEED_LETTER_2018, SEED_REPORT, require_shared
from tests.support.queue import previews_kept

pytestmark = pytest.mark.django_db

UPLOAD = upload_url()
REPORT = SEED_REPORT
LETTER_2018 = SEED_LETTER_2018


def nothing_written() -> bool:
    return not (
        AnnualLetter.objects.exists()
        or CouncilReport.objects.exists()
        or CouncilReportYear.objects.exists()
        or ServiceComplaintStats.objects.exists()
    )


# --- An original missing from storage ----------------------------------------------


def test_a_letters_original_missing_from_storage_is_a_404_and_its_page_still_renders(
    client, cambridge
):
    letter = make_letter(cambridge)
    default_storage.delete(letter.original.name)
    assert not default_storage.exists(letter.original.name)

    response = client.get(reverse("letters:letter-original", args=[letter.pk]))
    assert response.status_code == 404

    page = client.get(reverse("letters:letter-detail", args=[letter.pk]))
    assert page.status_code == 200
    assert reverse("letters:letter-original", args=[letter.pk]) in page.content.decode()


def test_a_reports_original_missing_from_storage_is_a_404(client, cambridge):
    report = make_report(cambridge)
    default_storage.delete(report.original.name)
    response = client.get(reverse("reports:report-original", args=[report.pk]))
    assert response.status_code == 404
    # The council page listing the report still renders.
    assert client.get(cambridge.get_absolute_url()).status_code == 200


def test_originals_of_letters_and_reports_that_do_not_exist_are_404s(client, db):
    assert client.get(reverse("letters:letter-original", args=[987654])).status_code == 404
    assert client.get(reverse("reports:report-original", args=[987654])).status_code == 404
    assert client.get(reverse("letters:letter-detail", args=[987654])).status_code == 404


# --- An officer linked to no council ----------------------------------------------


def test_an_officer_with_no_council_is_refused_saying_so(client, cambridge):
    client.force_login(make_user("unlinked", group="Council officers"))
    response = upload(client, "letter.txt", require_shared(LETTER_2018).read_bytes())
    assert response.status_code == 403
    assert says(response, NO_COUNCIL_LINKED.format(council="Cambridge City Council"))
    assert nothing_written()
    assert previews_kept() == 0


def test_an_officer_with_no_council_is_refused_a_report_too(client, cambridge):
    client.force_login(make_user("unlinked", group="Council officers"))
    response = upload(client, "report.txt", require_shared(REPORT).read_bytes())
    assert response.status_code == 403
    assert says(response, NO_COUNCIL_LINKED.format(council="Cambridge City Council"))
    assert nothing_written()
    assert previews_kept() == 0


# --- Council report previews -------------------------------------------------------


def report_preview(client) -> str:
    response = upload(client, "report.txt", require_shared(REPORT).read_bytes())
    assert response.status_code == 302, response.content.decode()[:3000]
    assert UploadPreview.objects.get().kind == "council-report"
    return response["Location"]


def test_a_cancelled_report_preview_saves_nothing_and_is_gone(officer_client, cambridge):
    preview = report_preview(officer_client)
    response = officer_client.post(preview, {"action": "cancel"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == UPLOAD
    assert says(response, uploads.PREVIEW_CANCELLED)
    assert nothing_written()
    assert previews_kept() == 0
    # The preview is gone: neither shown nor confirmable.
    assert officer_client.get(preview).status_code == 404
    assert officer_client.post(preview, {"action": "confirm"}).status_code == 404
    assert nothing_written()


def test_an_expired_report_preview_cannot_be_confirmed(officer_client, cambridge):
    preview = report_preview(officer_client)
    UploadPreview.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = officer_client.post(preview, {"action": "confirm"})
    assert response.status_code == 410
    assert says(response, uploads.PREVIEW_EXPIRED)
    assert nothing_written()
    # Shown, it says the same.
    page = officer_client.get(preview)
    assert page.status_code == 410
    assert says(page, uploads.PREVIEW_EXPIRED)


def test_an_expired_report_preview_refused_by_the_service_too(officer, cambridge):
    """Had the page been opened before it expired, Confirm itself refuses (410)."""
    client = Client()
    client.force_login(officer)
    report_preview(client)
    preview = UploadPreview.objects.get()
    preview.expires_at = timezone.now() - timedelta(seconds=1)
    preview.save(update_fields=["expires_at"])
    with pytest.raises(UploadRefused) as refused:
        uploads.upload_preview_confirm(preview=preview, user=officer)
    assert (refused.value.status, refused.value.message) == (410, uploads.PREVIEW_EXPIRED)
    assert nothing_written()


def test_a_report_preview_confirmed_twice_saves_one_report(officer_client, cambridge):
    preview = report_preview(officer_client)
    first = officer_client.post(preview, {"action": "confirm"})
    assert first.status_code == 302
    assert first["Location"] == cambridge.get_absolute_url()
    report = CouncilReport.objects.get()
    rows = ServiceComplaintStats.objects.count()

    second = officer_client.post(preview, {"action": "confirm"})
    assert second.status_code == 302
    assert second["Location"] == report.get_absolute_url()  # the report on its council's page
    assert CouncilReport.objects.get() == report
    assert ServiceComplaintStats.objects.count() == rows


def test_the_second_confirm_of_a_report_says_it_was_already_saved(officer_client, cambridge):
    preview = report_preview(officer_client)
    officer_client.post(preview, {"action": "confirm"}, follow=True)  # shows the success
    second = officer_client.post(preview, {"action": "confirm"}, follow=True)
    assert second.status_code == 200
    assert any("Already uploaded on" in m for m in messages_of(second))
    assert CouncilReport.objects.count() == 1


def test_the_second_confirm_of_a_letter_says_it_was_already_saved(officer_client, cambridge):
    response = upload(officer_client, "letter.txt", require_shared(LETTER_2018).read_bytes())
    preview = response["Location"]
    officer_client.post(preview, {"action": "confirm"}, follow=True)
    second = officer_client.post(preview, {"action": "confirm"}, follow=True)
    assert second.status_code == 200
    assert any("Already uploaded on" in m for m in messages_of(second))
    assert AnnualLetter.objects.count() == 1


def test_the_service_says_a_report_confirmed_twice_is_already_present(officer, cambridge):
    client = Client()
    client.force_login(officer)
    report_preview(client)
    preview = UploadPreview.objects.get()
    first = uploads.upload_preview_confirm(preview=preview, user=officer)
    second = uploads.upload_preview_confirm(preview=preview, user=officer)
    assert (first.status, second.status) == (first.IMPORTED, second.ALREADY_PRESENT)
    assert second.document == first.document
    assert CouncilReport.objects.count() == 1

"""What a user gets when things go wrong: a clear message and the right status, nothing
written, never a 500. Missing originals, an officer with no council, report previews
cancelled, expired and confirmed twice, refused reverts, and bad filters on public pages."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from documents import services as uploads
from documents.ingest import NO_COUNCIL_LINKED, UploadRefused
from documents.models import UploadPreview
from letters import corrections
from letters.models import AnnualLetter, Correction, ServiceComplaintStats
from reports.models import CouncilReport, CouncilReportYear
from tests.support.factories import make_council, make_letter, make_report, make_user
from tests.support.paths import SEEDS, require_shared

pytestmark = pytest.mark.django_db

UPLOAD = reverse("documents:upload")
REPORT = SEEDS / "cambridge-city-annual-complaints-report-2019-20.txt"
LETTER_2018 = SEEDS / "lgsco-2018-cambridge-city.txt"


@pytest.fixture(autouse=True)
def empty_cache():
    """The public pages are cached: no test sees another's pages."""
    cache.clear()
    yield
    cache.clear()


def upload(client, name: str, data: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def says(response, message: str) -> bool:
    """The page shows the message (as HTML-escaped text)."""
    return escape(message) in response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def nothing_written() -> bool:
    return not (
        AnnualLetter.objects.exists()
        or CouncilReport.objects.exists()
        or CouncilReportYear.objects.exists()
        or ServiceComplaintStats.objects.exists()
    )


# --- 1. An original missing from storage ----------------------------------------------


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


# --- 2. An officer linked to no council ----------------------------------------------


def test_an_officer_with_no_council_is_refused_saying_so(client, cambridge):
    client.force_login(make_user("unlinked", group="Council officers"))
    response = upload(client, "letter.txt", require_shared(LETTER_2018).read_bytes())
    assert response.status_code == 403
    assert says(response, NO_COUNCIL_LINKED.format(council="Cambridge City Council"))
    assert nothing_written()
    assert not UploadPreview.objects.exists()


def test_an_officer_with_no_council_is_refused_a_report_too(client, cambridge):
    client.force_login(make_user("unlinked", group="Council officers"))
    response = upload(client, "report.txt", require_shared(REPORT).read_bytes())
    assert response.status_code == 403
    assert says(response, NO_COUNCIL_LINKED.format(council="Cambridge City Council"))
    assert nothing_written()
    assert not UploadPreview.objects.exists()


# --- 3. Council report previews -------------------------------------------------------


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
    assert not UploadPreview.objects.exists()
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


# --- 4. Refused reverts in the letter admin -------------------------------------------


def update_events(letter):
    return AnnualLetter.pgh_event_model.objects.filter(pgh_obj_id=letter.pk, pgh_label="update")


def revert_url(letter, event_id) -> str:
    return reverse("admin:letters_annualletter_revert", args=[letter.pk, event_id])


def change_url(letter) -> str:
    return reverse("admin:letters_annualletter_change", args=[letter.pk])


@pytest.fixture
def data_admin():
    return make_user("dana", group="Data admins")


@pytest.fixture
def admin_client(data_admin):
    client = Client()
    client.force_login(data_admin)
    return client


@pytest.fixture
def corrected(cambridge, data_admin):
    """A letter whose uphold rate a data admin corrected from 70% to 68%."""
    letter = make_letter(cambridge, upheld_percent=70, upheld_count=21, investigations=30)
    letter.upheld_percent = 68
    corrections.letter_correct(letter=letter, reason="The letter says 68%.", user=data_admin)
    return letter


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


def test_reverting_another_letters_change_is_refused(admin_client, corrected, cambridge):
    other = make_letter(cambridge, year_end=2023)
    AnnualLetter.objects.filter(pk=other.pk).update(upheld_percent=50)
    foreign = update_events(other).get()
    before = state(corrected)
    response = admin_client.post(revert_url(corrected, foreign.pk), follow=True)
    assert response.redirect_chain[0] == (change_url(corrected), 302)
    refused_with(response, foreign.pk, "it is not an update of this letter")
    assert state(corrected) == before
    other.refresh_from_db()
    assert other.upheld_percent == 50


def test_reverting_a_change_that_does_not_exist_is_refused(admin_client, corrected):
    before = state(corrected)
    response = admin_client.post(revert_url(corrected, 987654), follow=True)
    refused_with(response, 987654, "it is not an update of this letter")
    assert state(corrected) == before


def test_reverting_an_insert_is_refused(admin_client, corrected):
    insert = AnnualLetter.pgh_event_model.objects.get(pgh_obj_id=corrected.pk, pgh_label="insert")
    before = state(corrected)
    response = admin_client.post(revert_url(corrected, insert.pk), follow=True)
    refused_with(response, insert.pk, "it is not an update of this letter")
    assert state(corrected) == before


def test_reverting_a_change_whose_fields_changed_again_is_refused(
    admin_client, corrected, data_admin
):
    first = update_events(corrected).get()
    corrected.upheld_percent = 66
    corrections.letter_correct(letter=corrected, reason="Second look: 66%.", user=data_admin)
    before = state(corrected)
    response = admin_client.post(revert_url(corrected, first.pk), follow=True)
    refused_with(response, first.pk, "the fields it changed have been changed again since")
    assert state(corrected) == before
    assert before[0] == 66


def test_reverting_by_get_is_405_and_changes_nothing(admin_client, corrected):
    change = update_events(corrected).get()
    before = state(corrected)
    response = admin_client.get(revert_url(corrected, change.pk))
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


def test_reverting_for_a_letter_that_does_not_exist_is_404(admin_client, corrected):
    change = update_events(corrected).get()
    response = admin_client.post(
        revert_url(corrected, change.pk).replace(f"/{corrected.pk}/", "/987654/")
    )
    assert response.status_code == 404


# --- 5. Bad filters on the public pages -----------------------------------------------


@pytest.fixture
def districts(cambridge):
    """Two districts with letters for 2023 and 2024, and an abolished one."""
    neighbour = make_council(short_name="Borchester", slug="borchester")
    make_council(
        official_name="Old Ambridge Rural District Council",
        short_name="Old Ambridge",
        slug="old-ambridge",
        start_date=date(1974, 4, 1),
        end_date=date(2009, 3, 31),
    )
    for year in (2023, 2024):
        make_letter(cambridge, year_end=year)
        make_letter(neighbour, year_end=year, upheld_count=5, investigations=10,
                    upheld_percent=50)  # fmt: skip
    return cambridge, neighbour


BAD_QUERIES = [
    "year=abc",
    "year=99999999999999999999",
    "year=0",
    "year=-1",
    "year=2024.5",
    "status=nonsense",
    "year=abc&status=nonsense",
    "year=&status=",
    "year=abc&_export=csv",
    "status=nonsense&_export=json",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_filters_on_the_council_list_show_the_page_without_them(client, districts, query):
    response = client.get(f"/councils/?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    # Unfiltered by year: every council with a letter is listed with its latest figures.
    for council in districts:
        assert council.slug in body or council.official_name in body


def test_a_bad_year_on_the_council_list_is_not_taken_as_a_year(client, districts):
    unfiltered = client.get("/councils/?_export=json").json()
    for query in ("year=abc", "year=0", "year=99999999999999999999"):
        bad = client.get(f"/councils/?{query}&_export=json").json()
        assert bad["rows"] == unfiltered["rows"], query
        assert "year" not in bad["filters"], query


def test_an_unknown_status_on_the_council_list_is_not_applied(client, districts):
    response = client.get("/councils/?status=nonsense&_export=json")
    assert response.status_code == 200
    assert "status" not in response.json()["filters"]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_query_filters_on_a_compare_page_are_ignored(client, districts, query):
    response = client.get(f"/compare/district/2024/?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", ["/compare/district/abc/", "/compare/district/-1/", "/compare/district/2024.5/"]
)
def test_a_compare_year_that_is_not_a_number_is_not_found(client, districts, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("year", ["1999", "2100", "9999"])
def test_a_compare_year_without_letters_is_a_helpful_404(client, districts, year):
    response = client.get(f"/compare/district/{year}/")
    assert response.status_code == 404


@pytest.mark.parametrize("year", ["0", "99999999999999999999", "10000"])
def test_a_compare_year_out_of_range_is_a_4xx_not_a_500(districts, year):
    client = Client(raise_request_exception=False)
    response = client.get(f"/compare/district/{year}/")
    assert 400 <= response.status_code < 500

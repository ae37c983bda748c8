"""The upload flow over HTTP: who may upload, what is refused, and what is written."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents import forms
from documents import services as uploads
from documents.models import UploadPreview
from letters.models import AnnualLetter, ServiceComplaintStats
from letters.parsing import errors as parse_errors
from reports.parsing import errors as report_errors
from tests.support.factories import make_council, make_user
from tests.support.http import says, upload
from tests.support.paths import SEED_LETTER_2018
from tests.support.pdfs import bomb_pdf, text_to_pdf
from tests.support.queue import previews_kept
from tests.support.texts import letter_text

pytestmark = pytest.mark.django_db

UPLOAD = reverse("documents:upload")


def seed_2018() -> bytes:
    return SEED_LETTER_2018.read_bytes()


def rows_written() -> tuple[int, int, int]:
    return (
        AnnualLetter.objects.count(),
        ServiceComplaintStats.objects.count(),
        previews_kept(),
    )


def test_anonymous_upload_redirects_to_sign_in(client):
    for response in (client.get(UPLOAD), upload(client, "letter.txt", seed_2018())):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert rows_written() == (0, 0, 0)


def test_a_user_outside_the_upload_groups_is_refused(client, db):
    client.force_login(make_user("member-of-public"))
    response = client.get(UPLOAD)
    assert response.status_code == 403
    assert "cannot upload letters" in response.content.decode()


def test_a_post_without_csrf_token_is_refused(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = upload(client, "letter.txt", seed_2018())
    assert response.status_code == 403
    assert rows_written() == (0, 0, 0)


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("letter.pdf", b"", 400, forms.FILE_EMPTY),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), 413, "files of up to 10 MB"),
        ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 500, 400, forms.FILE_NOT_PDF),
        ("bomb.zip", b"PK\x03\x04" + b"\x00" * 100, 400, "“.zip” files are not accepted"),
        ("bomb.pdf", b"PK\x03\x04" + b"\x00" * 100, 400, forms.FILE_NOT_PDF),
        ("letter.txt", b"\xff\xfe\x00binary", 400, forms.FILE_NOT_TEXT.format(suffix=".txt")),
    ],
    ids=["empty", "11MB", "exe-renamed", "zip", "zip-renamed", "binary-txt"],
)
def test_bad_files_get_their_own_message_and_write_nothing(
    officer_client, name, data, status, message
):
    response = upload(officer_client, name, data)
    assert response.status_code == status
    assert says(response, message)
    assert rows_written() == (0, 0, 0)


def test_a_file_just_over_the_limit_is_refused_by_the_form(officer_client):
    # Multipart overhead keeps this under the early Content-Length guard: the form decides.
    data = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1 - 9)
    response = upload(officer_client, "big.pdf", data)
    assert response.status_code == 400
    assert "the limit is 10 MB" in response.content.decode()


def test_a_pdf_that_is_not_a_letter_is_refused(officer_client):
    pdf = text_to_pdf("Minutes of the parish council\n\nThe meeting opened at 7pm.")
    response = upload(officer_client, "minutes.pdf", pdf)
    assert response.status_code == 422
    assert says(response, parse_errors.NOT_A_LETTER)
    assert rows_written() == (0, 0, 0)


def test_a_decompression_bomb_is_refused_and_the_site_survives(officer_client):
    response = upload(officer_client, "bomb.pdf", bomb_pdf())
    assert response.status_code == 422
    assert rows_written() == (0, 0, 0)
    assert officer_client.get(UPLOAD).status_code == 200


def test_a_council_report_without_figures_is_refused_as_a_report(officer_client):
    text = "Cambridge City Council\nAnnual Complaints Report 2019-20\n\nWe learnt a lot.\n"
    response = upload(officer_client, "report.txt", text.encode())
    assert response.status_code == 422
    assert says(response, report_errors.NO_SERVICE_FIGURES)
    assert rows_written() == (0, 0, 0)


def test_upload_preview_confirm_saves_the_letter(officer_client, officer, cambridge):
    response = upload(officer_client, "Cambridge letter (final).txt", seed_2018())
    assert response.status_code == 302
    preview_url = response["Location"]
    assert AnnualLetter.objects.count() == 0  # nothing saved before Confirm

    page = officer_client.get(preview_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cambridge City Council" in html
    assert 'data-figure="Uphold rate (decisions table)">67%' in html
    assert 'data-figure="Total decisions">19' in html

    response = officer_client.post(preview_url, {"action": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == cambridge.get_absolute_url()
    letter = AnnualLetter.objects.get()
    assert (letter.council, letter.uploaded_by, letter.is_current) == (cambridge, officer, True)
    assert (letter.decisions_upheld, letter.investigations, letter.upheld_percent) == (2, 3, 67)
    assert str(letter.period_end) == "2018-03-31"
    services_received = dict(letter.service_stats.values_list("service", "complaints"))
    assert services_received["Housing"] == 6 and services_received["Total"] == 19
    # Stored under a generated name, not the uploader's.
    assert "Cambridge" not in letter.original.name
    assert default_storage.exists(letter.original.name)
    assert letter.original_filename == "Cambridge letter (final).txt"


def test_the_preview_sets_figures_beside_last_year_and_the_type_average(officer_client, cambridge):
    neighbour = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    admin = Client()
    admin.force_login(make_user("admin-2", group="Data admins"))
    # Last year's letter for Cambridge, and this year's for a neighbour of the same type.
    for council, year, upheld in ((cambridge, 2023, 4), (neighbour, 2024, 3)):
        text = letter_text(council.official_name, year_end=year, upheld=upheld, investigations=10)
        admin.post(upload(admin, "l.txt", text.encode())["Location"], {"action": "confirm"})

    text = letter_text("Cambridge City Council", year_end=2024, upheld=7, investigations=10)
    html = officer_client.get(upload(officer_client, "l.txt", text.encode())["Location"])
    html = html.content.decode()
    assert 'data-figure="Upheld">70%' in html
    assert 'The 2022-23 letter: <span data-previous="Upheld">40%</span>' in html  # Cambridge
    # The type average computed here: only the neighbour's letter is stored for 2023-24.
    assert 'data-average="Upheld">30.0%' in html


def test_the_same_file_again_is_already_uploaded(officer_client, officer):
    preview = upload(officer_client, "letter.txt", seed_2018())["Location"]
    officer_client.post(preview, {"action": "confirm"})
    before = rows_written()
    response = upload(officer_client, "copy.txt", seed_2018())
    assert response.status_code == 409
    html = response.content.decode()
    assert "Already uploaded on" in html and "by cam-officer" in html
    assert AnnualLetter.objects.get().get_absolute_url() in html
    assert rows_written() == before


def test_confirming_twice_writes_one_letter(officer_client):
    preview = upload(officer_client, "letter.txt", seed_2018())["Location"]
    officer_client.post(preview, {"action": "confirm"})
    response = officer_client.post(preview, {"action": "confirm"})
    assert response.status_code == 302
    assert AnnualLetter.objects.count() == 1


def test_a_new_version_for_the_same_year_becomes_current_and_keeps_the_old(
    officer_client, cambridge
):
    for figures in ({"upheld": 5}, {"upheld": 6}):
        text = letter_text("Cambridge City Council", investigations=10, **figures)
        preview = upload(officer_client, "letter.txt", text.encode())["Location"]
        officer_client.post(preview, {"action": "confirm"})
    old, new = AnnualLetter.objects.order_by("uploaded_at")
    assert (old.is_current, new.is_current) == (False, True)
    assert (old.upheld_count, new.upheld_count) == (5, 6)
    page = officer_client.get(old.get_absolute_url()).content.decode()
    assert "earlier version" in page
    assert new.get_absolute_url() in page


def test_an_officer_of_another_council_is_refused_naming_both(client, borsetshire, cambridge):
    client.force_login(make_user("bor-officer", group="Council officers", councils=[borsetshire]))
    response = upload(client, "letter.txt", seed_2018())
    assert response.status_code == 403
    html = response.content.decode()
    assert "This letter is for Cambridge City Council" in html
    assert "only for Borsetshire District Council" in html
    assert rows_written() == (0, 0, 0)


def test_a_council_missing_from_the_register_asks_for_a_data_admin(officer_client):
    text = letter_text("Loamshire County Council")
    response = upload(officer_client, "letter.txt", text.encode())
    assert response.status_code == 422
    html = response.content.decode()
    assert "Loamshire County Council" in html and "ask a data admin to add the council" in html
    assert rows_written() == (0, 0, 0)


def test_a_data_admin_uploads_for_any_council(client, borsetshire):
    client.force_login(make_user("admin-1", group="Data admins"))
    text = letter_text("Borsetshire District Council")
    preview = upload(client, "letter.txt", text.encode())["Location"]
    client.post(preview, {"action": "confirm"})
    assert AnnualLetter.objects.get().council == borsetshire


def test_cancel_discards_the_upload(officer_client):
    preview = upload(officer_client, "letter.txt", seed_2018())["Location"]
    response = officer_client.post(preview, {"action": "cancel"}, follow=True)
    assert says(response, uploads.PREVIEW_CANCELLED)
    assert rows_written() == (0, 0, 0)


def test_an_expired_preview_cannot_be_confirmed(officer_client):
    preview = upload(officer_client, "letter.txt", seed_2018())["Location"]
    UploadPreview.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = officer_client.post(preview, {"action": "confirm"})
    assert response.status_code == 410
    assert AnnualLetter.objects.count() == 0


def test_someone_elses_preview_is_not_found(officer_client, client, cambridge):
    preview = upload(officer_client, "letter.txt", seed_2018())["Location"]
    client.force_login(make_user("other", group="Council officers", councils=[cambridge]))
    assert client.get(preview).status_code == 404
    assert client.post(preview, {"action": "confirm"}).status_code == 404


def test_the_original_is_served_as_an_attachment(officer_client, client):
    pdf = text_to_pdf(seed_2018().decode())
    preview = upload(officer_client, "scan 2018.pdf", pdf)["Location"]
    officer_client.post(preview, {"action": "confirm"})
    letter = AnnualLetter.objects.get()
    response = client.get(reverse("letters:letter-original", args=[letter.pk]))  # public
    assert response.status_code == 200
    assert response["Content-Disposition"] == ('attachment; filename="lgsco-cambridge-2017-18.pdf"')
    assert b"".join(response.streaming_content) == pdf


def test_failed_logins_are_throttled(client, officer):
    for _ in range(5):
        client.post(reverse("login"), {"username": "cam-officer", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "cam-officer", "password": "correct horse"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_figures_that_break_a_database_rule_are_refused_not_crashed(officer_client, cambridge):
    # A letter whose statistics claim more upheld complaints than investigations.
    text = letter_text("Cambridge City Council", upheld=12, investigations=10)
    response = upload(officer_client, "letter.txt", text.encode())
    preview = response["Location"]
    response = officer_client.post(preview, {"action": "confirm"})
    assert response.status_code == 422
    assert says(response, "more upheld complaints than investigations")
    assert AnnualLetter.objects.count() == 0


@pytest.mark.parametrize(
    "population,warned",
    [(120_000, True), (680_000, False), (None, False)],  # 21 upheld: 17.5, 3.1, unknown
)
def test_per_100k_is_checked_against_the_councils_population(client, population, warned):
    make_council(
        official_name="Borsetshire District Council",
        slug="borsetshire",
        population=population,
        population_year=2020 if population else None,
    )
    client.force_login(make_user("admin-1", group="Data admins"))
    text = letter_text("Borsetshire District Council", upheld=21, per_100k=3.1)
    html = client.get(upload(client, "letter.txt", text.encode())["Location"]).content.decode()
    message = "21 upheld for a population of 120,000 is 17.5"
    assert (message in html) is warned


def test_service_areas_keep_their_printed_order_through_preview_and_confirm(
    officer_client, cambridge
):
    """PostgreSQL's jsonb sorts keys ("Other" and "Total" first): the order is kept beside."""
    printed = ["Adult Care Services", "Benefits and Tax", "Corporate and Other Services"]
    preview_url = upload(officer_client, "letter.txt", seed_2018())["Location"]
    html = officer_client.get(preview_url).content.decode()
    positions = [html.index(f'data-service="{name}"') for name in [*printed, "Other", "Total"]]
    assert positions == sorted(positions)
    officer_client.post(preview_url, {"action": "confirm"})
    saved = list(
        AnnualLetter.objects.get().service_stats.order_by("pk").values_list("service", flat=True)
    )
    assert saved[:3] == printed and saved[-2:] == ["Other", "Total"]

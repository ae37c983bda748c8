"""Councils' own complaints reports through the same upload flow as letters."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from letters import corrections
from letters.models import AnnualLetter, ServiceComplaintStats
from reports.models import CouncilReport, CouncilReportYear
from reports.parsing import parse_council_report, report_to_csv
from tests.support.docx import text_to_docx
from tests.support.factories import make_council, make_user
from tests.support.http import upload
from tests.support.paths import SEED_REPORT
from tests.support.pdfs import text_to_pdf
from tests.support.report_expected import SERVICES

pytestmark = pytest.mark.django_db

REPORT = SEED_REPORT
COUNCIL_REPORT = ServiceComplaintStats.Source.COUNCIL_REPORT


def expected_rows() -> dict[tuple[str, str], tuple]:
    rows = {}
    for service, (_label, area, years) in SERVICES.items():
        for year, figures in years.items():
            rows[(service, year)] = (area, *[0 if f == "-" else f for f in figures])
    return rows


def stored_rows() -> dict[tuple[str, str], tuple]:
    rows = {}
    for row in ServiceComplaintStats.objects.filter(source=COUNCIL_REPORT):
        year = f"{row.period_start.year}-{str(row.period_end.year)[2:]}"
        percent = row.in_target_percent
        rows[(row.service, year)] = (
            row.ombudsman_service_area or None,
            row.complaints,
            row.stage_2,
            row.independent_investigator,
            int(percent) if percent is not None and percent == int(percent) else percent,
            row.multi_service,
            row.compliments,
        )
    return rows


@pytest.mark.parametrize(
    ("name", "render"),
    [
        ("report.txt", lambda text: text.encode()),
        ("report.pdf", text_to_pdf),
        ("report.docx", text_to_docx),
    ],
    ids=["text", "pdf", "docx"],
)
def test_the_seed_report_is_recognised_previewed_and_saved(officer_client, cambridge, name, render):
    response = upload(officer_client, name, render(REPORT.read_text()))
    assert response.status_code == 302, response.content.decode()[:3000]
    page = officer_client.get(response["Location"]).content.decode()
    assert "own annual complaints report" in page
    assert "Complaints by service, 2017-18" in page
    assert "Planning" in page and "parser-warnings" in page  # the report's own contradictions
    assert CouncilReport.objects.count() == 0  # nothing before Confirm

    response = officer_client.post(response["Location"], {"action": "confirm"})
    assert response["Location"] == cambridge.get_absolute_url()
    report = CouncilReport.objects.get()
    assert (report.council, report.report_year) == (cambridge, "2019-20")
    assert str(report.period_start) == "2017-04-01" and str(report.period_end) == "2020-03-31"
    years = {str(y.period_end): y for y in CouncilReportYear.objects.all()}
    assert (years["2020-03-31"].stage_1, years["2020-03-31"].stage_2) == (1056, 75)
    stored = stored_rows()
    for key, figures in expected_rows().items():
        assert stored.get(key) == tuple(None if f == "-8" else f for f in figures), (
            key
        )  # "-8" compliments: unknown, with a warning
    assert any("-8" in warning for warning in report.warnings)
    assert AnnualLetter.objects.count() == 0


def test_a_report_for_another_council_is_refused(client, cambridge):
    borsetshire = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    client.force_login(make_user("bor", group="Council officers", councils=[borsetshire]))
    response = upload(client, "report.txt", REPORT.read_bytes())
    assert response.status_code == 403
    html = response.content.decode()
    assert "Cambridge City Council" in html and "Borsetshire District Council" in html
    assert CouncilReport.objects.count() == ServiceComplaintStats.objects.count() == 0


def test_the_csv_template_round_trips_through_the_upload(officer_client, cambridge):
    parsed = parse_council_report(REPORT.read_bytes(), "report.txt")
    response = upload(officer_client, "our-figures.csv", report_to_csv(parsed).encode())
    assert response.status_code == 302, response.content.decode()[:3000]
    officer_client.post(response["Location"], {"action": "confirm"})
    from_csv = stored_rows()
    assert len(from_csv) == len(parsed.services)  # table rows and one-line services alike
    # The same figures, whether the report itself or the filled-in template was uploaded.
    for key, figures in expected_rows().items():
        assert from_csv[key][1:] == tuple(None if f == "-8" else f for f in figures[1:]), key


def test_the_same_report_twice_is_already_uploaded(officer_client):
    preview = upload(officer_client, "report.txt", REPORT.read_bytes())["Location"]
    officer_client.post(preview, {"action": "confirm"})
    response = upload(officer_client, "again.txt", REPORT.read_bytes())
    assert response.status_code == 409
    html = response.content.decode()
    assert "Already uploaded on" in html
    assert CouncilReport.objects.count() == 1
    # The link goes to the report where it is listed, on its council's page.
    report = CouncilReport.objects.get()
    link = f'href="/councils/cambridge/#report-{report.pk}"'
    assert f"{link}>See the complaints report already uploaded</a>" in html
    page = officer_client.get(report.get_absolute_url()).content.decode()
    assert f'id="report-{report.pk}"' in page


def test_a_word_file_that_is_not_a_word_file_is_refused(officer_client):
    response = upload(officer_client, "report.docx", b"%PDF-1.4 not really")
    assert response.status_code == 400
    assert "not a Word document" in response.content.decode()


def test_the_council_page_shows_both_sources(
    officer_client, cambridge, django_assert_max_num_queries
):
    from tests.support.paths import SEEDS as seeds

    preview = upload(officer_client, "report.txt", REPORT.read_bytes())["Location"]
    officer_client.post(preview, {"action": "confirm"})
    client = Client()  # the public
    letter = (seeds / "lgsco-2020-canterbury-city.txt").read_text()
    # The Ombudsman's letter for 2019-20, addressed to Cambridge for this test.
    letter = letter.replace("Canterbury City Council", "Cambridge City Council")
    preview = upload(officer_client, "letter.txt", letter.encode())["Location"]
    officer_client.post(preview, {"action": "confirm"})

    # Ten for the council page's own figures, one for its similar and neighbouring councils,
    # one for what the Ombudsman said.
    with django_assert_max_num_queries(12):
        response = client.get(cambridge.get_absolute_url())
    html = response.content.decode()
    assert "own complaint figures" in html
    own = html[html.index('id="own-figures"') :]
    row_2019_20 = own[own.index("2019-20") : own.index("</tr>", own.index("2019-20"))]
    cells = [c.split(">")[-1] for c in row_2019_20.split("</td>")[:-1]]
    # Stage 1, stage 2, ... from the council's report; investigated and upheld from the letter.
    assert cells[0] == "1056" and cells[1] == "75"
    assert cells[-2:] == ["10", "5"]
    assert "Complaints to the council by service, 2019-20" in html
    assert "Greater Cambridge Shared Waste Service" in html
    assert "Council&#x27;s own annual complaints report" in html  # the service table's source


def test_the_council_page_links_the_report_for_download(officer_client, cambridge):
    preview = upload(officer_client, "Our report.txt", REPORT.read_bytes())["Location"]
    officer_client.post(preview, {"action": "confirm"})
    report = CouncilReport.objects.get()
    html = Client().get(cambridge.get_absolute_url()).content.decode()
    link = reverse("reports:report-original", args=[report.pk])
    assert link in html
    assert 'id="channels"' in html
    response = Client().get(link)
    assert response["Content-Disposition"] == (
        'attachment; filename="cambridge-complaints-report-2019-20.txt"'
    )
    assert b"".join(response.streaming_content) == REPORT.read_bytes()


def test_data_admins_see_reports_in_the_admin_and_officers_do_not(officer_client, cambridge):
    preview = upload(officer_client, "report.txt", REPORT.read_bytes())["Location"]
    officer_client.post(preview, {"action": "confirm"})
    report = CouncilReport.objects.get()
    change = reverse("admin:reports_councilreport_change", args=[report.pk])
    admin = Client()
    admin.force_login(make_user("data-admin", group="Data admins"))
    response = admin.get(change)
    assert response.status_code == 200
    assert "1056" in response.content.decode()  # the 2019-20 stage 1 figure, inline
    assert officer_client.get(change).status_code == 403


def _report_admin_form(admin, report):
    """The admin change form's data as shown, for posting back with changes."""
    change = reverse("admin:reports_councilreport_change", args=[report.pk])
    years = list(report.years.order_by("pk"))
    data = {
        "council_name_as_printed": report.council_name_as_printed,
        "report_year": report.report_year,
        "years-TOTAL_FORMS": str(len(years)),
        "years-INITIAL_FORMS": str(len(years)),
        "years-MIN_NUM_FORMS": "0",
        "years-MAX_NUM_FORMS": "1000",
    }
    fields = ["stage_1", "stage_2", "independent_investigator", "ombudsman"]
    fields += ["in_target_percent", "compliments"]
    for i, year in enumerate(years):
        data[f"years-{i}-id"] = str(year.pk)
        data[f"years-{i}-report"] = str(report.pk)
        for field in fields:
            value = getattr(year, field)
            data[f"years-{i}-{field}"] = "" if value is None else str(value)
    return change, data, years


def test_a_data_admins_change_to_a_report_needs_a_reason_and_is_in_its_history(
    officer_client, cambridge
):
    preview = upload(officer_client, "report.txt", REPORT.read_bytes())["Location"]
    officer_client.post(preview, {"action": "confirm"})
    report = CouncilReport.objects.get()
    admin = Client()
    admin.force_login(make_user("data-admin", group="Data admins"))
    change, data, years = _report_admin_form(admin, report)
    year = years[0]
    data["years-0-stage_1"] = str((year.stage_1 or 0) + 1)

    # Without a reason nothing changes.
    response = admin.post(change, data)
    assert response.status_code == 200
    assert corrections.REASON_REQUIRED in response.content.decode()
    year.refresh_from_db()
    assert data["years-0-stage_1"] != str(year.stage_1)

    # With one, the change is saved and its history row carries the reason and the user.
    response = admin.post(change, {**data, "reason": "The report's table says so."})
    assert response.status_code == 302
    year.refresh_from_db()
    assert str(year.stage_1) == data["years-0-stage_1"]
    event = CouncilReportYear.pgh_event_model.objects.filter(pgh_obj=year, pgh_label="update").get()
    assert event.pgh_context.metadata["reason"] == "The report's table says so."
    assert event.stage_1 == year.stage_1


def test_a_reports_council_cannot_be_changed_in_the_admin(officer_client, cambridge):
    preview = upload(officer_client, "report.txt", REPORT.read_bytes())["Location"]
    officer_client.post(preview, {"action": "confirm"})
    report = CouncilReport.objects.get()
    other = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    admin = Client()
    admin.force_login(make_user("data-admin", group="Data admins"))
    change, data, _ = _report_admin_form(admin, report)
    admin.post(change, {**data, "council": str(other.pk), "reason": "Moving it."})
    report.refresh_from_db()
    assert report.council == cambridge
    assert set(report.years.values_list("council", flat=True)) == {cambridge.pk}


def test_every_write_to_a_report_is_recorded_however_it_is_made(officer_client, cambridge):
    preview = upload(officer_client, "report.txt", REPORT.read_bytes())["Location"]
    officer_client.post(preview, {"action": "confirm"})
    report = CouncilReport.objects.get()
    assert CouncilReport.pgh_event_model.objects.filter(pgh_obj=report, pgh_label="insert")
    years = CouncilReportYear.objects.filter(report=report)
    inserted = CouncilReportYear.pgh_event_model.objects.filter(pgh_label="insert").count()
    assert inserted == years.count() > 0
    years.update(compliments=7)  # a queryset update, no model save
    with connection.cursor() as cursor:  # and raw SQL
        cursor.execute(
            "UPDATE letters_councilreport SET council_name_as_printed = 'X' WHERE id = %s",
            [report.pk],
        )
    updated = CouncilReportYear.pgh_event_model.objects.filter(pgh_label="update")
    assert updated.count() == years.count()
    assert set(updated.values_list("compliments", flat=True)) == {7}
    assert CouncilReport.pgh_event_model.objects.filter(
        pgh_obj=report, pgh_label="update", council_name_as_printed="X"
    ).exists()

"""A council's report is withdrawn, never deleted, as a letter is: its years and service
rows stop being current (an older report giving the same years is shown again), it is
kept with its original and history; its years cannot be deleted either. Its admin page
shows its history: the report, its years and its service rows."""

from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from documents.current import withdraw
from letters.models import ServiceComplaintStats
from reports.models import CouncilReport, CouncilReportYear
from reports.parsing.result import ParsedCouncilReport, ServiceYear, YearFigures
from reports.services import report_ingest
from tests.support.admin_forms import admin_url, form_data
from tests.support.http import messages_of

pytestmark = pytest.mark.django_db

END_2019_20 = date(2020, 3, 31)
REASON = "A draft the council sent by mistake; the final report is the 2019-20 one."


def report(council, report_year: str, stage_1: int, waste: int) -> CouncilReport:
    """A report for `report_year` giving 2019-20 (and its own year, if later)."""
    years = sorted({"2019-20", report_year})
    parsed = ParsedCouncilReport(
        council=council.official_name,
        report_year=report_year,
        years=[YearFigures(year=y, stage_1=stage_1, stage_2=7, ombudsman=3) for y in years],
        services=[ServiceYear(service="Waste", year=y, complaints=waste) for y in years],
    )
    data = f"report {report_year} {stage_1}".encode()
    return report_ingest(
        parsed=parsed, data=data, filename="r.txt", council=council, uploaded_by=None
    ).document


@pytest.fixture
def two_reports(cambridge):
    """Cambridge's 2019-20 report, and its 2020-21 report giving 2019-20 again."""
    return report(cambridge, "2019-20", 1000, 50), report(cambridge, "2020-21", 2000, 60)


def shown_2019_20(council):
    year = CouncilReportYear.objects.current().get(council=council, period_end=END_2019_20)
    waste = ServiceComplaintStats.objects.current().get(
        council=council, period_end=END_2019_20, service="Waste"
    )
    return year.stage_1, waste.complaints


def test_withdrawing_a_report_brings_back_what_an_older_one_says(
    data_admin, data_admin_client, two_reports, cambridge
):
    older, newer = two_reports
    assert shown_2019_20(cambridge) == (2000, 60)
    assert data_admin_client.get(admin_url(newer, "delete")).status_code == 403

    response = data_admin_client.post(admin_url(newer, "withdraw"), {"reason": REASON}, follow=True)
    assert any("withdrawn" in m for m in messages_of(response))

    newer.refresh_from_db()
    assert not newer.is_current and newer.withdrawn_by == data_admin
    assert newer.withdrawn_reason == REASON
    assert shown_2019_20(cambridge) == (1000, 50)
    assert not CouncilReportYear.objects.current().filter(report=newer).exists()
    assert CouncilReportYear.objects.filter(report=newer).count() == 2  # kept
    assert default_storage.exists(newer.original.name)
    # The council page no longer offers it.
    page = Client().get(cambridge.get_absolute_url()).content.decode()
    assert f'id="report-{newer.pk}"' not in page and f'id="report-{older.pk}"' in page
    original = reverse("reports:report-original", args=[newer.pk])
    assert Client().get(original).status_code == 404

    # In the report's history, with the reason.
    html = data_admin_client.get(admin_url(newer)).content.decode()
    history = html[html.index('id="councilreport-history"') :]
    event = CouncilReport.pgh_event_model.objects.filter(pgh_obj_id=newer.pk).latest("pgh_id")
    assert f'id="change-{event.pk}"' in history and escape(REASON) in history


def test_withdrawing_the_current_version_of_a_report_makes_the_earlier_one_current(cambridge):
    first = report(cambridge, "2019-20", 1000, 50)
    second = report(cambridge, "2019-20", 1100, 55)
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert withdraw(second, reason=REASON) == first
    assert shown_2019_20(cambridge) == (1000, 50)
    assert list(CouncilReport.objects.current()) == [first]


def test_a_reports_years_cannot_be_deleted_in_its_admin(data_admin_client, two_reports):
    older, _ = two_reports
    page = data_admin_client.get(admin_url(older))
    [years] = page.context["inline_admin_formsets"]
    assert not years.formset.can_delete
    data = form_data(page, reason="Trying to delete a year.")
    data["years-0-DELETE"] = "on"
    assert data_admin_client.post(admin_url(older), data).status_code == 302
    assert older.years.count() == 1


def test_a_reports_page_shows_the_history_of_its_years_and_service_rows(
    data_admin_client, two_reports
):
    older, _ = two_reports
    year = older.years.get()
    page = data_admin_client.get(admin_url(older))
    data = form_data(page, **{"years-0-stage_1": "1005"}, reason="The summary table says 1,005.")
    assert data_admin_client.post(admin_url(older), data).status_code == 302

    html = data_admin_client.get(admin_url(older)).content.decode()
    history = html[html.index('id="councilreport-history"') :]
    update = CouncilReportYear.pgh_event_model.objects.get(pgh_obj_id=year.pk, pgh_label="update")
    assert f'id="change-{update.pk}"' in history
    assert "Year 2019-20: update" in history
    assert "<del>1,000</del> → <ins>1,005</ins>" in history
    assert "The summary table says 1,005." in history and "dana" in history
    assert "Service row “Waste”: insert" in history and "Report: insert" in history

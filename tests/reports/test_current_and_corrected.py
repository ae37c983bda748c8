"""One rule for "current" and for "corrected" across letters and reports.

Current: a row of figures is current through its document (the newest current document
giving that year); an older document's rows are kept, in the database and its history,
and stop being shown. Corrected: a data admin's change of a report year's figure is a
Correction with its reason, shown on the council page as a letter's is."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from core.history import REASON_REQUIRED
from letters.corrections import CorrectionRefused, letter_correct
from letters.models import AnnualLetter, Correction, ServiceComplaintStats
from letters.services import letter_ingest
from reports.corrections import report_year_columns_in_force, report_year_correct
from reports.models import CouncilReport, CouncilReportYear
from reports.parsing.result import ParsedCouncilReport, ServiceYear, YearFigures
from reports.services import report_ingest
from tests.support.admin_forms import form_data
from tests.support.evidence import parsed_letter
from tests.support.factories import make_letter
from tests.support.http import upload
from tests.support.paths import SEED_REPORT, require_shared

pytestmark = pytest.mark.django_db

UPLOAD = reverse("documents:upload")
COUNCIL_REPORT = ServiceComplaintStats.Source.COUNCIL_REPORT
END_2019_20 = date(2020, 3, 31)
WASTE = "Greater Cambridge Shared Waste Service"
HOUSING = "Housing Maintenance & Assets"
HOUSING_HTML = escape(HOUSING)


def upload_seed_report(officer_client, **which) -> CouncilReport:
    """The seed report (2019-20, giving 2017-18 to 2019-20) through the upload form."""
    data = require_shared(SEED_REPORT).read_bytes()
    response = upload(officer_client, "report.txt", data)  # and read by the queue
    assert response.status_code == 302, response.content.decode()[:2000]
    officer_client.post(response["Location"], {"action": "confirm"})
    return CouncilReport.objects.get(**which)


def newer_report(council, *, report_year="2020-21", stage_1=2000, waste=999, data=b"newer"):
    """A report for `report_year` that also gives 2019-20, with other figures for it."""
    later = f"{int(report_year[:4])}-{str(int(report_year[:4]) + 1)[2:]}"
    parsed = ParsedCouncilReport(
        council="Cambridge City Council",
        report_year=report_year,
        years=[
            YearFigures(year="2019-20", stage_1=stage_1, stage_2=70, ombudsman=12),
            YearFigures(year=later, stage_1=900, stage_2=60, ombudsman=9),
        ],
        services=[
            ServiceYear(service=WASTE, year=later, complaints=500),
            ServiceYear(service=WASTE, year="2019-20", complaints=waste),
        ],
    )
    result = report_ingest(
        parsed=parsed, data=data, filename="newer.txt", council=council, uploaded_by=None
    )
    return result.document


def page(council) -> str:
    response = Client().get(council.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def own_cells(html: str, label: str) -> list[str]:
    """The own-figures table's cells for the year `label`, as HTML."""
    own = html[html.index('id="own-figures"') :]
    start = own.index(f">{label}</th>")
    return re.findall(r"<td[^>]*>(.*?)</td>", own[start : own.index("</tr>", start)], re.S)


def own_row(html: str, label: str) -> list[str]:
    """The figures of the own-figures table's row for the year `label` (before any note)."""
    return [re.split(r"<br>|<span", cell)[0].strip() for cell in own_cells(html, label)]


def service_table(html: str, year_end: str, source: str) -> str:
    """The services card's table for one year ('31 March 2020') and source."""
    caption = f"Year ending {year_end}: {source}"
    start = html.index(caption)
    return html[start : html.index("</table>", start)]


OWN_REPORT = "Council&#x27;s own annual complaints report"


# --- Current through their report ------------------------------------------------------


def test_a_newer_report_covering_an_older_ones_year_is_shown_and_the_older_rows_are_kept(
    officer_client, cambridge
):
    older = upload_seed_report(officer_client)
    older_services = set(
        older.service_stats.filter(period_end=END_2019_20).values_list("service", "complaints")
    )
    assert (WASTE, 398) in older_services and (HOUSING, 175) in older_services
    html = page(cambridge)
    assert own_row(html, "2019-20")[:2] == ["1056", "75"]
    assert HOUSING_HTML in service_table(html, "31 March 2020", OWN_REPORT)

    newer = newer_report(cambridge)

    assert newer.pk != older.pk and older.is_current  # a newer year, not a new version
    html = page(cambridge)
    # The page shows the newer report's figures for 2019-20...
    assert own_row(html, "2019-20")[:2] == ["2000", "70"]
    assert own_row(html, "2020-21")[:2] == ["900", "60"]
    table = service_table(html, "31 March 2020", OWN_REPORT)
    assert WASTE in table and "999" in table
    assert HOUSING_HTML not in table and "398" not in table
    # ...and the older report's for the years only it gives.
    assert own_row(html, "2017-18")[-3] == "19"  # to the Ombudsman, 2017-18
    assert HOUSING_HTML in service_table(html, "31 March 2019", OWN_REPORT)
    # Both reports are listed for download: each gives years the page shows.
    assert f'id="report-{older.pk}"' in html and f'id="report-{newer.pk}"' in html

    # The older report's rows for 2019-20 are still stored, and so is their history.
    older_2019_20 = older.service_stats.filter(period_end=END_2019_20)
    assert set(older_2019_20.values_list("service", "complaints")) == older_services
    assert older.years.filter(period_end=END_2019_20, stage_1=1056).exists()
    events = ServiceComplaintStats.pgh_event_model.objects.filter(report_id=older.pk)
    assert not events.filter(pgh_label="delete").exists()
    # One rule says which are current.
    current = CouncilReportYear.objects.current().filter(council=cambridge)
    assert current.get(period_end=END_2019_20).report == newer
    assert set(current.values_list("period_end__year", flat=True)) == {2018, 2019, 2020, 2021}
    current_services = ServiceComplaintStats.objects.current().filter(period_end=END_2019_20)
    assert set(current_services.values_list("report", flat=True)) == {newer.pk}
    assert not ServiceComplaintStats.objects.current().filter(pk__in=older_2019_20).exists()


def test_the_newest_report_is_current_whichever_was_uploaded_first(officer_client, cambridge):
    newer = newer_report(cambridge)
    older = upload_seed_report(officer_client, report_year="2019-20")
    html = page(cambridge)
    assert own_row(html, "2019-20")[:2] == ["2000", "70"]
    current = CouncilReportYear.objects.current().get(period_end=END_2019_20)
    assert current.report == newer
    assert older.years.filter(period_end=END_2019_20).exists()
    assert own_row(html, "2018-19")[-3] == "13"  # only the older report gives 2018-19


def test_a_new_version_of_a_report_replaces_the_old_versions_rows_which_are_kept(cambridge):
    first = newer_report(cambridge, stage_1=2000, waste=999, data=b"first")
    second = newer_report(cambridge, stage_1=2100, waste=1001, data=b"second")
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    html = page(cambridge)
    assert own_row(html, "2019-20")[0] == "2100"
    table = service_table(html, "31 March 2020", OWN_REPORT)
    assert "1001" in table and "999" not in table
    # The first version's rows, every one of them, are still there.
    assert first.years.count() == 2 and first.service_stats.count() == 2
    assert not CouncilReportYear.objects.current().filter(report=first).exists()
    assert not ServiceComplaintStats.objects.current().filter(report=first).exists()


def test_a_new_version_of_a_letter_with_service_rows_is_stored_and_shown_alone(cambridge):
    """The old unique constraint (one row per source, council, year and service) refused a
    second version of a letter that gave figures by service."""
    first = letter_ingest(
        parsed=parsed_letter(), data=b"one", filename="l.txt", council=cambridge, uploaded_by=None
    ).document
    parsed = parsed_letter()
    parsed.received_by_service = {"Adult Care Services": 4, "Housing": 13}
    second = letter_ingest(
        parsed=parsed, data=b"two", filename="l.txt", council=cambridge, uploaded_by=None
    ).document
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert first.service_stats.count() == second.service_stats.count() == 2
    current = ServiceComplaintStats.objects.current().filter(council=cambridge)
    assert set(current.values_list("letter", "service", "complaints")) == {
        (second.pk, "Adult Care Services", 4),
        (second.pk, "Housing", 13),
    }
    html = page(cambridge)
    letter_source = ServiceComplaintStats.Source.LGSCO_LETTER.label
    table = service_table(html, "31 March 2024", letter_source)
    assert ">13<" in table and ">12<" not in table


def test_a_document_still_has_one_row_per_service(cambridge):
    letter = make_letter(cambridge)
    row = {
        "council": cambridge,
        "period_start": letter.period_start,
        "period_end": letter.period_end,
        "source": ServiceComplaintStats.Source.LGSCO_LETTER,
        "letter": letter,
        "service": "Housing",
        "complaints": 6,
    }
    ServiceComplaintStats.objects.create(**row)
    with pytest.raises(IntegrityError, match="service_stats_unique_per_letter"):
        with transaction.atomic():
            ServiceComplaintStats.objects.create(**row)


# --- Corrected, the same way for reports ------------------------------------------------


def admin_change(data_admin_client, report, year: CouncilReportYear, reason: str | None, **figures):
    """Post the report's admin change form back with `figures` changed on `year`."""
    change = reverse("admin:reports_councilreport_change", args=[report.pk])
    response = data_admin_client.get(change)
    assert response.status_code == 200
    years = list(response.context["inline_admin_formsets"][0].formset.forms)
    index = next(i for i, form in enumerate(years) if form.instance.pk == year.pk)
    changes = {f"years-{index}-{column}": str(value) for column, value in figures.items()}
    if reason is not None:
        changes["reason"] = reason
    return data_admin_client.post(change, form_data(response, **changes))


def test_a_data_admins_correction_of_a_report_figure_is_a_correction_shown_on_the_page(
    officer_client, cambridge, data_admin, data_admin_client
):
    report = upload_seed_report(officer_client)
    year = report.years.get(period_end=END_2019_20)
    reason = "The report's summary table says 1,050; the parser read the text."

    response = admin_change(
        data_admin_client, report, year, reason, stage_1=1050, in_target_percent=80
    )

    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.stage_1, year.in_target_percent) == (1050, 80)
    corrections = Correction.objects.in_force().filter(report_year=year)
    assert set(corrections.values_list("column", "old_value", "new_value")) == {
        ("stage_1", 1056, 1050),
        ("in_target_percent", 81, 80),
    }
    correction = corrections.get(column="stage_1")
    assert correction.letter is None and correction.reason == reason
    assert correction.made_by == data_admin
    assert report_year_columns_in_force(year) == {"stage_1", "in_target_percent"}

    # The history row carries the reason and the user, and is the correction's change #N.
    event = CouncilReportYear.pgh_event_model.objects.get(pgh_obj=year, pgh_label="update")
    assert event.pgh_context.metadata["reason"] == reason
    assert event.pgh_context.metadata["user"] == data_admin.pk
    assert correction.history_id == event.pgh_id

    # On the council page, beside the figure, as a letter's correction is shown.
    made = correction.made_at.strftime("%-d %B %Y")
    cells = own_cells(page(cambridge), "2019-20")
    stage_1, in_target = cells[0], cells[3]
    assert stage_1.startswith("1050<br>")
    assert f"corrected {made}: was 1,056</strong>" in stage_1
    assert 'data-correction-column="stage_1"' in stage_1
    assert "Reason: The report&#x27;s summary table says 1,050" in stage_1
    assert f"corrected {made}: was 81%</strong>" in in_target
    assert "corrected" not in cells[1]  # stage 2 was not changed


def test_a_change_to_a_report_figure_without_a_reason_is_refused_and_changes_nothing(
    officer_client, cambridge, data_admin, data_admin_client
):
    report = upload_seed_report(officer_client)
    year = report.years.get(period_end=END_2019_20)
    for reason in (None, "   "):
        response = admin_change(data_admin_client, report, year, reason, stage_1=1050)
        assert response.status_code == 200
        assert REASON_REQUIRED in response.content.decode()
    year.refresh_from_db()
    assert year.stage_1 == 1056
    assert not Correction.objects.exists()
    assert not CouncilReportYear.pgh_event_model.objects.filter(pgh_label="update").exists()
    assert "corrected" not in page(cambridge)
    with pytest.raises(CorrectionRefused):
        year.stage_1 = 1
        report_year_correct(report_year=year, reason="", user=None)
    year.refresh_from_db()
    assert year.stage_1 == 1056


def test_a_second_correction_supersedes_the_first_and_a_change_of_nothing_makes_none(
    officer_client, cambridge, data_admin, data_admin_client
):
    report = upload_seed_report(officer_client)
    year = report.years.get(period_end=END_2019_20)
    admin_change(data_admin_client, report, year, "First look.", stage_1=1050)
    admin_change(data_admin_client, report, year, "Second look.", stage_1=1051)
    first, second = Correction.objects.filter(report_year=year).order_by("pk")
    assert first.withdrawn_at is not None and second.in_force
    assert second.supersedes == first
    assert (second.old_value, second.new_value) == (1050, 1051)
    html = page(cambridge)
    assert "was 1,050</strong>" in html and "Second look." in html and "First look." not in html
    # Saving with a reason but no change to a figure makes no correction.
    admin_change(data_admin_client, report, year, "Only looking.")
    assert Correction.objects.filter(report_year=year).count() == 2


def test_a_correction_is_kept_by_a_reimport_and_by_a_newer_report_of_other_years(
    officer_client, cambridge, data_admin, data_admin_client
):
    report = upload_seed_report(officer_client)
    year_2018_19 = report.years.get(period_end=date(2019, 3, 31))
    admin_change(data_admin_client, report, year_2018_19, "Stated in the table.", ombudsman=14)
    # The same report again is already there: nothing is written over.
    data = require_shared(SEED_REPORT).read_bytes()
    response = officer_client.post(UPLOAD, {"file": SimpleUploadedFile("again.txt", data)})
    assert response.status_code == 409
    # A newer report giving 2019-20 and 2020-21 leaves 2018-19 to this one.
    newer_report(cambridge)
    year_2018_19.refresh_from_db()
    assert year_2018_19.ombudsman == 14
    assert Correction.objects.in_force().get(report_year=year_2018_19).column == "ombudsman"
    cells = own_cells(page(cambridge), "2018-19")
    assert "was 13</strong>" in cells[5] and "Stated in the table." in cells[5]


def test_a_correction_of_a_year_a_newer_report_gives_is_kept_but_not_shown(
    officer_client, cambridge, data_admin, data_admin_client
):
    report = upload_seed_report(officer_client)
    year = report.years.get(period_end=END_2019_20)
    admin_change(data_admin_client, report, year, "A typo in the report.", stage_1=1050)
    newer_report(cambridge)
    assert Correction.objects.in_force().filter(report_year=year).exists()
    html = page(cambridge)
    assert own_row(html, "2019-20")[0] == "2000"
    assert "A typo in the report." not in html


def test_letter_corrections_still_show_as_before(cambridge):
    letter = make_letter(cambridge)
    letter.upheld_percent = 68
    [correction] = letter_correct(letter=letter, reason="The letter says 68%.", user=None)
    assert correction.report_year is None and correction.old_display == "70%"
    assert correction.label == "Upheld"
    assert "was 70%" in page(cambridge)


def test_a_correction_names_exactly_one_letter_or_report_year(cambridge):
    letter = make_letter(cambridge)
    report = newer_report(cambridge)
    year = report.years.first()
    for owners in ({}, {"letter": letter, "report_year": year}):
        with pytest.raises(IntegrityError, match="correction_of_one_letter_report_year_or_servi"):
            with transaction.atomic():
                Correction.objects.create(column="stage_1", reason="Why.", **owners)
    correction = Correction.objects.create(
        report_year=year, column="in_target_percent", old_value=81, new_value=80, reason="Why."
    )
    assert correction.label == "answered within target %"
    assert correction.old_display == "81%"
    assert AnnualLetter.objects.count() == 1

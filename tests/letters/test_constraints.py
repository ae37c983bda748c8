"""The database itself refuses impossible figures, whatever code path writes them."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from letters.models import AnnualLetter, ServiceComplaintStats
from tests.support.factories import make_council, make_letter, make_report

pytestmark = pytest.mark.django_db


def assert_rejected(update: dict, letter: AnnualLetter, constraint: str):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        AnnualLetter.objects.filter(pk=letter.pk).update(**update)


@pytest.mark.parametrize(
    "field", ["upheld_percent", "compliance_average_percent", "remedy_percent"]
)
@pytest.mark.parametrize("value", [-1, 100.5])
def test_percentages_outside_0_to_100_are_rejected(field, value):
    letter = make_letter(make_council())
    assert_rejected({field: value}, letter, f"letter_{field}_0_100")


def test_100_percent_and_0_percent_are_accepted():
    letter = make_letter(make_council(), upheld_percent=0, compliance_percent=100)
    letter.refresh_from_db()
    assert (letter.upheld_percent, letter.compliance_percent) == (0, 100)


def test_negative_counts_are_rejected_by_raw_sql():
    letter = make_letter(make_council())
    with pytest.raises(IntegrityError, match="investigations"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE letters_annualletter SET investigations = -3 WHERE id = %s", [letter.pk]
            )


def test_more_upheld_than_investigated_is_rejected():
    letter = make_letter(make_council())
    assert_rejected({"upheld_count": 31}, letter, "letter_upheld_at_most_investigations")


def test_upheld_without_investigation_count_is_allowed():
    letter = make_letter(make_council(), investigations=None, upheld_count=5)
    assert letter.pk


def test_a_second_current_letter_for_the_same_council_and_year_is_rejected():
    council = make_council()
    make_letter(council, year_end=2024)
    with pytest.raises(IntegrityError, match="one_current_letter_per_council_and_period"):
        with transaction.atomic():
            make_letter(council, year_end=2024)


def test_an_older_version_may_sit_beside_the_current_letter():
    council = make_council()
    old = make_letter(council, year_end=2024)
    AnnualLetter.objects.filter(pk=old.pk).update(is_current=False)
    new = make_letter(council, year_end=2024)
    assert list(AnnualLetter.objects.current()) == [new]


def test_the_same_file_cannot_be_stored_twice():
    council = make_council()
    make_letter(council, year_end=2023, content=b"same bytes")
    with pytest.raises(IntegrityError, match="sha256"), transaction.atomic():
        make_letter(council, year_end=2024, content=b"same bytes")


def test_service_rows_are_unique_per_source_council_period_and_service():
    council = make_council()
    letter = make_letter(council)
    row = {
        "council": council,
        "period_start": date(2023, 4, 1),
        "period_end": date(2024, 3, 31),
        "source": ServiceComplaintStats.Source.LGSCO_LETTER,
        "letter": letter,
        "service": "Housing",
        "complaints": 6,
    }
    ServiceComplaintStats.objects.create(**row)
    report = make_report(council)
    ServiceComplaintStats.objects.create(
        **{**row, "source": ServiceComplaintStats.Source.COUNCIL_REPORT, "letter": None},
        report=report,
    )
    with pytest.raises(IntegrityError, match="service_stats_unique"), transaction.atomic():
        ServiceComplaintStats.objects.create(**row)


def test_council_report_rows_must_name_their_report():
    council = make_council()
    with pytest.raises(IntegrityError, match="report_rows_name_their_report"):
        with transaction.atomic():
            ServiceComplaintStats.objects.create(
                council=council,
                period_start=date(2019, 4, 1),
                period_end=date(2020, 3, 31),
                source=ServiceComplaintStats.Source.COUNCIL_REPORT,
                service="Housing",
            )


def test_a_council_cannot_end_before_it_starts():
    council = make_council(start_date=date(2020, 4, 1))
    with pytest.raises(IntegrityError, match="council_ends_after_it_starts"):
        with transaction.atomic():
            type(council).objects.filter(pk=council.pk).update(end_date=date(2019, 4, 1))


def test_gss_codes_are_unique_where_present():
    make_council(gss_code=None)
    make_council(gss_code=None)
    make_council(gss_code="E07000999")
    with pytest.raises(IntegrityError, match="gss_code"), transaction.atomic():
        council = make_council()
        type(council).objects.filter(pk=council.pk).update(gss_code="E07000999")

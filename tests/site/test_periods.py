"""core.periods: one reporting year, however it is written."""

from datetime import date

import pytest

from core.periods import METHOD_CHANGE_YEAR, ReportingYear, label_of, year_label


@pytest.mark.parametrize("text", ["2023-24", "2023/24", "2023-2024", "2023 - 24", " 2023/2024 "])
def test_every_spelling_of_a_year_is_the_same_year(text):
    year = ReportingYear.from_label(text)
    assert year == ReportingYear(2024)
    assert (year.label, year.start, year.end) == ("2023-24", date(2023, 4, 1), date(2024, 3, 31))
    assert label_of(text) == "2023-24"


@pytest.mark.parametrize("text", ["2023-25", "2023", "1999-00", "23-24", "2023-24x", ""])
def test_what_is_not_one_year_is_not_read_as_one(text):
    assert ReportingYear.from_label(text) is None
    assert label_of(text) is None


def test_labels_across_a_century_and_the_previous_year():
    assert year_label(2000) == "1999-00"
    assert year_label(2010) == "2009-10"
    assert ReportingYear(2024).previous.label == "2022-23"
    assert year_label(METHOD_CHANGE_YEAR) == "2022-23"

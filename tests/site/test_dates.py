"""Dates written one way on every page that shows them (core.formatting, and the template
filters that call it in the site's time zone): "20 July 2024", "20 July 2024 at 2:05pm"."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from core.formatting import date_and_time, long_date, time_of_day


@pytest.mark.parametrize(
    "value",
    [date(2024, 7, 20), datetime(2024, 7, 20, 23, 59), "2024-07-20", "2024-07-20T08:00:00"],
)
def test_a_day_is_written_the_same_from_a_date_a_datetime_or_the_parsers_iso_text(value):
    assert long_date(value) == "20 July 2024"


def test_no_date_says_so_in_the_pages_words():
    assert long_date(None) == "not stated"
    assert long_date("", missing="not known") == "not known"
    assert date_and_time(None) == "not known"
    assert [long_date(date(2025, month, 1)).split()[1] for month in (1, 3, 12)] == [
        "January",
        "March",
        "December",
    ]


@pytest.mark.parametrize(
    ("hour", "minute", "written"),
    [(0, 0, "midnight"), (0, 30, "12:30am"), (9, 0, "9am"), (12, 0, "midday"), (14, 5, "2:05pm")],
)
def test_times_are_written_as_gov_uk_writes_them(hour, minute, written):
    assert time_of_day(datetime(2024, 7, 20, hour, minute)) == written


def test_the_filters_write_an_aware_time_in_uk_time():
    late = datetime(2024, 7, 20, 23, 30, tzinfo=UTC)  # 00:30 on the 21st in London (BST)
    winter = datetime(2024, 1, 5, 9, 0, tzinfo=UTC)  # GMT
    page = Template(
        "{% load figure_format %}{{ late|long_date }}|{{ late|date_and_time }}|"
        "{{ winter|date_and_time }}|{{ none|long_date:'not stated (a statistics page)' }}"
    ).render(Context({"late": late, "winter": winter, "none": None}))
    assert page.split("|") == [
        "21 July 2024",
        "21 July 2024 at 12:30am",
        "5 January 2024 at 9am",
        "not stated (a statistics page)",
    ]

"""Checks: figures that disagree become warnings for the officer, never crashes or refusals."""

from __future__ import annotations

from letters.parsing import parse_letter
from letters.parsing.checks import check_per_100k

LETTER = """{date}

By email

Chief Executive
Borsetshire District Council

Dear Chief Executive

Annual Review letter

I write to you with our annual summary of statistics from the Local Government and Social
Care Ombudsman for the year ending 31 March {year}.

Complaints upheld
50% of complaints we investigated were upheld.
This compares to an average of 60% in similar authorities.
4 upheld decisions
Adjusted for Borsetshire District Council's population, this is 3.1 upheld decisions per
100,000 residents.
Statistics are based on a total of 8 detailed investigations.

Yours sincerely,
"""


def parse(date: str = "18 July 2019", year: int = 2019, extra: str = ""):
    text = LETTER.format(date=date, year=year) + extra
    return parse_letter(text.encode(), "letter.txt")


def test_a_letter_written_in_its_season_raises_nothing():
    assert parse().warnings == []


def test_a_letter_dated_long_after_its_year_is_flagged():
    letter = parse(date="22 July 2020", year=2019)
    assert letter.period_end.year == 2019  # read as printed...
    assert any("22 July 2020" in w and "31 March 2019" in w for w in letter.warnings)


def test_a_letter_dated_before_its_year_ends_is_flagged():
    letter = parse(date="18 July 2018", year=2019)
    assert any("18 July 2018" in w for w in letter.warnings)


def test_per_100k_against_the_councils_population():
    letter = parse()
    assert check_per_100k(letter, population=129_000) == []  # 4 / 129,000 = 3.1
    assert check_per_100k(letter, population=None) == []
    (warning,) = check_per_100k(letter, population=40_000)  # 4 / 40,000 = 10.0
    assert "3.1" in warning and "40,000" in warning and "10.0" in warning


def test_overview_parts_that_do_not_add_up():
    text = (
        "Borsetshire County Council\nComplaint overview\nBetween 1 April 2024 to 31 March 2025, "
        "we dealt with 60 complaints. Of these, 20 were not for us or not ready for us to "
        "investigate. We assessed and closed 25 complaints. We investigated 10 complaints.\n"
        "Complaints upheld\nWe investigated 10 complaints and upheld 8.\n"
        "80% of complaints we investigated were upheld.\n"
    )
    letter = parse_letter(text.encode(), "page.txt")
    assert letter.overview.dealt_with == 60
    assert any("add up to 55" in w and "60" in w for w in letter.warnings)


def test_a_national_figure_in_the_letter_is_not_the_councils():
    text = LETTER.format(date="21 May 2025", year=2025).replace(
        "Complaints upheld\n50% of complaints we investigated were upheld.",
        "Across all councils, we upheld 80% of the complaints we investigated this year.\n\n"
        "Complaints upheld\nWe upheld 50% of the complaints we investigated.",
    )
    letter = parse_letter(text.encode(), "letter.txt")
    assert letter.complaints_upheld.percent == 50
    assert "We upheld 50%" in letter.evidence["complaints_upheld.percent"]

"""Three years pooled (councils.selectors.pooled): the council's counts and its type's
added up over the same years, against a count by hand over the letters themselves."""

import pytest

from core.periods import METHOD_CHANGE_YEAR
from councils.measures import COMPLIANCE, PER_100K_RESIDENTS, REMEDY, UPHOLD
from councils.selectors.averages import type_averages
from councils.selectors.pooled import (
    council_pooled_rates,
    pooled_position,
    pooled_rates,
    years_label,
)
from letters.models import AnnualLetter
from tests.support.briefings import small_district_world
from tests.support.factories import make_council, make_letter

WINDOW = (2022, 2023, 2024)


def _current(**filters) -> list[AnnualLetter]:
    """Current letters, read plainly: is_current and not withdrawn."""
    return [
        letter
        for letter in AnnualLetter.objects.filter(**filters)
        if letter.is_current and letter.withdrawn_at is None
    ]


def _hand_sums(letters, numerator, base):
    pairs = [(numerator(letter), base(letter)) for letter in letters]
    pairs = [(n, b) for n, b in pairs if n is not None and b is not None]
    return sum(n for n, _ in pairs), sum(b for _, b in pairs), len(pairs)


@pytest.fixture
def world(db):
    return small_district_world()


def test_the_council_and_its_type_pooled_equal_a_count_by_hand(world):
    loxley = world["loxley"]
    pooled = pooled_rates(council=loxley, end_year=2024)
    assert pooled.window == WINDOW and pooled.letter_years == WINDOW
    own = _current(council=loxley, period_end__year__in=WINDOW)
    districts = _current(council__authority_type="district", period_end__year__in=WINDOW)
    assert len(own) == 3 and len(districts) == 6  # the county, the old and withdrawn: out

    upheld, investigated, n = _hand_sums(own, lambda x: x.upheld_count, lambda x: x.investigations)
    assert (upheld, investigated, n) == (12, 22, 3)  # 7 of 12, 2 of 6, 3 of 4
    row = pooled.of(UPHOLD)
    assert (row.council.numerator, row.council.base, row.council.letters) == (12, 22, 3)
    assert row.council.rate == pytest.approx(100 * 12 / 22)
    assert row.council.write() == "55%, 12 of 22"
    t_upheld, t_investigated, t_n = _hand_sums(
        districts, lambda x: x.upheld_count, lambda x: x.investigations
    )
    assert (t_upheld, t_investigated, t_n) == (12 + 50, 22 + 80, 5)  # Hollerton 2024: no counts
    assert row.type_average.rate == pytest.approx(100 * t_upheld / t_investigated)
    assert row.type_average.letters == t_n
    assert row.difference == pytest.approx(100 * 12 / 22 - 100 * t_upheld / t_investigated)

    def compliant(letter):
        if letter.compliance_percent is None:
            return None
        return float(letter.compliance_percent) * letter.compliance_outcomes / 100

    row = pooled.of(COMPLIANCE)
    c, b, _ = _hand_sums(own, compliant, lambda x: x.compliance_outcomes)
    assert (c, b) == (4 + 1 + 3, 9)
    assert row.council.rate == pytest.approx(100 * 8 / 9)
    c, b, _ = _hand_sums(districts, compliant, lambda x: x.compliance_outcomes)
    assert row.type_average.rate == pytest.approx(100 * c / b) and b == 9 + 60

    row = pooled.of(REMEDY)
    r, b, _ = _hand_sums(own, lambda x: x.remedies, lambda x: x.remedy_basis)
    assert (row.council.numerator, row.council.base) == (r, b) == (3, 12)
    r, b, _ = _hand_sums(districts, lambda x: x.remedies, lambda x: x.remedy_basis)
    assert row.type_average.rate == pytest.approx(100 * r / b) and b == 12 + 50

    row = pooled.of(PER_100K_RESIDENTS)
    assert row.council.rate == pytest.approx(12 * 100_000 / (3 * 40_000))
    assert row.council.write() == "10.0 a year (12 upheld)"
    assert row.type_average.rate == pytest.approx(62 * 100_000 / (3 * 40_000 + 2 * 90_000))


def test_the_type_pooled_over_the_years_is_the_sum_of_the_yearly_type_averages(world):
    """The years' own totals (councils.selectors.averages) added up give the same rate."""
    pooled = pooled_rates(council=world["loxley"], end_year=2024)
    yearly = type_averages(authority_type="district", years=WINDOW)
    for measure in (UPHOLD, REMEDY):
        totals = [a.totals(measure) for a in yearly if a.totals(measure)]
        row = pooled.of(measure)
        assert row.type_average.numerator == sum(t[0] for t in totals)
        assert row.type_average.base == sum(t[1] for t in totals)


def test_the_latest_year_small_puts_the_card_first(world):
    assert pooled_position(years=[2024, 2023, 2022], latest_base=4) == "before"
    assert pooled_position(years=[2024, 2023], latest_base=10) == "after"
    assert pooled_position(years=[2024, 2023], latest_base=None) == "after"
    assert pooled_position(years=[2024, 2020], latest_base=4) is None  # one in the window
    assert pooled_position(years=[], latest_base=None) is None
    latest = (
        AnnualLetter.objects.current()
        .with_figures()
        .get(council=world["loxley"], period_end__year=2024)
    )
    pooled = council_pooled_rates(council=world["loxley"], latest_letter=latest)
    assert pooled.first and pooled.latest_base == 4


def test_the_years_straddling_the_method_change_are_said(world):
    pooled = pooled_rates(council=world["loxley"], end_year=2024)
    assert min(WINDOW) < METHOD_CHANGE_YEAR <= max(WINDOW)
    assert pooled.crosses_method_change
    earlier = pooled_rates(council=world["loxley"], end_year=2022)
    assert earlier.period_label == "2019-20 to 2021-22" and not earlier.crosses_method_change


def test_a_missing_year_and_a_letter_without_counts(db):
    council = make_council(slug="gappy")
    make_letter(council, year_end=2022, upheld_count=4, investigations=8)
    make_letter(council, year_end=2024, upheld_count=None, investigations=None,
                upheld_percent=50, remedies=1, remedy_basis=2)  # fmt: skip
    pooled = pooled_rates(council=council, end_year=2024)
    assert pooled.letter_years == (2022, 2024) and pooled.missing_label == "2022-23"
    assert pooled.period_label == "2021-22 to 2023-24"
    uphold = pooled.of(UPHOLD)
    assert uphold.years == (2022,) and uphold.council.write() == "50%, 4 of 8"
    assert uphold.period_label == "2021-22"
    assert pooled.of(REMEDY).years == (2022, 2024)
    assert years_label((2022, 2024)) == "2021-22 and 2023-24"


def test_the_council_page_shows_the_card_first_for_a_small_council(client, world):
    html = client.get("/councils/lower-loxley/").content.decode()
    assert 'id="three-years"' in html
    assert html.index('id="three-years"') < html.index("Year by year")
    assert "55%, 12 of 22" in html
    assert "change of method in 2022-23" in html
    assert html.count('id="three-years"') == 1


def test_the_council_page_shows_the_card_after_the_years_for_a_big_council(client, ambridge):
    html = client.get("/councils/ambridge/").content.decode()
    assert html.count('id="three-years"') == 1
    assert html.index('id="three-years"') > html.index("Year by year")
    # 2021-22 to 2023-24: 21 of 30 upheld each year.
    assert "70%, 63 of 90" in html
    assert 'href="/councils/ambridge/briefing/"' in html

"""Type averages computed in SQL, checked by hand on a small set of letters."""

import pytest

from councils import selectors
from councils.models import AuthorityType
from tests.support.factories import make_council, make_letter

pytestmark = pytest.mark.django_db


def test_type_averages_on_a_hand_checked_set(districts_2024):
    [average] = selectors.type_averages(authority_type=AuthorityType.DISTRICT, year=2024)
    assert average.letters == 4
    assert average.uphold_councils == 3  # the council with no investigations has no rate
    assert (average.upheld_total, average.investigated_total) == (35, 60)
    assert average.uphold_pooled == pytest.approx(100 * 35 / 60)
    assert average.uphold_mean == pytest.approx((70 + 50 + 45) / 3)
    assert average.compliance_pooled == pytest.approx(100 * (18 + 4 + 9) / 33)
    assert average.compliance_mean == pytest.approx(90)
    assert (average.remedies_total, average.remedy_basis_total) == (3, 35)
    assert average.remedy_pooled == pytest.approx(100 * 3 / 35)
    assert average.remedy_mean == pytest.approx((100 * 2 / 21 + 20 + 0) / 3)


def test_disagreeing_stated_averages_are_flagged(districts_2024):
    [average] = selectors.type_averages(authority_type=AuthorityType.DISTRICT, year=2024)
    assert (average.uphold_stated.low, average.uphold_stated.high) == (55, 60)
    assert average.uphold_stated.disagree
    assert any("state different uphold averages (55 to 60)" in w for w in average.warnings)


def test_agreeing_stated_average_far_from_the_computed_one_is_flagged():
    for upheld, stated in ((10, 40), (20, 40)):
        make_letter(make_council(), upheld_count=upheld, investigations=40,
                    upheld_average_percent=stated)  # fmt: skip
    [average] = selectors.type_averages(year=2024)
    assert average.uphold_pooled == pytest.approx(37.5)
    assert not average.uphold_stated.disagree
    assert average.uphold_stated_mismatch
    assert any("differs from the one computed here" in w for w in average.warnings)


def test_agreeing_stated_average_within_rounding_is_not_flagged():
    make_letter(make_council(), upheld_count=2, investigations=3, upheld_average_percent=67)
    [average] = selectors.type_averages(year=2024)
    assert not average.uphold_stated_mismatch
    assert not [w for w in average.warnings if "uphold" in w]


def test_the_2014_2018_decisions_table_stands_in_for_missing_counts():
    make_letter(make_council(), year_end=2017, upheld_count=None, investigations=None,
                upheld_percent=None, decisions_upheld=3, decisions_not_upheld=1)  # fmt: skip
    [average] = selectors.type_averages(year=2017)
    assert average.uphold_pooled == pytest.approx(75)


def test_comparison_rows_rank_with_missing_rates_last(districts_2024):
    [average] = selectors.type_averages(authority_type=AuthorityType.DISTRICT, year=2024)
    rows = list(
        selectors.council_comparison_rows(
            authority_type=AuthorityType.DISTRICT, year=2024, average=average.uphold_pooled
        ).order_by("rank")
    )
    assert [(r.council.slug, r.rank) for r in rows] == [
        ("district-d", 1),
        ("district-b", 2),
        ("district-a", 3),
        ("district-c", None),
    ]
    assert rows[2].difference == pytest.approx(70 - 100 * 35 / 60)


def test_latest_type_averages_pick_each_types_latest_year(districts_2024):
    latest = {slug: average for slug, _, average in selectors.latest_type_averages()}
    assert latest["district"].year == 2024
    assert latest["county"].uphold_pooled == pytest.approx(100)
    assert latest["unitary"] is None

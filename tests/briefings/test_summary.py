"""The summary's sentences (briefings.summary): above, below and the same as decided from
the figures as written, missing figures giving no sentence rather than a wrong one."""

import pytest

from briefings import summary
from briefings.summary import Average


def uphold(**changes):
    figures = {
        "period": "2023-24",
        "council_name": "Borsetshire County Council",
        "percent": 70.0,
        "upheld": 21,
        "investigated": 30,
        "average": Average(85),
        "type_label": "County Council",
    }
    return summary.uphold_sentence(**(figures | changes))


def test_the_example_sentence():
    assert uphold() == (
        "In 2023-24 the Ombudsman upheld 70% of the 30 complaints it investigated about "
        "Borsetshire County Council (21 upheld), below the 85% average for county councils."
    )


@pytest.mark.parametrize(
    ("percent", "average", "word"),
    [
        (86.0, 85, "above"),
        (84.0, 85, "below"),
        (85.0, 85, "the same as"),
        (84.6, 85, "the same as"),  # written 85%: never "below" an 85% average
        (85.4, 85.4, "the same as"),
        (70.0, 69.6, "the same as"),  # the average written 70% too
    ],
)
def test_the_comparison_is_of_the_figures_as_written(percent, average, word):
    sentence = uphold(percent=percent, average=Average(average))
    assert f", {word} the " in sentence


def test_missing_figures_make_no_sentence():
    assert uphold(percent=None) is None
    assert (
        summary.compliance_sentence(
            period="2023-24", percent=None, outcomes=5, average=None, type_label="Unitary Council"
        )
        is None
    )
    assert summary.remedy_sentence(
        period="2023-24", percent=None, remedies=None, basis=None, average=Average(12),
        type_label="Unitary Council",
    ) is None  # fmt: skip
    assert (
        summary.per_100k_sentence(
            period="2023-24", rate=None, average=Average(3.1), type_label="Unitary Council"
        )
        is None
    )
    assert summary.pooled_sentence(
        period="2021-22 to 2023-24", upheld=None, investigated=None, type_percent=60.0,
        type_letters=4, type_label="Unitary Council",
    ) is None  # fmt: skip
    assert summary.corrections_sentence(count=0) is None
    assert summary.small_sentence(period="2023-24", investigated=12, small_base=10) is None


def test_without_an_average_the_sentence_makes_no_comparison():
    sentence = uphold(average=None)
    assert sentence.endswith("(21 upheld).") and "average" not in sentence


def test_without_counts_the_rate_alone():
    sentence = uphold(upheld=None, investigated=None)
    assert "upheld 70% of the complaints it investigated" in sentence
    sentence = summary.compliance_sentence(
        period="2019-20", percent=100.0, outcomes=None, average=Average(99.2),
        type_label="District Council",
    )  # fmt: skip
    assert sentence == (
        "The council complied with the Ombudsman's recommendations in 100% of the cases "
        "checked in 2019-20, above the 99% average for district councils."
    )


def test_no_investigations_is_said_plainly():
    assert uphold(investigated=0, upheld=0, percent=None) == (
        "In 2023-24 the Ombudsman investigated no complaints about Borsetshire County Council."
    )


def test_an_average_computed_here_says_from_how_many_letters():
    sentence = uphold(average=Average(64.96, letters=12), type_label="London Borough")
    assert sentence.endswith(
        "above the 65% average computed here from 12 letters to London boroughs."
    )


def test_per_100k_to_one_decimal_place():
    sentence = summary.per_100k_sentence(
        period="2023-24", rate=17.46, average=Average(17.5), type_label="District Council"
    )
    assert "upheld 17.5 complaints" in sentence and "the same as the 17.5 average" in sentence


def test_the_method_change_and_small_numbers():
    assert "change of method in 2022-23" in summary.method_change_sentence(
        period="2021-22 to 2023-24", crosses=True, change_year="2022-23"
    )
    assert summary.method_change_sentence(period="x", crosses=False, change_year="y") is None
    assert "by 25 points" in summary.small_sentence(period="2023-24", investigated=4, small_base=10)


def test_type_names():
    assert summary.type_noun("London Borough") == "London borough"
    assert summary.type_plural("Metropolitan Borough") == "metropolitan boroughs"


@pytest.mark.parametrize(
    ("percent", "before", "expected"),
    [
        (75.0, 33.3, "The share upheld rose from 33% (2 of 6) in 2022-23."),
        (20.0, 33.3, "The share upheld fell from 33% (2 of 6) in 2022-23."),
        (33.4, 33.3, "The share upheld was the same in 2022-23: 33% (2 of 6)."),
    ],
)
def test_the_change_from_the_year_before(percent, before, expected):
    assert summary.change_sentence(
        percent=percent, previous_percent=before, previous_period="2022-23",
        previous_upheld=2, previous_investigated=6, method_changed=False,
    ) == expected  # fmt: skip


def test_the_change_across_the_method_change_says_so():
    sentence = summary.change_sentence(
        percent=50.0, previous_percent=40.0, previous_period="2021-22",
        previous_upheld=None, previous_investigated=None, method_changed=True,
    )  # fmt: skip
    assert sentence == (
        "The share upheld rose from 40% in 2021-22, though the Ombudsman changed its method "
        "in between."
    )
    assert summary.change_sentence(
        percent=50.0, previous_percent=None, previous_period="2021-22", previous_upheld=None,
        previous_investigated=None, method_changed=False,
    ) is None  # fmt: skip

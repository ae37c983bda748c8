"""The eras of the letters (letters.figures.ERAS): every reporting year falls in exactly one,
each names only figures of the catalogue, and the years they divide at are the formats'."""

from core.periods import METHOD_CHANGE_YEAR
from letters.figures import ERAS, FIGURE_PATHS, SECTIONS, era_of


def test_every_year_has_one_era():
    for end_year in range(2000, 2060):
        assert sum(era.holds(end_year) for era in ERAS) == 1, end_year
        assert era_of(end_year).holds(end_year)


def test_the_eras_divide_where_the_letters_changed_their_format():
    assert [era.label for era in ERAS] == [
        "2017-18 and earlier",
        "2018-19 to 2021-22",
        "2022-23 to 2023-24",
        "2024-25 onwards",
    ]
    assert era_of(METHOD_CHANGE_YEAR).label == "2022-23 to 2023-24"
    assert era_of(2018).prints_received and not era_of(2019).prints_received


def test_an_eras_figures_and_sections_are_the_catalogues_in_its_sections():
    for era in ERAS:
        assert len(set(era.paths)) == len(era.paths)
        assert set(era.paths) <= set(FIGURE_PATHS)
        assert set(era.sections) <= set(SECTIONS)
        assert {FIGURE_PATHS[path].section for path in era.paths} == set(era.sections)
    per_100k = "complaints_upheld.per_100k"
    assert [per_100k in era.paths for era in ERAS] == [False, False, True, True]
    assert ["overview.dealt_with" in era.paths for era in ERAS] == [False, False, False, True]

"""The council page's trend charts, one per measure: each point is the letter's figure (read
back from where the chart draws it), the stated and computed averages are labelled lines, a
year whose letters disagree has no stated point, the 2022-23 method change is marked only
where the years straddle it, gaps are gaps, and one year is still a readable chart."""

import re

import pytest

from core.periods import year_label
from councils.charts import trend_charts
from councils.measures import COMPLIANCE, MEASURES, PER_100K_RESIDENTS, REMEDY, UPHOLD
from councils.selectors.council_page import council_page
from letters.models import AnnualLetter
from tests.support.factories import make_council, make_letter
from tests.support.trends import (
    AMBRIDGE,
    COUNCIL_POINT,
    SVG,
    chart_table,
    make_ambridge_and_borchester,
    parse_svg,
    read_chart,
)

pytestmark = pytest.mark.django_db


def chart_id(measure) -> str:
    return f"trend-{measure.key.replace('_', '-')}"


def page_html(client, slug: str) -> str:
    response = client.get(f"/councils/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def letter_figure(measure, letter) -> float | None:
    """The figure a letter gives for a measure, from its own columns."""
    if measure is UPHOLD:
        return 100 * letter.upheld_count / letter.investigations if letter.investigations else None
    if measure is COMPLIANCE:
        return None if letter.compliance_percent is None else float(letter.compliance_percent)
    if measure is REMEDY:
        return 100 * letter.remedies / letter.remedy_basis if letter.remedy_basis else None
    assert measure is PER_100K_RESIDENTS
    return None if letter.upheld_per_100k is None else float(letter.upheld_per_100k)


def district_letters(year: int) -> list[AnnualLetter]:
    return list(
        AnnualLetter.objects.current().filter(
            council__authority_type="district", period_end__year=year
        )
    )


def computed_average(measure, year: int) -> float | None:
    """The type's average computed from the letters: pooled, or the mean for per 100,000."""
    letters = district_letters(year)
    if measure is UPHOLD:
        counted = [x for x in letters if x.investigations]
        return 100 * sum(x.upheld_count for x in counted) / sum(x.investigations for x in counted)
    if measure is REMEDY:
        counted = [x for x in letters if x.remedy_basis]
        return 100 * sum(x.remedies for x in counted) / sum(x.remedy_basis for x in counted)
    if measure is COMPLIANCE:
        counted = [x for x in letters if x.compliance_outcomes and x.compliance_percent is not None]
        complied = sum(float(x.compliance_percent) * x.compliance_outcomes / 100 for x in counted)
        return 100 * complied / sum(x.compliance_outcomes for x in counted)
    figures = [float(x.upheld_per_100k) for x in letters if x.upheld_per_100k is not None]
    return sum(figures) / len(figures)


@pytest.mark.parametrize("measure", MEASURES, ids=lambda m: m.key)
def test_each_point_is_the_letter_s_figure(client, measure):
    ambridge = make_ambridge_and_borchester()
    html = page_html(client, "ambridge")
    drawn = read_chart(html, chart_id(measure))
    letters = AnnualLetter.objects.current().filter(council=ambridge)
    expected = {
        year_label(letter.period_end.year): letter_figure(measure, letter) for letter in letters
    }
    expected = {year: value for year, value in expected.items() if value is not None}
    assert {p.year: pytest.approx(p.value, abs=0.15) for p in drawn.points} == expected
    assert [p.year for p in drawn.points] == sorted(expected)  # oldest first, left to right


def test_points_and_table_give_the_counts(client):
    make_ambridge_and_borchester()
    html = page_html(client, "ambridge")
    names = {p.year: p.name for p in read_chart(html, chart_id(UPHOLD)).points}
    table = chart_table(html, chart_id(UPHOLD))
    for year, (upheld, investigated, *_rest) in AMBRIDGE.items():
        label = year_label(year)
        if not investigated:
            assert label not in names  # no investigations: no point, never a nought
            assert table[label][0] == "no investigations"
            continue
        percent = f"{round(100 * upheld / investigated)}%"
        assert names[label].startswith(f"{label}: {upheld} of {investigated} upheld, {percent}; ")
        assert table[label][0] == f"{percent}, {upheld} of {investigated}"
    assert names["2023-24"] == (
        "2023-24: 21 of 30 upheld, 70%; stated average for district councils 66%; "
        "computed here 65.0% (pooled, 26 of 40)"
    )
    assert table["2023-24"] == ["70%, 21 of 30", "66%", "65.0% (26 of 40)"]
    remedy = {p.year: p.name for p in read_chart(html, chart_id(REMEDY)).points}
    assert remedy["2023-24"].startswith("2023-24: 2 of 21 remedied by the council, 10%; ")
    per_100k = {p.year: p.name for p in read_chart(html, chart_id(PER_100K_RESIDENTS)).points}
    assert per_100k["2023-24"] == (
        "2023-24: 17.5 upheld per 100,000 residents; stated average for district councils "
        "4.5; computed here 10.5 (mean of councils, mean of 2 councils)"
    )


@pytest.mark.parametrize("measure", MEASURES, ids=lambda m: m.key)
def test_stated_and_computed_averages_are_the_letters(client, measure):
    make_ambridge_and_borchester()
    html = page_html(client, "ambridge")
    drawn = read_chart(html, chart_id(measure))
    years = sorted(AMBRIDGE)
    expected_stated = {}
    for year in years:
        stated = {getattr(x, measure.stated_average) for x in district_letters(year)} - {None}
        if len(stated) == 1:
            expected_stated[year_label(year)] = float(stated.pop())
    assert drawn.stated == pytest.approx(expected_stated, abs=0.15)
    assert drawn.computed == pytest.approx(
        {year_label(year): computed_average(measure, year) for year in years}, abs=0.15
    )
    assert drawn.computed_lines == 2  # broken by 2020-21, the year without a letter


def test_the_lines_are_labelled_by_pattern(client):
    make_ambridge_and_borchester()
    html = page_html(client, "ambridge")
    legend = re.search(r'<ul class="app-trend-legend".*?</ul>', html, re.S)[0]
    legend = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", legend)).replace("&#x27;", "'")
    assert "Ambridge: solid line, filled circles" in legend
    assert "Stated average for district councils, as the Ombudsman's letters give it: dashed" in (
        legend
    )
    assert "Average computed here from this database's letters" in legend
    assert "dotted line, no markers" in legend
    for measure in MEASURES:
        svg = parse_svg(html, chart_id(measure))
        desc = svg.find(f"{SVG}desc").text
        assert "Stated average for district councils: dashed line with open squares" in desc
        computed = "pooled" if measure.compared_with == "pooled" else "mean of councils"
        assert f"Average computed here ({computed}): dotted line" in desc
        heads = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', chart_table_head(html, measure))
        assert heads == ["Year", "Ambridge", "Stated average", "Computed here"]


def chart_table_head(html: str, measure) -> str:
    block = re.search(rf'<div class="app-trend" id="{chart_id(measure)}">.*?</thead>', html, re.S)
    return block.group(0)


def test_a_year_whose_letters_disagree_has_no_stated_point(client):
    make_ambridge_and_borchester()  # 2022-23: Ambridge's letter states 64%, Borchester's 70%
    html = page_html(client, "ambridge")
    uphold = read_chart(html, chart_id(UPHOLD))
    assert "2022-23" not in uphold.stated and "2023-24" in uphold.stated
    point = next(p for p in uphold.points if p.year == "2022-23")
    assert "letters to district councils state different averages" in point.name
    assert chart_table(html, chart_id(UPHOLD))["2022-23"][1] == "letters differ: 64% to 70%"
    block = re.search(rf'id="{chart_id(UPHOLD)}">.*?</details>', html, re.S)[0]
    assert (
        "Letters to district councils for 2022-23 state different averages (64% to 70%), "
        "so no stated average is shown for that year." in block
    )
    # The other measures' letters agree that year: their stated point is drawn.
    assert "2022-23" in read_chart(html, chart_id(COMPLIANCE)).stated


@pytest.mark.parametrize(
    ("years", "marked"),
    [
        ((2023, 2024), False),  # 2022-23 on: after the change only
        ((2021, 2022), False),  # before it only
        ((2022, 2023), True),
        ((2020, 2024), True),  # across a gap
    ],
)
def test_method_change_marked_only_where_the_years_straddle_it(client, years, marked):
    council = make_council(slug="felpersham", short_name="Felpersham")
    for year in years:
        make_letter(council, year_end=year)
    html = page_html(client, "felpersham")
    assert [read_chart(html, chart_id(m)).method_change for m in MEASURES] == [marked] * 4
    assert ("2022-23: method changed" in html) is marked


def test_one_year_is_a_readable_single_point(client):
    council = make_council(slug="felpersham", short_name="Felpersham")
    make_letter(council, year_end=2024, upheld_count=7, investigations=10, upheld_percent=70,
                upheld_average_percent=62)  # fmt: skip
    html = page_html(client, "felpersham")
    drawn = read_chart(html, chart_id(UPHOLD))
    (point,) = drawn.points
    assert point.value == pytest.approx(70, abs=0.15)
    assert point.name == (
        "2023-24: 7 of 10 upheld, 70%; stated average for district councils 62%; "
        "computed here 70.0% (pooled, 7 of 10)"
    )
    assert drawn.council_lines == 0 and not drawn.method_change
    texts = [t.text for t in drawn.svg.iter(f"{SVG}text")]
    assert {"70%, 7 of 10", "stated 62%", "computed 70.0%"} <= set(texts)
    assert texts.count("2023-24") == 1
    # The point is in the middle of the plot.
    circle = next(c for c in drawn.svg.iter(f"{SVG}circle") if c.get("class") == COUNCIL_POINT)
    ticks = [float(line.get("x1")) for line in drawn.svg.iter(f"{SVG}line")
             if line.get("y1") != line.get("y2")]  # fmt: skip
    assert ticks == [float(circle.get("cx"))]


def test_gaps_are_gaps(client):
    make_ambridge_and_borchester()
    html = page_html(client, "ambridge")
    uphold = read_chart(html, chart_id(UPHOLD))
    # 2018-19 alone (2019-20 had no investigations, 2020-21 no letter), then 2021-22 on.
    assert [p.year for p in uphold.points] == ["2018-19", "2021-22", "2022-23", "2023-24"]
    assert uphold.council_lines == 1
    assert min(p.value for p in uphold.points) > 0
    table = chart_table(html, chart_id(UPHOLD))
    assert list(table) == ["2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]
    assert table["2020-21"] == ["no letter", "not known", "not known"]


def test_trend_charts_for_other_pages(ambridge):
    """The public function the briefing can reuse: the charts of a council page, one per
    measure in MEASURES order, each with its SVG and its years oldest first."""
    charts = trend_charts(council_page(slug="ambridge"), type_label="District Council")
    assert [chart.measure for chart in charts] == list(MEASURES)
    assert [year.year for year in charts[0].years] == list(range(2019, 2025))
    assert all(chart.svg.startswith('<svg class="app-trend__svg"') for chart in charts)
    assert trend_charts(council_page(slug="old-ambridge"), type_label="District Council") == []


def test_names_are_escaped(client):
    council = make_council(slug="felpersham", short_name='Fel<b>"p"</b>&sham')
    make_letter(council, year_end=2024)
    html = page_html(client, "felpersham")
    for measure in MEASURES:
        svg = parse_svg(html, chart_id(measure))  # well-formed
        assert 'Fel<b>"p"</b>&sham' in svg.find(f"{SVG}title").text

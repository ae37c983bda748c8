"""The committee briefing (/councils/<slug>/briefing/ and briefing.docx): what it shows, for
a council with five years of letters, corrections, its own report and service rows; for one
with none, an abolished one and one whose only letter was withdrawn; the Word document
holding the page's figures; every figure of the summary recomputed from the letters."""

import re

import pytest

from letters.models import AnnualLetter, Correction
from tests.support.briefings import numbers, page_briefing, word_briefing

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _get(client, slug: str, suffix: str = "briefing/"):
    response = client.get(f"/councils/{slug}/{suffix}")
    assert response.status_code == 200, response.status_code
    return response


def test_the_briefing_of_a_council_with_five_years(client, loxley):
    html = _get(client, "lower-loxley").content.decode()
    read = page_briefing(html)
    assert [row[0] for row in read["tables"][1][1:]] == [
        "2023-24", "2022-23", "2021-22", "2020-21", "2019-20"
    ]  # fmt: skip
    # This year against the average, with counts; the three years pooled.
    latest = {row[0]: row[1:] for row in read["tables"][0][1:]}
    assert latest["Complaints upheld"][0].startswith("75%, 3 of 4")
    pooled = {row[0]: row[1:] for row in read["tables"][2][1:]}
    assert pooled["Complaints upheld"][0] == "55%, 12 of 22"
    assert "change of method in 2022-23" in html
    # Service figures: the letter's and the council's own report's, and its own figures.
    assert "Planning and development" in html and "Waste collection" in html
    assert any(row[0] == "2023-24" and row[1] == "140" for row in read["tables"][-1])
    # Corrections with their reasons, of the letter and of the report.
    assert "The letter&#x27;s table says 1 remedy." in html
    assert "Two late stage 2 cases left out." in html
    # The current letters' pages and originals at absolute addresses; not the others.
    for letter in AnnualLetter.objects.filter(council=loxley):
        listed = f"http://testserver/letters/{letter.pk}/original/" in html
        assert listed == (letter.is_current and letter.withdrawn_at is None), letter
    assert "http://testserver/councils/lower-loxley/briefing/" in html
    assert re.search(r'href="http://testserver/letters/\d+/original/"', html)


def test_the_council_page_links_its_briefing(client, loxley):
    html = client.get("/councils/lower-loxley/").content.decode()
    assert 'href="/councils/lower-loxley/briefing/"' in html


@pytest.mark.parametrize("suffix", ["briefing/", "briefing.docx"])
def test_an_unknown_council_is_a_404(client, db, suffix):
    assert client.get(f"/councils/no-such-council/{suffix}").status_code == 404


@pytest.mark.parametrize("fixture", ["borsetshire", "abolished", "withdrawn_only"])
def test_a_council_without_letters_has_a_briefing_that_says_so(client, request, fixture):
    found = request.getfixturevalue(fixture)
    council = getattr(found, "council", found)
    html = _get(client, council.slug).content.decode()
    assert "No Ombudsman letter has been loaded for this council" in html
    assert "/letters/" not in html.split('id="summary"')[1]  # no letter listed or linked
    word = word_briefing(_get(client, council.slug, "briefing.docx").content)
    assert word["tables"] == [] and word["summary"] == []
    if fixture == "abolished":
        assert "Abolished" in html and "31 March 2009" in html
    if fixture == "withdrawn_only":
        text = "\n".join(p.text for p in word["document"].paragraphs)
        assert f"/letters/{found.pk}/" not in text and f"/letters/{found.pk}/" not in html


def test_a_withdrawn_letter_is_in_no_part_of_the_briefing(client, loxley):
    """Lower Loxley's withdrawn 2023-24 version (1 of 50 upheld) is nowhere."""
    withdrawn = AnnualLetter.objects.get(council=loxley, withdrawn_at__isnull=False)
    html = _get(client, "lower-loxley").content.decode()
    assert f"/letters/{withdrawn.pk}/" not in html
    assert "1 of 50" not in html and "of 50" not in html


def test_the_word_document_holds_the_pages_figures(client, loxley):
    page = page_briefing(_get(client, "lower-loxley").content.decode())
    response = _get(client, "lower-loxley", "briefing.docx")
    assert response["Content-Type"] == WORD
    assert 'filename="briefing-lower-loxley-' in response["Content-Disposition"]
    word = word_briefing(response.content)
    assert len(page["tables"]) == len(word["tables"]) >= 5
    for on_page, in_word in zip(page["tables"], word["tables"], strict=True):
        assert [[numbers(c) for c in row] for row in on_page] == [
            [numbers(c) for c in row] for row in in_word
        ]
        assert on_page[0] == in_word[0]  # the same headings
    assert page["summary"] and page["summary"] == word["summary"]
    assert [numbers(s) for s in page["summary"]] == [numbers(s) for s in word["summary"]]
    document = word["document"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Summary", "2023-24: against the district council average",
                            "The last 5 years"]  # fmt: skip
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert "http://testserver/councils/lower-loxley/briefing/" in links
    assert sum("/original/" in link for link in links) == 5 + 1  # 5 letters, 1 report


def _latest(council) -> AnnualLetter:
    letters = AnnualLetter.objects.filter(council=council)
    return max(
        (x for x in letters if x.is_current and not x.withdrawn_at), key=lambda x: x.period_end
    )


def _expected_numbers(council) -> dict[str, list[str]]:
    """Each summary sentence's figures, recomputed from the letters by hand, by the
    sentence's opening words."""
    latest = _latest(council)
    previous = AnnualLetter.objects.get(
        council=council, period_end__year=latest.period_end.year - 1, is_current=True
    )
    current = [
        x for x in AnnualLetter.objects.filter(council__authority_type=council.authority_type)
        if x.is_current and x.withdrawn_at is None
    ]  # fmt: skip
    window = [x for x in current if latest.period_end.year - 3 < x.period_end.year]
    own = [x for x in window if x.council_id == council.pk]
    counted = {x.period_end.year for x in own if x.investigations is not None}
    others = [x for x in window if x.period_end.year in counted and x.investigations is not None]
    upheld = sum(x.upheld_count for x in own if x.investigations is not None)
    investigated = sum(x.investigations for x in own if x.investigations is not None)
    type_upheld = sum(x.upheld_count for x in others)
    type_investigated = sum(x.investigations for x in others)
    letters = [x for x in AnnualLetter.objects.filter(council=council)]
    in_force = Correction.objects.in_force().filter(letter__in=letters).count() + (
        Correction.objects.in_force().filter(report_year__council=council).count()
        + Correction.objects.in_force().filter(service_row__council=council).count()
    )

    def whole(value) -> str:
        return str(round(float(value)))

    return {
        "In 20": [
            whole(100 * latest.upheld_count / latest.investigations),
            str(latest.investigations),
            str(latest.upheld_count),
            whole(latest.upheld_average_percent),
        ],
        "With only": [str(latest.investigations), whole(100 / latest.investigations)],
        "The share upheld": [
            whole(100 * previous.upheld_count / previous.investigations),
            str(previous.upheld_count),
            str(previous.investigations),
        ],
        "The council complied": [
            whole(latest.compliance_percent),
            str(latest.compliance_outcomes),
            whole(latest.compliance_average_percent),
        ],
        "In 2023-24 the council had put": [
            whole(100 * latest.remedies / latest.remedy_basis),
            str(latest.remedies),
            str(latest.remedy_basis),
            whole(latest.remedy_average_percent),
        ],
        "The Ombudsman upheld": [
            f"{float(latest.upheld_per_100k):.1f}",
            f"{float(latest.upheld_average_per_100k):.1f}",
        ],
        "Over": [
            whole(100 * upheld / investigated),
            str(investigated),
            str(upheld),
            whole(100 * type_upheld / type_investigated),
            str(len(others)),
        ],
        "The years": [],
        f"{in_force} figure": [str(in_force)],
    }


def test_every_figure_of_the_summary_is_the_databases(client, loxley):
    summary = page_briefing(_get(client, "lower-loxley").content.decode())["summary"]
    expected = _expected_numbers(loxley)
    seen = set()
    for sentence in summary:
        opening = max((o for o in expected if sentence.startswith(o)), key=len, default=None)
        assert opening is not None, f"a sentence no test knows: {sentence}"
        assert numbers(sentence) == expected[opening], sentence
        seen.add(opening)
    assert seen == set(expected), set(expected) - seen
    assert "In 2023-24 " in summary[0] and "2021-22 to 2023-24" in summary[-3]
    assert "The share upheld rose from 33% (2 of 6) in 2022-23." in summary


def test_the_summary_follows_the_figures(client, loxley, data_admin):
    """Correct the latest year's upheld count and the sentence says what the new figures
    say: from above the stated average to below it."""
    from letters import corrections

    first = page_briefing(_get(client, "lower-loxley").content.decode())["summary"][0]
    assert "75% of the 4 complaints" in first and "above the 62% average" in first
    letter = _latest(loxley)
    letter.upheld_count, letter.upheld_percent = 2, 50
    corrections.letter_correct(letter=letter, reason="Misread: 2 upheld.", user=data_admin)
    first = page_briefing(_get(client, "lower-loxley").content.decode())["summary"][0]
    assert "50% of the 4 complaints" in first and "below the 62% average" in first


def test_what_the_ombudsman_said_is_in_the_briefing(client, said_borsetshire):
    html = _get(client, "borsetshire").content.decode()
    assert "What the Ombudsman said" in html
    assert "adopted the Complaint Handling Code" in html
    letter = said_borsetshire["borsetshire-2025-overview"]
    assert f"http://testserver/letters/{letter.pk}/#letter-text" in html
    text = "\n".join(
        p.text
        for p in word_briefing(_get(client, "borsetshire", "briefing.docx").content)[
            "document"
        ].paragraphs
    )
    assert "adopted the Complaint Handling Code" in text


@pytest.mark.django_db(transaction=True)
def test_the_briefing_is_cached_until_the_data_change(client, loxley, data_admin):
    from letters import corrections

    first = client.get("/councils/lower-loxley/briefing.docx")
    again = client.get("/councils/lower-loxley/briefing.docx")
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert again["Content-Type"] == WORD and again["Content-Disposition"]
    page = client.get("/councils/lower-loxley/briefing/")
    assert page["X-Page-Cache"] == "miss" and "75% of the 4" in page.content.decode()
    # Its addresses are written out in full: another host name has its own.
    other = client.get("/councils/lower-loxley/briefing/", HTTP_HOST="localhost")
    assert other["X-Page-Cache"] == "miss" and "http://localhost/letters/" in other.content.decode()
    assert "http://testserver/" not in other.content.decode()
    letter = _latest(loxley)
    letter.upheld_count = 2
    corrections.letter_correct(letter=letter, reason="Misread: 2 upheld.", user=data_admin)
    changed = client.get("/councils/lower-loxley/briefing/")
    assert changed["X-Page-Cache"] == "miss" and "50% of the 4" in changed.content.decode()


def test_no_comparison_with_an_average_of_the_councils_own_letter(client, db):
    """A letter that states no average, alone of its type and year: the average computed
    here would be its own figure, so the sentence compares with nothing."""
    from tests.support.factories import make_council, make_letter

    council = make_council(slug="lonely", authority_type="metropolitan-borough")
    make_letter(council, upheld_average_percent=None)
    summary = page_briefing(_get(client, "lonely").content.decode())["summary"]
    assert summary[0].endswith("(21 upheld).")
    other = make_council(slug="company", authority_type="metropolitan-borough")
    make_letter(other, upheld_count=9, investigations=10, upheld_average_percent=None)
    summary = page_briefing(_get(client, "lonely").content.decode())["summary"]
    assert summary[0].endswith(
        "below the 75% average computed here from 2 letters to metropolitan boroughs."
    )  # (21 + 9) of (30 + 10) upheld


def test_the_briefing_takes_the_same_number_of_queries_however_many_years(client, loxley):
    """Lower Loxley's five years, then seven more (and their corrections): the same count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from letters import corrections
    from tests.support.factories import make_letter

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _get(client, "lower-loxley")
            _get(client, "lower-loxley", "briefing.docx")
        return len(queries)

    before = count()
    for year in range(2013, 2020):
        letter = make_letter(loxley, year_end=year)
        letter.remedies = 1
        corrections.letter_correct(letter=letter, reason="Misread.")
    assert count() == before <= 2 * 9  # 8 each on 3 December 2026

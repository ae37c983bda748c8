"""What the Ombudsman said: the council page's card (each year's council-specific paragraphs,
newest first, with a link to the full letter), the letter's text on its page in passages,
and ``search.selectors.ombudsman_said`` (which the briefing and the API can read)."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.selectors import ombudsman_said
from tests.support.factories import make_council, make_letter
from tests.support.said import ingest_said, letter_for

pytestmark = pytest.mark.django_db


def card(html: str) -> str:
    start = html.index('id="ombudsman-said"')
    return html[start : html.index("</section>", start)]


def test_each_years_paragraphs_about_the_council_newest_first(said_letters, said_councils):
    said = ombudsman_said(said_councils["felpersham"])
    assert [year.period_label for year in said] == ["2024-25", "2023-24", "2019-20", "2016-17"]
    latest = said[0]
    assert [p.text[:45] for p in latest.paragraphs] == [
        "I am concerned that Felpersham City Council d"
    ]
    assert latest.topics == ("Compliance with recommendations",)
    assert latest.councils_in_year == 2 and latest.standard == 3
    letter = said_letters["felpersham-2025-overview"]
    assert latest.letter_url == f"/letters/{letter.pk}/#letter-text"
    number = latest.paragraphs[0].number
    assert latest.paragraphs[0].url == f"/letters/{letter.pk}/#passage-{number}"
    summons = said[2]
    assert [p.text.split(" ", 6)[:6] for p in summons.paragraphs] == [
        ["During", "the", "year", "I", "had"],
        ["My", "investigators", "also", "noted", "that"],
    ] or len(summons.paragraphs) == 2
    assert "Witness summons" in summons.topics


def test_the_council_page_card(client, said_letters):
    html = client.get("/councils/borsetshire/").content.decode()
    section = unescape(card(html))
    assert '<h2 class="govuk-heading-l" id="said-heading">What the Ombudsman said</h2>' in section
    years = re.findall(r'id="said-(\d{4})"', section)
    assert years == ["2025", "2024", "2020", "2017"]
    # The newest year is open; the others are one click away, saying what is in them.
    assert "I was pleased to hear that Borsetshire County Council adopted the Complaint" in section
    assert "2023-24: 2 paragraphs (witness summons, complaint handling)" in section
    assert "2016-17: 1 paragraph (public interest report)" in section
    assert "public interest report about Borsetshire County Council's handling" in section
    # The standard text is left out, and said so; the full letter is linked.
    assert "Complaint Handling Code sets out a clear process" not in section
    letter = said_letters["borsetshire-2025-overview"]
    assert f'href="/letters/{letter.pk}/#letter-text">The full 2024-25 letter' in section
    assert "(3 paragraphs of standard text left out here)" in section
    assert (
        'href="/search/?council=borsetshire">Search Borsetshire\'s letters and reports' in section
    )


def test_a_year_with_only_the_standard_text_says_so(said_letters, said_councils):
    felpersham = said_councils["felpersham"]
    text = letter_for(
        "felpersham-2025-overview", council_name="Felpersham City Council", specific=[]
    )
    text = text.replace("We have nothing further to add this year.", "")
    ingest_said("felpersham-2025-overview", felpersham, text=text, filename="again.txt")
    latest = ombudsman_said(felpersham)[0]
    assert latest.paragraphs == () and latest.standard == 3


def test_a_letter_alone_in_its_year_shows_what_speaks_of_the_council(said_councils):
    ingest_said("felpersham-2020-three-statistics", said_councils["felpersham"])
    [year] = ombudsman_said(said_councils["felpersham"])
    assert year.councils_in_year == 1
    assert [p.text[:20] for p in year.paragraphs] == [
        "During the year I ha",
        "My investigators als",
    ]


def test_standard_once_many_councils_of_the_year_carry_it(said_councils):
    """With letters to many councils, a paragraph a few of them share is still what was said
    about each (here a sentence sent to three of 31: standard takes a tenth of them)."""
    shared = "We were pleased to deliver a complaint handling course to your staff this year."
    councils = [
        make_council(official_name=f"Loxley Barrett Council {n}", slug=f"lb-{n}") for n in range(31)
    ]
    for n, council in enumerate(councils):
        specific = [shared] if n < 3 else []
        text = letter_for(
            "borsetshire-2024-per-100k", council_name=council.official_name, specific=specific
        )
        ingest_said("borsetshire-2024-per-100k", council, text=text, filename=f"lb{n}.txt")
    [year] = ombudsman_said(councils[0])
    assert year.councils_in_year == 31 and [p.text for p in year.paragraphs] == [shared]
    [other] = ombudsman_said(councils[5])
    assert other.paragraphs == ()  # "nothing further to add": in 28 of 31, standard


def test_no_card_without_letters_read(client, said_councils, db):
    make_letter(said_councils["borsetshire"])  # no text: a letter made before the search app
    html = client.get("/councils/borsetshire/").content.decode()
    assert 'id="ombudsman-said"' not in html
    assert ombudsman_said(said_councils["borsetshire"]) == []


def test_the_card_takes_one_query_whatever_the_years(client, said_letters, said_councils):
    with CaptureQueriesContext(connection) as queries:
        said = ombudsman_said(said_councils["borsetshire"])
    assert len(said) == 4 and len(queries) == 1


def test_the_letters_text_on_its_page(client, said_letters):
    letter = said_letters["borsetshire-2024-per-100k"]
    html = client.get(f"/letters/{letter.pk}/").content.decode()
    start = html.index('id="letter-text"')
    text = unescape(html[start:])
    assert "The letter's text" in text
    assert "the 2 paragraphs marked “About this council” are what this letter says" in text
    assert text.count("About this council</strong>") == 2
    numbers = [int(n) for n in re.findall(r'id="passage-(\d+)"', text)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert '<h3 class="govuk-heading-s govuk-!-margin-top-4" id="passage-' in text
    assert "Statistics are based on a total of 50 investigations" in text  # the asides too


def test_a_superseded_letter_is_compared_with_its_year_too(client, said_letters, said_councils):
    old = said_letters["felpersham-2024-per-100k"]
    text = letter_for(
        "felpersham-2024-per-100k",
        council_name="Felpersham City Council",
        specific=["A new paragraph about Felpersham City Council."],
    )
    ingest_said(
        "felpersham-2024-per-100k", said_councils["felpersham"], text=text, filename="v2.txt"
    )
    html = unescape(client.get(f"/letters/{old.pk}/").content.decode())
    assert "This is an earlier version of this letter" in html
    assert html.count("About this council</strong>") == 1  # its public interest report
    assert ombudsman_said(said_councils["felpersham"])[1].paragraphs[0].text == (
        "A new paragraph about Felpersham City Council."
    )

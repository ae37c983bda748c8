"""What the Ombudsman said (letters.parsing.paragraphs): a letter in paragraphs, and its
council-specific paragraphs told apart from the standard text of its year, on fictional
letters written for each era's standard text (read as text and from a rendered PDF) and on
the Ombudsman's own 2019-20 letters in ../shared."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letters.parsing.paragraphs import (
    ASIDE,
    BODY,
    HEADING,
    Passage,
    fingerprint,
    is_specific,
    passages,
    separate,
    separate_year,
    standard_threshold,
)
from letters.parsing.pdf import extract
from letters.parsing.text import normalise
from tests.support.paths import REAL, SEEDS, require_shared
from tests.support.pdfs import text_to_pdf
from tests.support.said import (
    COUNCILS,
    ERAS,
    PUBLIC_INTEREST_REPORT,
    STEMS,
    WITNESS_SUMMONS,
    council_of,
    said_text,
)


def read(stem: str, how: str) -> str:
    text = said_text(stem)
    return normalise(extract(text_to_pdf(text)).text if how == "pdf" else text)


def year_of(era: str, how: str):
    return separate_year(
        {key: (read(f"{key}-{era}", how), [name]) for key, name in COUNCILS.items()}
    )


@pytest.mark.parametrize("how", ["text", "pdf"])
@pytest.mark.parametrize("era", ERAS)
def test_two_letters_of_a_year_differ_only_in_their_specific_paragraphs(era, how):
    year = year_of(era, how)
    borsetshire, felpersham = year["borsetshire"], year["felpersham"]
    assert [p.text for p in borsetshire.standard] == [p.text for p in felpersham.standard]
    assert len(borsetshire.standard) >= 3  # the era's standard text, found in both
    assert borsetshire.specific and felpersham.specific
    assert not {p.text for p in borsetshire.specific} & {p.text for p in felpersham.specific}
    for key, separation in year.items():
        body = [p for p in passages(read(f"{key}-{era}", how), council_names=[COUNCILS[key]])
                if p.role == BODY]  # fmt: skip
        # Every paragraph of the body is one or the other, in the letter's order.
        assert sorted(p.number for p in separation.specific + separation.standard) == [
            p.number for p in body
        ]


@pytest.mark.parametrize("stem", STEMS)
def test_what_each_letter_says_about_its_council(stem):
    era = stem.split("-", 1)[1]
    separation = year_of(era, "text")[stem.split("-", 1)[0]]
    said = " ".join(p.text for p in separation.specific)
    standard = " ".join(p.text for p in separation.standard)
    assert ("witness summons" in said) == (stem in WITNESS_SUMMONS)
    assert ("public interest report" in said) == (stem in PUBLIC_INTEREST_REPORT)
    assert "witness" not in standard and "public interest" not in standard
    assert "Dear" not in said + standard and "Yours sincerely" not in said + standard
    assert "% of complaints we investigated" not in said + standard  # statistics are asides


def test_the_topics_of_what_was_said():
    said = {
        key: {t for p in s.specific for t in p.topics}
        for key, s in year_of("2024-per-100k", "text").items()
    }
    assert said["borsetshire"] >= {"Witness summons", "Complaint handling"}
    assert "Public interest report" in said["felpersham"]
    felpersham_2025 = year_of("2025-overview", "text")["felpersham"]
    assert "Compliance with recommendations" in felpersham_2025.specific[0].topics


def test_a_letter_in_passages_address_body_signature_statistics():
    found = passages(read("felpersham-2020-three-statistics", "text"),
                     council_names=["Felpersham City Council"])  # fmt: skip
    assert [p.number for p in found] == list(range(1, len(found) + 1))
    by_text = {p.text: p for p in found}
    assert by_text["Dear Mr Archer"].role == ASIDE
    assert by_text["Felpersham City Council"].role == ASIDE  # the address
    assert by_text["Annual Review letter 2020"].role == HEADING
    assert by_text["Complaint statistics"].role == HEADING
    assert by_text["Michael King"].role == ASIDE  # the signature, not a heading
    assert by_text["Complaints upheld"].role == HEADING  # the statistics' own heading
    assert by_text["50% of complaints we investigated were upheld."].role == ASIDE
    summons = next(p for p in found if "witness summons" in p.text)
    assert summons.role == BODY and summons.heading == "Your authority's performance"
    assert summons.text.startswith("During the year I had to take")
    assert summons.text.endswith("make sure it answers us on time.")  # wrapped lines joined


def test_a_pdf_text_layer_without_blank_lines_gives_the_same_paragraphs():
    stem = "borsetshire-2020-three-statistics"
    as_text = [p.text for p in passages(read(stem, "text")) if p.role == BODY]
    as_pdf = [p.text for p in passages(read(stem, "pdf")) if p.role == BODY]
    assert "\n\n" not in read(stem, "pdf")
    assert as_pdf == as_text


def test_page_breaks_running_headers_and_page_numbers_inside_a_paragraph():
    text = "\n".join(
        [
            "Dear Chief Executive",
            "First paragraph starts here and runs on to the end of the page without a full",
            "",
            "OMBUDSMAN",
            "2",
            "stop because the page broke in the middle of the sentence we are reading.",
            "A second paragraph, short.",
            "Yours sincerely,",
            "OMBUDSMAN",
        ]
    )
    body = [p.text for p in passages(text) if p.role == BODY]
    assert body == [
        "First paragraph starts here and runs on to the end of the page without a full "
        "stop because the page broke in the middle of the sentence we are reading.",
        "A second paragraph, short.",
    ]


def test_one_line_for_each_paragraph_and_a_page_with_no_letter_frame():
    unwrapped = "Dear Sir\n" + "\n".join(
        f"Paragraph {n} says something long enough to be a paragraph of its own. " * 3
        for n in range(3)
    )
    assert len([p for p in passages(unwrapped) if p.role == BODY]) == 3
    page = "\n".join(
        [
            "Borsetshire County Council",
            "Complaints upheld",
            "75% of complaints we investigated were upheld.",
            "This compares to an average of 70% in similar authorities.",
            "In the last nine years, the Ombudsman has published the following reports against",
            "Borsetshire County Council.",
        ]
    )
    found = passages(page, council_names=["Borsetshire County Council"])
    assert [p.role for p in found if "%" in p.text] == [ASIDE, ASIDE]
    said = [p for p in found if p.role == BODY]
    assert len(said) == 1 and said[0].names_council


def test_a_council_report_is_all_paragraphs():
    report = "Annual Complaints Report\n\nWe received 120 complaints.\n\nDear customer, thank you."
    found = passages(report, letter=False)
    assert [(p.role, p.text) for p in found] == [
        (HEADING, "Annual Complaints Report"),
        (BODY, "We received 120 complaints."),
        (BODY, "Dear customer, thank you."),
    ]


def test_the_fingerprint_masks_figures_case_and_punctuation():
    assert fingerprint("We delivered 118 courses, to 1,400 people.") == fingerprint(
        "we delivered 96 courses to 2,100 people"
    )
    assert fingerprint("We delivered courses.") != fingerprint("We cancelled courses.")


def body(text: str, **flags) -> Passage:
    return Passage(number=1, text=text, role=BODY, fingerprint=fingerprint(text), **flags)


def test_the_rules_standard_or_specific():
    plain = body("We run training courses for councils.")
    named = body("Borsetshire County Council complied late.", names_council=True)
    about = body("Your Council failed to comply.", about_council=True)
    # The same paragraph in many letters of the year is standard...
    assert not is_specific(plain, seen_in=40, councils_in_year=300)
    assert standard_threshold(300) == 30 and standard_threshold(2) == 2
    # ...but not when only a few of many councils had it,
    assert is_specific(plain, seen_in=12, councils_in_year=300)
    # and never when it names the council or one of its cases.
    assert is_specific(named, seen_in=300, councils_in_year=300)
    # A paragraph no other council received is specific...
    assert is_specific(plain, seen_in=1, councils_in_year=2)
    # ...except that a letter alone in its year can only be judged by what it speaks of.
    assert not is_specific(plain, seen_in=1, councils_in_year=1)
    assert is_specific(about, seen_in=1, councils_in_year=1)
    heading = Passage(number=2, text="Complaint statistics", role=HEADING)
    assert not is_specific(heading, seen_in=1, councils_in_year=1)
    separation = separate([plain, named], seen_in={plain.fingerprint: 2}, councils_in_year=2)
    assert separation.specific == (named,) and separation.standard == (plain,)


def test_names_and_case_references_make_a_paragraph_about_the_council():
    text = (
        "Dear Chief Executive\n\n"
        "We held seminars in London, Leeds and Bristol this year.\n\n"
        "We found fault in case 23 001 876 about a school appeal.\n\n"
        "The LEEDS CITY COUNCIL team met us in March.\n\n"
        "Yours sincerely,"
    )
    found = [p for p in passages(text, council_names=["Leeds", "Leeds City Council"])
             if p.role == BODY]  # fmt: skip
    assert [p.names_council for p in found] == [False, True, True]  # "Leeds" alone: a city


def test_the_ombudsmans_own_2019_20_letters():
    """Canterbury's and Oxford's letters (text extracts) and Lancaster's (a PDF) of
    2019-20: Canterbury's witness summons and training course are what was said about it;
    the others have only the year's standard text."""
    canterbury = require_shared(SEEDS / "lgsco-2020-canterbury-city.txt").read_text()
    oxford = require_shared(SEEDS / "lgsco-2020-oxford-city.txt").read_text()
    pdf = require_shared(REAL / "letters" / "lancaster-city-council_2019-20.pdf").read_bytes()
    year = separate_year(
        {
            "canterbury": (normalise(canterbury), ["Canterbury City Council"]),
            "oxford": (normalise(oxford), ["Oxford City Council"]),
            "lancaster": (normalise(extract(pdf).text), ["Lancaster City Council"]),
        }
    )
    said = [p.text for p in year["canterbury"].specific]
    assert len(said) == 2
    assert said[0].startswith("During the year, I had to take the unusual step of threatening")
    assert "Witness summons" in year["canterbury"].specific[0].topics
    assert said[1].startswith("We were pleased to deliver a planning complaint handling course")
    assert year["oxford"].specific == () and year["lancaster"].specific == ()
    standard = {name: [p.text for p in s.standard] for name, s in year.items()}
    assert standard["oxford"] == standard["lancaster"] == standard["canterbury"]
    assert len(standard["oxford"]) == 11


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .,:\n\n-ABC1%"), max_size=400))
def test_any_text_is_read_whole(text):
    """Nothing is lost or invented: a report's passages hold every word of it, in order."""
    found = passages(text, letter=False)
    assert " ".join(p.text for p in found).split() == text.split()
    assert [p.number for p in found] == list(range(1, len(found) + 1))
    passages(text)  # and a letter never fails either


def test_council_of():
    assert council_of("felpersham-2024-per-100k") == "Felpersham City Council"

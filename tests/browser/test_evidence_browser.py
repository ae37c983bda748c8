"""The letter's words under each figure, in a real browser: on the preview an officer
checks (at a phone's width and a desktop's, with axe-core) and on the letter's page."""

import pytest

from letters.figures import FIGURES
from letters.models import AnnualLetter
from letters.parsing import parse_letter
from tests.support.browser import assert_accessible, sign_in, upload
from tests.support.evidence import EVIDENCE, MISSING, make_preview, parsed_letter, preview_url
from tests.support.factories import make_council, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def one_line(text: str) -> str:
    return " ".join(text.split())


def assert_no_sideways_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def test_the_preview_shows_each_figures_words_on_a_phone_and_a_desktop(page):
    cambridge = make_council(
        official_name="Cambridge City Council", short_name="Cambridge", slug="cambridge"
    )
    officer = make_user("cam-officer", group="Council officers", councils=[cambridge])
    preview = make_preview(user=officer, council=cambridge, parsed=parsed_letter())
    sign_in(page, "cam-officer")

    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(preview_url(preview))
        assert page.locator("[data-figure='Upheld']").inner_text() == "79%"
        label = page.locator("[data-path='complaints_upheld.percent'] dt")
        assert label.inner_text() == "Upheld"
        words = page.locator("[data-evidence='complaints_upheld.percent']")
        assert words.is_visible()
        assert words.inner_text() == f"From the letter: “{EVIDENCE['complaints_upheld.percent']}”"
        # Under the figure's name, in its row.
        assert words.bounding_box()["y"] > label.bounding_box()["y"]
        missing = page.locator("[data-path='satisfactory_remedy.remedies']")
        assert missing.get_by_text(MISSING).is_visible()
        housing = page.locator("tr[data-path='received_by_service.Housing'] [data-evidence]")
        assert housing.inner_text() == "From the letter: “Housing 12”"
        assert_no_sideways_scroll(page)
        assert_accessible(page)

    page.get_by_role("button", name="Confirm and save").click()
    page.wait_for_url("**/councils/cambridge/")
    letter = AnnualLetter.objects.get()
    assert letter.evidence == EVIDENCE

    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(letter.get_absolute_url())
        words = page.locator("tr[data-path='compliance.outcomes'] [data-evidence]")
        assert words.inner_text() == f"From the letter: “{EVIDENCE['compliance.outcomes']}”"
        assert_no_sideways_scroll(page)
        assert_accessible(page)


def test_an_uploaded_pdf_shows_the_words_the_parser_read(page, seed_pdf):
    cambridge = make_council(
        official_name="Cambridge City Council", short_name="Cambridge", slug="cambridge"
    )
    make_user("cam-officer", group="Council officers", councils=[cambridge])
    expected = parse_letter(seed_pdf.read_bytes(), seed_pdf.name)
    contract = expected.to_dict()
    sign_in(page, "cam-officer")
    upload(page, seed_pdf)
    page.wait_for_url("**/letters/upload/*/")

    shown = 0
    for figure in FIGURES:
        words = figure.evidence_in(expected.evidence)
        if figure.from_parsed(contract) is None or not words:
            continue
        here = page.locator(f"#stated [data-path='{figure.path}'] [data-evidence]")
        assert one_line(here.inner_text()) == one_line(f"From the letter: “{words}”")
        shown += 1
    assert shown, "no figure showed its words"
    assert_accessible(page)

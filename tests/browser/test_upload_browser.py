"""An officer uploads a letter in a real browser, through the real form."""

import pytest

from letters.models import AnnualLetter
from tests.support.browser import assert_accessible, sign_in, upload
from tests.support.factories import make_council, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_uploads_checks_and_confirms_a_letter(page, seed_pdf):
    cambridge = make_council(
        official_name="Cambridge City Council", short_name="Cambridge", slug="cambridge"
    )
    make_user("cam-officer", group="Council officers", councils=[cambridge])
    sign_in(page, "cam-officer")
    assert_accessible(page)

    upload(page, seed_pdf)
    page.wait_for_url("**/letters/upload/*/")
    assert_accessible(page)
    assert "Cambridge City Council" in page.locator("#matched-council").inner_text()
    figure = page.locator("td[data-figure='Uphold rate (decisions table)']")
    assert figure.inner_text() == "67%"
    assert page.locator("td[data-figure='Total decisions']").inner_text() == "19"
    assert page.locator("td[data-figure='Detailed investigations']").inner_text() == "3"
    assert AnnualLetter.objects.count() == 0

    page.get_by_role("button", name="Confirm and save").click()
    page.wait_for_url("**/councils/cambridge/")
    assert "Saved the 2017-18 letter for Cambridge City Council" in page.content()
    assert AnnualLetter.objects.get().investigations == 3
    assert "67%" in page.locator("main").inner_text()

    page.goto("/letters/upload/")
    upload(page, seed_pdf)
    assert "Already uploaded on" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    assert AnnualLetter.objects.count() == 1


def test_an_officer_of_another_council_is_refused(page, seed_pdf):
    make_council(official_name="Cambridge City Council", short_name="Cambridge", slug="cambridge")
    borsetshire = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    make_user("bor-officer", group="Council officers", councils=[borsetshire])
    sign_in(page, "bor-officer")
    upload(page, seed_pdf)
    message = page.locator("main").inner_text()
    assert "This letter is for Cambridge City Council" in message
    assert "only for Borsetshire District Council" in message
    assert AnnualLetter.objects.count() == 0

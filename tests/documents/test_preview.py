"""The upload preview shows what the letter has: a real letter of each era, uploaded through
the form, shows the figures it states first (those of its era first), each with the
letter's words under it; what needs checking above them; the figures it does not state only
inside a folded <details>; and dates written one way on the preview, the reading page and
the letter's page."""

import json
import re

import lxml.html
import pytest
from django.test import Client

from councils.models import AuthorityType, Council
from letters.figures import FIGURE_PATHS, FIGURES, display
from letters.models import AnnualLetter
from tests.support.eras import ERA_LETTERS, read
from tests.support.evidence import MISSING, make_preview, parsed_letter, preview_url
from tests.support.factories import make_council, make_letter, make_user
from tests.support.http import post_upload, upload
from tests.support.paths import SEED_EXPECTED, SEEDS, require_shared
from tests.support.queue import run_queued_tasks

pytestmark = pytest.mark.django_db

LABELS = {figure.path: figure.label for figure in FIGURES}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = rf"\d{{1,2}} ({MONTHS}) 20\d\d"
DATE_AND_TIME = DATE + r" at (\d{1,2}(:\d\d)?(am|pm)|midday|midnight)"


def text(element) -> str:
    return " ".join(element.text_content().split())


def preview_of(client, path):
    response = upload(client, path.name, require_shared(path).read_bytes())
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return lxml.html.fromstring(page.content.decode()), response["Location"]


@pytest.mark.parametrize("letter", ERA_LETTERS, ids=[letter.id for letter in ERA_LETTERS])
def test_a_letter_of_each_era_shows_what_it_states_first_and_folds_the_rest(letter):
    client = Client()
    client.force_login(letter.officer())
    page, _ = preview_of(client, letter.path)
    expected = read(letter.path)
    era = letter.era_of_letter
    assert expected.stated and expected.not_stated

    assert text(page.get_element_by_id("era")).startswith(f"Letters of {letter.era}:")

    # The figures it states, each once, with the figure as read and its words under it.
    stated = page.get_element_by_id("stated")
    rows = stated.xpath(".//div[@data-path]")
    shown = [row.get("data-path") for row in rows]
    assert sorted(shown) == sorted(expected.stated)
    for row in rows:
        path = row.get("data-path")
        figure = row.xpath(".//*[@data-figure]")
        value = display(expected.stated[path], FIGURE_PATHS[path].is_percent)
        assert [text(f) for f in figure] == [value]
        assert text(row.xpath(".//dt")[0]) == LABELS[path]
        words = expected.evidence.get(path)
        if words:
            (quote,) = row.xpath(f".//*[@data-evidence='{path}']")
            assert text(quote) == " ".join(f"From the letter: “{words}”".split())
        else:
            assert MISSING in text(row)
    assert text(stated.xpath(".//h2")[0]) == f"Figures this letter states ({len(shown)})"

    # The era's figures first, in the era's order within each section of the letter.
    in_era = [path for path in shown if path in era.paths]
    assert in_era, "none of the era's figures is shown"
    outside = [shown.index(path) for path in shown if path not in era.paths]
    assert all(shown.index(path) < min(outside, default=len(shown)) for path in in_era)
    for section in stated.xpath(".//*[@data-section]"):
        paths = [row.get("data-path") for row in section.xpath(".//*[@data-path]")]
        ours = [path for path in paths if path in era.paths]
        assert ours == sorted(ours, key=era.paths.index)

    # The rest: named once, only inside the folded details, none of them among the figures.
    details = page.get_element_by_id("not-stated")
    assert details.tag == "details" and details.get("open") is None
    summary = text(details.xpath(".//summary")[0])
    assert summary == f"Figures this letter does not state ({len(expected.not_stated)})"
    folded = [item.get("data-not-stated") for item in details.xpath(".//*[@data-not-stated]")]
    assert sorted(folded) == sorted(expected.not_stated)
    assert len(page.xpath("//*[@data-not-stated]")) == len(folded)
    assert not set(folded) & set(shown)
    assert "not stated" not in text(stated)
    in_era_folded = details.xpath(".//*[@id='not-stated-in-era']//*[@data-not-stated]")
    assert all(item.get("data-not-stated") in era.paths for item in in_era_folded)

    # The reader's warnings come before any figure.
    html = lxml.html.tostring(page, encoding="unicode")
    for warning in expected.warnings:
        banner = page.get_element_by_id("parser-warnings")
        assert warning in text(banner)
        assert html.index('id="parser-warnings"') < html.index('id="stated"')


def test_a_rate_the_letter_leaves_out_for_want_of_cases_says_why():
    oxford = next(letter for letter in ERA_LETTERS if letter.council == "Oxford City Council")
    client = Client()
    client.force_login(oxford.officer())
    page, _ = preview_of(client, oxford.path)
    assert read(oxford.path).stated["complaints_upheld.investigations"] == 0
    (upheld,) = page.xpath(
        "//*[@id='not-stated-in-era']//*[@data-not-stated='complaints_upheld.percent']"
    )
    assert text(upheld) == "Upheld (no investigations, so no rate)"
    (average,) = page.xpath(
        "//*[@id='not-stated-in-era']//*[@data-not-stated='complaints_upheld.average_percent']"
    )
    assert text(average) == "Upheld, similar authorities (no investigations, so nothing to compare)"


def test_an_average_the_saved_letters_of_the_type_state_otherwise_is_checked_first():
    cambridgeshire = next(letter for letter in ERA_LETTERS if "Cambridgeshire" in letter.council)
    stated = read(cambridgeshire.path).stated["complaints_upheld.average_percent"]
    for n, average in enumerate((stated - 27, stated - 27)):
        other = make_council(authority_type=AuthorityType.COUNTY, slug=f"county-{n}")
        make_letter(other, year_end=2024, upheld_average_percent=average)
    client = Client()
    client.force_login(cambridgeshire.officer())
    page, location = preview_of(client, cambridgeshire.path)

    (check,) = page.xpath(
        "//*[@id='parser-warnings']//a[@href='#figure-complaints_upheld-average_percent']"
    )
    assert text(check).startswith(
        f"Upheld, similar authorities: this letter gives {stated}%, but the 2 letters to county "
        f"councils for 2023-24 already saved give {stated - 27}%."
    )
    assert page.get_element_by_id("figure-complaints_upheld-average_percent") is not None

    # Letters of the type that agree with it: nothing to check.
    AnnualLetter.objects.exclude(council__official_name=cambridgeshire.council).update(
        upheld_average_percent=stated
    )
    page = lxml.html.fromstring(client.get(location).content.decode())
    assert page.get_element_by_id("figure-complaints_upheld-average_percent") is not None
    assert not page.xpath(
        "//*[@id='parser-warnings']//a[@href='#figure-complaints_upheld-average_percent']"
    )


def _pending_preview(client) -> str:
    """The address of the signed-in officer's preview waiting to be confirmed."""
    from documents.models import UploadPreview

    preview = UploadPreview.objects.get(uploaded_by=client.session["_auth_user_id"])
    return preview_url(preview)


def test_a_figure_read_without_its_words_is_listed_at_the_top(officer, officer_client, cambridge):
    preview = make_preview(user=officer, council=cambridge, parsed=parsed_letter())
    page = lxml.html.fromstring(officer_client.get(preview_url(preview)).content.decode())
    (link,) = page.xpath(
        "//*[@id='parser-warnings']//a[@href='#figure-satisfactory_remedy-remedies']"
    )
    assert text(link) == "Satisfactory remedy decisions"
    assert "1 figure was read without the letter's words" in text(
        page.get_element_by_id("parser-warnings")
    )


def test_dates_are_written_one_way_on_the_reading_page_the_preview_and_the_letter_page(
    officer_client, cambridge
):
    path = SEEDS / "lgsco-2024-cambridgeshire-county.txt"
    expected = json.loads(require_shared(SEED_EXPECTED / f"{path.stem}.json").read_text())
    assert (expected["period_start"], expected["period_end"], expected["letter_date"]) == (
        "2023-04-01",
        "2024-03-31",
        "2024-07-17",
    )
    county = make_council(
        official_name="Cambridgeshire County Council",
        slug="cambridgeshire",
        authority_type=AuthorityType.COUNTY,
    )
    client = Client()
    client.force_login(make_user("admin", group="Data admins"))

    reading = client.get(post_upload(client, path.name, path.read_bytes())["Location"])
    uploaded = text(lxml.html.fromstring(reading.content.decode()).get_element_by_id("uploaded-at"))
    assert re.fullmatch(DATE_AND_TIME, uploaded), uploaded
    run_queued_tasks()
    location = _pending_preview(client)
    preview = lxml.html.fromstring(client.get(location).content.decode())
    year = "2023-24: 1 April 2023 to 31 March 2024"
    assert text(preview.get_element_by_id("reporting-year")).startswith(year)
    assert text(preview.get_element_by_id("letter-date")).startswith("17 July 2024")
    expires = text(preview.get_element_by_id("preview-expires"))
    assert re.search(f"expires on {DATE_AND_TIME}\\.$", expires), expires
    assert "2024-07-17" not in text(preview) and "2023-04-01" not in text(preview)

    client.post(location, {"action": "confirm"})
    letter = AnnualLetter.objects.get(council=county)
    page = lxml.html.fromstring(client.get(letter.get_absolute_url()).content.decode())
    assert text(page.get_element_by_id("reporting-year")).startswith(year)
    assert text(page.get_element_by_id("letter-date")).startswith("17 July 2024")
    assert re.match(DATE_AND_TIME, text(page.get_element_by_id("uploaded")))
    assert re.search(f"Uploaded {DATE_AND_TIME}", text(page.get_element_by_id("versions")))


def test_a_letter_for_a_year_already_saved_says_it_will_replace_it():
    cambridgeshire = next(letter for letter in ERA_LETTERS if "Cambridgeshire" in letter.council)
    client = Client()
    client.force_login(cambridgeshire.officer())
    page, location = preview_of(client, cambridgeshire.path)
    assert not page.xpath("//*[@id='parser-warnings']//a[contains(., 'already saved')]")

    saved = make_letter(Council.objects.get(official_name=cambridgeshire.council), year_end=2024)
    page = lxml.html.fromstring(client.get(location).content.decode())
    (link,) = page.xpath("//*[@id='parser-warnings']//a[contains(., 'already saved')]")
    assert link.get("href") == saved.get_absolute_url()
    assert re.fullmatch(
        f"A 2023-24 letter for Cambridgeshire County Council is already saved \\(uploaded "
        f"{DATE}\\): confirming makes this one the current version; the earlier one is kept\\.",
        text(link),
    ), text(link)

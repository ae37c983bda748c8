"""The content security policy in a real browser: the main pages, signed out and as a data
admin, load with no console errors, an injected script is refused, and no GOV.UK font is
fetched."""

import pytest
from django.urls import reverse

from letters import corrections
from tests.support.factories import make_council, make_letter, make_user


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


def _visit(page, url: str, problems: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 400, (url, response and response.status)
    assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()} or (
        "content-security-policy" in response.headers
    )
    page.wait_for_load_state("load")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_main_pages_load_with_no_console_errors_under_the_csp(page):
    council = make_council(official_name="Ambridge District Council", slug="ambridge")
    for year in (2023, 2024):
        letter = make_letter(council, year_end=year)
    admin = make_user("dana", group="Data admins")
    letter.upheld_percent = 68
    corrections.letter_correct(letter=letter, reason="The letter says 68%.", user=admin)
    problems = _watch(page)

    for url in [
        "/",
        reverse("councils:council-list"),
        council.get_absolute_url(),
        letter.get_absolute_url(),
        reverse("login"),
    ]:
        _visit(page, url, problems)
    assert "corrected" in page.goto(letter.get_absolute_url()).text()
    assert problems == []

    # The watch sees what the policy blocks: an injected inline script is refused.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    assert any("Content Security Policy" in problem for problem in problems), problems
    problems.clear()

    # Signed in as a data admin: the upload form, then the admin and a letter's history.
    _visit(page, reverse("login"), problems)
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    for url in [
        reverse("documents:upload"),
        reverse("admin:index"),
        reverse("admin:letters_annualletter_changelist"),
        reverse("admin:letters_annualletter_change", args=[letter.pk]),
    ]:
        _visit(page, url, problems)
    assert page.locator("#letter-history").is_visible()
    # The admin's own scripts run under the policy: collapsible sections, date shortcuts.
    assert page.locator(".datetimeshortcuts").count() >= 1
    page.get_by_role("button", name=f"Revert #{letter.events.latest('pgh_id').pk}").click()
    page.wait_for_load_state("load")
    assert "Reverted change" in page.locator(".messagelist").inner_text()

    assert problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_asks_for_govuk_fonts_even_when_they_are_used(page):
    # The reserved GDS Transport files are not ours to serve: even an element that asks for
    # that family explicitly must not make the browser fetch them.
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/")
    page.evaluate(
        """() => {
            const probe = document.createElement("p");
            probe.textContent = "Probe";
            probe.style.setProperty("font-family", '"GDS Transport"', "important");
            probe.style.setProperty("font-weight", "700", "important");
            document.body.appendChild(probe);
            return probe.getBoundingClientRect().width;  // forces layout with that family
        }"""
    )
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if "/assets/" in url] == []

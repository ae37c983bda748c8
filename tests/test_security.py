"""Security settings for a public site: CSP the pages pass in a real browser, secure cookies
and HSTS when DEBUG is off, `check --deploy` clean, the admin at a configurable path."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from letters import corrections
from tests.conftest import PROJECT_ROOT
from tests.factories import make_council, make_letter, make_user

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3!x9-production-like-secret-key-that-is-long-and-random-enough-0f8a7c",
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    unset = {"DEBUG", "SECRET_KEY", "ADMIN_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_cookies_are_secure_and_hsts_is_on_when_debug_is_off():
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_HTTPONLY, s.DEBUG)"
    )
    result = manage("shell", "-c", code, **PRODUCTION_ENV)
    assert result.stdout.split()[-7:] == ["True"] * 6 + ["False"], result.stderr


def test_the_admin_path_is_configurable():
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    assert manage("shell", "-c", code, ADMIN_URL="/staff-7f3a").stdout.split()[-1] == (
        "/staff-7f3a/"
    )
    assert manage("shell", "-c", code).stdout.split()[-1] == "/admin/"


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    letter = make_letter(make_council())
    for url in ["/", letter.get_absolute_url(), letter.council.get_absolute_url(), "/admin/"]:
        response = client.get(url, follow=True)
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


@pytest.mark.django_db
def test_a_script_nonce_reaches_the_header_when_a_template_uses_it(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    request = rf.get("/")
    response = CSPMiddleware(view)(request)
    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


# --- In a real browser ------------------------------------------------------------------


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

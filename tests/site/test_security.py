"""Security settings for a public site: a content security policy on every page, secure
cookies and HSTS when DEBUG is off, `check --deploy` clean, the admin at a configurable path.
The pages under that policy in a real browser: tests/browser/test_security_browser.py."""

import os
import subprocess
import sys

import pytest

from tests.support.factories import make_council, make_letter
from tests.support.paths import PROJECT_ROOT

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

"""Behind a reverse proxy: failed sign-ins are throttled per username and client address
together, the client address comes from the deployment's own proxies only
(TRUSTED_PROXY_COUNT), the lockout page says when to try again, and X-Forwarded-Proto is
believed only when BEHIND_TLS_PROXY says a proxy sets it.

The proxy is simulated with the test client: every request has the proxy's REMOTE_ADDR and
the X-Forwarded-For the proxy would have written."""

import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.utils import timezone

from complaints_site.lockout import clock_time
from complaints_site.proxy import client_ip
from tests.support.factories import make_user
from tests.support.paths import PROJECT_ROOT

PROXY = "10.0.0.1"
ALICE = "203.0.113.5"  # the officer, at home
OFFICE = "198.51.100.7"  # the same officer, at the council
ATTACKER = "192.0.2.9"


@pytest.fixture
def user(db):
    return make_user("alice.officer", group="Council officers")


def sign_in(client: Client, password: str, forwarded_for: str | None = None, **extra):
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        "/accounts/login/", {"username": "alice.officer", "password": password}, **extra
    )


def fail_five_times(client: Client, forwarded_for=None):
    responses = [sign_in(client, f"wrong {n}", forwarded_for) for n in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4  # the form, with its error
    assert responses[4].status_code == 429  # the fifth failure locks
    return responses[4]


# The client address -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded_for", "remote", "expected"),
    [
        (0, "203.0.113.5", PROXY, PROXY),  # X-Forwarded-For ignored entirely
        (0, None, "2001:db8::1", "2001:db8::1"),
        (1, "203.0.113.5", PROXY, "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", PROXY, "203.0.113.5"),  # the client's own hop ignored
        (1, "6.6.6.6,203.0.113.5:51234", PROXY, "203.0.113.5"),  # a port
        (1, "[2001:DB8::0001]:443", PROXY, "2001:db8::1"),  # IPv6, normalised
        (1, None, PROXY, PROXY),  # not through the proxy: the connection's address
        (1, "not-an-address", PROXY, PROXY),
        (1, "' OR 1=1 --", PROXY, PROXY),
        (2, "6.6.6.6, 203.0.113.5, 198.51.100.1", PROXY, "203.0.113.5"),  # CDN then nginx
        (2, "203.0.113.5", PROXY, "203.0.113.5"),  # the outer proxy skipped
    ],
)
def test_the_client_address_is_the_hop_the_deployments_proxies_wrote(
    settings, count, forwarded_for, remote, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    meta = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert client_ip(RequestFactory().get("/", **meta)) == expected


# Lockout per username and address ---------------------------------------------------------


@pytest.mark.django_db
def test_behind_the_proxy_failures_from_one_address_do_not_lock_out_another(settings, user):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR=PROXY)
    fail_five_times(client, forwarded_for=ALICE)
    # Locked from that address, even with the right password...
    assert sign_in(client, "correct horse", forwarded_for=ALICE).status_code == 429
    # ...but the same person through the same proxy from another address signs in.
    response = sign_in(client, "correct horse", forwarded_for=OFFICE)
    assert response.status_code == 302 and response["Location"] == "/"
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("alice.officer", ALICE)


@pytest.mark.django_db
def test_another_username_from_the_same_address_is_not_locked(settings, user):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("bob.officer", group="Council officers")
    client = Client(REMOTE_ADDR=PROXY)
    fail_five_times(client, forwarded_for=ALICE)
    response = client.post(
        "/accounts/login/",
        {"username": "bob.officer", "password": "correct horse"},
        HTTP_X_FORWARDED_FOR=ALICE,
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_without_trusted_proxies_a_client_cannot_choose_its_address(settings, user):
    settings.TRUSTED_PROXY_COUNT = 0
    attacker = Client(REMOTE_ADDR=ATTACKER)
    responses = [sign_in(attacker, "guess", forwarded_for=f"198.51.100.{n}") for n in range(1, 6)]
    assert responses[-1].status_code == 429
    # A fresh made-up X-Forwarded-For does not get it five more tries.
    assert sign_in(attacker, "correct horse", forwarded_for="198.51.100.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    # The real user elsewhere is not locked out by the attacker.
    assert sign_in(Client(REMOTE_ADDR=ALICE), "correct horse").status_code == 302


@pytest.mark.django_db
def test_behind_one_proxy_a_spoofed_leftmost_hop_does_not_escape_the_lock(settings, user):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR=PROXY)
    for n in range(5):  # the client writes its own X-Forwarded-For; the proxy appends
        sign_in(client, "guess", forwarded_for=f"6.6.6.{n}, {ATTACKER}")
    response = sign_in(client, "correct horse", forwarded_for=f"6.6.6.99, {ATTACKER}")
    assert response.status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["a" * 5000, "x" * 256, "\x00admin"])
def test_a_username_the_database_cannot_hold_is_a_refused_sign_in(username):
    client = Client(REMOTE_ADDR=ATTACKER, raise_request_exception=False)
    form = {"username": username, "password": "guess"}
    statuses = [client.post("/accounts/login/", form).status_code for _ in range(5)]
    assert statuses[:4] == [200] * 4
    assert statuses[4] in (200, 429)  # counted (and locked) where it reached authentication
    assert client.post("/admin/login/", form).status_code < 500


# The lockout page --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lockout_page_says_when_to_try_again_and_the_time_does_not_move(settings, user):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR=PROXY)
    before = timezone.now()
    locked = fail_five_times(client, forwarded_for=ALICE)
    after = timezone.now()
    html = locked.content.decode()
    assert "Too many failed sign-in attempts" in html
    stamp = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    until = timezone.datetime.fromisoformat(stamp.group(1))
    assert before + timedelta(hours=1) <= until <= after + timedelta(hours=1)
    local = timezone.localtime(until)
    assert stamp.group(2) == f"{clock_time(local)} on {local:%A} {local.day} {local:%B %Y}"
    assert 3590 <= int(locked["Retry-After"]) <= 3600
    assert "alice.officer" not in html  # the page does not echo the username
    # Trying again during the cool-off does not push the time back.
    again = sign_in(client, "correct horse", forwarded_for=ALICE)
    assert again.status_code == 429
    assert re.search(r'<time datetime="([^"]+)"', again.content.decode()).group(1) == (
        stamp.group(1)
    )
    # An hour after the last counted failure, the right password works.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=1, seconds=1))
    assert sign_in(client, "correct horse", forwarded_for=ALICE).status_code == 302


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [(0, 5, "12:05am"), (9, 30, "9:30am"), (12, 0, "12:00pm"), (15, 42, "3:42pm")],
)
def test_the_time_is_written_in_govuk_style(hour, minute, text):
    assert clock_time(timezone.datetime(2026, 3, 5, hour, minute)) == text


def production_env(**more: str) -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": "k3!x9-production-like-secret-key-that-is-long-and-random-enough-0f8a7c",
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        **more,
    }


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    unset = {"DEBUG", "SECRET_KEY", "BEHIND_TLS_PROXY", "TRUSTED_PROXY_COUNT"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


# X-Forwarded-Proto -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_clients_x_forwarded_proto_is_not_believed_by_default(client, settings):
    assert settings.SECURE_PROXY_SSL_HEADER is None
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301 and response["Location"].startswith("https://")


@pytest.mark.django_db
def test_behind_a_tls_proxy_its_x_forwarded_proto_is_believed(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # BEHIND_TLS_PROXY=1
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get("/", HTTP_X_FORWARDED_PROTO="http").status_code == 301


def test_the_settings_read_behind_tls_proxy_and_trusted_proxy_count():
    code = (
        "from django.conf import settings as s; "
        "print(repr(s.SECURE_PROXY_SSL_HEADER), s.TRUSTED_PROXY_COUNT)"
    )
    default = manage("shell", "-c", code, **production_env())
    assert default.stdout.split()[-2:] == ["None", "0"], default.stderr
    behind = manage(
        "shell", "-c", code, **production_env(BEHIND_TLS_PROXY="1", TRUSTED_PROXY_COUNT="1")
    )
    assert behind.stdout.strip().endswith("('HTTP_X_FORWARDED_PROTO', 'https') 1"), behind.stderr
    bad = manage("shell", "-c", code, **production_env(TRUSTED_PROXY_COUNT="-1"))
    assert bad.returncode != 0 and "TRUSTED_PROXY_COUNT" in bad.stderr

"""CACHE_URL (or REDIS_URL) puts the page cache in Redis, shared by every web process: the
settings read it, and pages rendered by one process are served by another. Uses a real
Redis (TEST_REDIS_URL, by default database 7 of the local server) under a key prefix of
this test run's own, and deletes only its own keys."""

import json
import os
import subprocess
import sys
from urllib.parse import quote

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection

from tests.support.paths import PROJECT_ROOT

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
PREFIX = f"test-{os.getpid()}"
SHOW_CACHES = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.CACHES['default']))"
)
SERVE = (
    "import django, sys; django.setup(); from django.test import Client; "
    "r = Client().get(sys.argv[1]); print(r.status_code, r.get('X-Page-Cache'))"
)


def run_python(code: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`code` in a new Python process with the site's settings and this environment."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CACHE_URL", "REDIS_URL", "CACHE_KEY_PREFIX")
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "complaints_site.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def caches_in_a_process(**env: str) -> dict:
    done = run_python(SHOW_CACHES, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def own_redis():
    """The test Redis, emptied of this run's keys before and after."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"no Redis at {REDIS_URL} (set TEST_REDIS_URL): {error}")

    def forget():
        for key in client.scan_iter(match=f"{PREFIX}:*"):
            client.delete(key)

    forget()
    yield client
    forget()
    client.close()


def test_without_cache_url_each_process_keeps_its_own():
    assert caches_in_a_process()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("name", ["CACHE_URL", "REDIS_URL"])
def test_cache_url_selects_djangos_redis_backend(name):
    found = caches_in_a_process(**{name: "redis://cache.internal:6379/2"})
    assert found["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["LOCATION"] == "redis://cache.internal:6379/2"


def test_a_cache_url_that_is_not_redis_is_refused_with_the_reason():
    done = run_python(SHOW_CACHES, CACHE_URL="memcached://127.0.0.1:11211")
    assert done.returncode != 0
    assert "CACHE_URL must be a Redis URL" in done.stderr and "'memcached'" in done.stderr


def database_url() -> str:
    """This test database's address, for another process."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "localhost", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}{port}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_by_one_process_is_served_by_another(
    settings, client, kent_letters, own_redis
):
    env = {"CACHE_URL": REDIS_URL, "CACHE_KEY_PREFIX": PREFIX}
    settings.CACHES = {"default": caches_in_a_process(**env)}
    assert django_settings.CACHES["default"]["BACKEND"].endswith("RedisCache")

    assert client.get("/councils/swale/")["X-Page-Cache"] == "miss"
    assert client.get("/councils/swale/")["X-Page-Cache"] == "hit"
    assert list(own_redis.scan_iter(match=f"{PREFIX}:*"))  # the entry is in Redis

    # Another process, with the same settings and database, finds it there.
    elsewhere = run_python(SERVE, "/councils/swale/", DATABASE_URL=database_url(), **env)
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert elsewhere.stdout.split() == ["200", "hit"]
    # And what it renders, this one serves.
    elsewhere = run_python(SERVE, "/compare/county/2024/", DATABASE_URL=database_url(), **env)
    assert elsewhere.stdout.split() == ["200", "miss"], elsewhere.stderr
    assert client.get("/compare/county/2024/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_a_cache_that_does_not_answer_is_a_miss_not_an_error(settings, client, kent_letters):
    settings.CACHES = {
        "default": caches_in_a_process(CACHE_URL="redis://127.0.0.1:9/0", CACHE_KEY_PREFIX=PREFIX)
    }
    for _ in range(2):
        response = client.get("/councils/swale/")
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"

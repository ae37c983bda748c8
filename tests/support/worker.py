"""The queue's real worker (``manage.py db_worker``) as a separate process, on the test
database: for the tests of the real path (transaction=True, so the worker sees what the
test wrote)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

from tests.support.paths import PROJECT_ROOT

WORKER_ID = "tests-db-worker"


def test_database_url() -> str:
    """A DATABASE_URL for the database the tests run on (a private cluster's Unix socket
    too)."""
    from django.db import connection

    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = quote(db.get("HOST") or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"


def environment() -> dict[str, str]:
    """The worker's environment: the test's database and its MEDIA_ROOT (a worker that
    imports stores originals where the test looks for them)."""
    from django.conf import settings

    return {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }


@contextlib.contextmanager
def db_worker(*extra: str):
    """``manage.py db_worker`` on every queue, polling every 0.1 s, for the ``with``
    block; stopped (SIGTERM, as a service manager would) after it. Its output is in
    ``process.output`` once stopped."""
    command = [
        sys.executable,
        str(PROJECT_ROOT / "manage.py"),
        "db_worker",
        "--queue-name=*",
        "--interval=0.1",
        "--no-startup-delay",
        "--no-reload",
        f"--worker-id={WORKER_ID}",
        *extra,
    ]
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.output, _ = process.communicate()


def wait_until(condition, *, timeout: float = 60.0, every: float = 0.2):
    """Poll ``condition()`` until it returns something true; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout:g} s")
        time.sleep(every)

"""Without DATABASE_URL the project runs its own PostgreSQL, or says what to install."""

import os
import subprocess
import sys

import pytest

from complaints_site import localdb
from tests.support.paths import PROJECT_ROOT


def test_without_database_url_the_private_cluster_serves_the_project(monkeypatch):
    """Run here even when this test run itself uses a configured server: Django, started
    without DATABASE_URL, connects to the private cluster through its socket."""
    if os.environ.get("DATABASE_URL") and not (
        localdb.find_binary("initdb") and localdb.find_binary("pg_ctl")
    ):
        pytest.skip("DATABASE_URL is set and PostgreSQL is not installed here to run a cluster")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT current_database()')\n"
        "    print(connection.settings_dict['HOST'], cursor.fetchone()[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=PROJECT_ROOT,
        env=os.environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    host, database = result.stdout.splitlines()[-1].split()
    assert (host, database) == (str(localdb._socket_dir()), localdb.DATABASE_NAME)
    assert localdb.is_running()


def test_no_postgres_and_no_database_url_explains_what_to_do(tmp_path):
    env = {
        "PATH": str(tmp_path),  # no initdb/pg_ctl here
        "POSTGRES_BIN_GLOB": str(tmp_path / "none" / "*"),
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "apt-get install postgresql" in result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout

"""Without DATABASE_URL the project runs its own PostgreSQL, or says what to install."""

import os
import subprocess
import sys

from complaints_site import localdb
from tests.conftest import PROJECT_ROOT


def test_the_private_cluster_serves_this_test_run():
    if os.environ.get("DATABASE_URL"):
        return  # running against a configured server instead
    assert localdb.is_running()
    assert localdb.find_binary("initdb") and localdb.find_binary("pg_ctl")


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

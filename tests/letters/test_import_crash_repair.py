"""An import killed after its letter's row committed and before its original was stored:
check_storage reports exactly that row, and running the import again stores the file."""

import os
import signal
import subprocess
import sys
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from documents import storage
from letters.models import AnnualLetter
from tests.support.factories import make_council
from tests.support.paths import PROJECT_ROOT
from tests.support.texts import letter_text

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    settings = connection.settings_dict
    host = quote(settings["HOST"] or "", safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}{port}/{settings['NAME']}"


def import_letters(folder, media_root, **hooks) -> subprocess.CompletedProcess:
    command = [sys.executable, "manage.py", "import_letters", str(folder)]
    command += ["--jobs", "1", "--no-progress", "--skip-checks"]
    env = {**os.environ, "DATABASE_URL": database_url(), "MEDIA_ROOT": str(media_root)}
    env.pop(storage.CRASH_BEFORE_PUBLISH, None)
    env.update(hooks)
    return subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def check_storage(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_storage", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_a_crash_between_commit_and_store_is_reported_then_repaired_by_the_import(
    tmp_path, media_root
):
    council = make_council(official_name="Ambridge District Council", slug="ambridge")
    folder = tmp_path / "letters"
    folder.mkdir()
    data = letter_text(council.official_name).encode()
    (folder / "ambridge.txt").write_bytes(data)

    crashed = import_letters(folder, media_root, **{storage.CRASH_BEFORE_PUBLISH: "1"})
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-2000:]
    letter = AnnualLetter.objects.get()  # the row committed...
    assert not (media_root / letter.original.name).exists()  # ...its file was not stored

    code, out = check_storage()
    assert code == 1
    missing = f"annual letter #{letter.pk}: {letter.original.name}"
    assert out.splitlines()[:2] == [
        "Rows whose original is missing from storage:",
        f"  {missing} (a staged copy was kept: --repair stores it)",
    ]
    assert "Files no row names" not in out
    assert "1 row(s) without their original, 0 file(s) without a row." in out

    again = import_letters(folder, media_root)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "its stored original was missing: stored again" in again.stdout
    assert "0 imported, 1 already present" in again.stdout
    assert (media_root / letter.original.name).read_bytes() == data
    assert check_storage()[0] == 0  # and the crash's staged copy is gone
    assert AnnualLetter.objects.count() == 1

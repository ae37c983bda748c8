"""import_letters: folders and archives in, whole letters out, even when killed midway."""

import os
import signal
import subprocess
import sys
import time
import zipfile
from urllib.parse import quote

import pytest
from django.db import connection

from councils.models import Council
from letters.bulk_import import ZIP_MEMBER_TOO_LARGE
from letters.models import AnnualLetter, ServiceComplaintStats
from letters.parsing import errors as parse_errors
from tests.support.commands import run_import
from tests.support.factories import make_district_councils
from tests.support.history import events
from tests.support.paths import PROJECT_ROOT
from tests.support.pdfs import text_to_pdf
from tests.support.texts import letter_text

PLACES = [
    "Ambridge", "Borchester", "Felpersham", "Loxley Barrett", "Penny Hassett", "Edgeley",
    "Hollerton", "Darrington", "Waterley Cross", "Lakey Hill", "Heydon Berrow", "Churcham",
    "Netherbourne", "Little Croxley", "Westbury Magna", "Hassett Hills", "Bridge Farm",
    "Lower Loxley", "Brookfield", "Grey Gables", "Willow Cottage", "Glebe End", "Nightingale",
    "Arkwright", "Home Farm", "Hinton Parva", "Marsh Gibbon", "Upper Ambridge", "Layton Cross",
    "Borsetshire Vale",
]  # fmt: skip


def make_councils():
    return make_district_councils(PLACES)


def write_letters(folder, councils, years=range(2015, 2025), *, pdf_every=0) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for n, council in enumerate(councils):
        for year in years:
            text = letter_text(council.official_name, year_end=year, upheld=(n + year) % 9 + 1)
            name = f"{council.slug}-{year}"
            if pdf_every and count % pdf_every == 0:
                (folder / f"{name}.pdf").write_bytes(text_to_pdf(text))
            else:
                (folder / f"{name}.txt").write_text(text)
            count += 1
    return count


@pytest.mark.django_db
def test_folders_and_zips_are_imported_with_a_summary(tmp_path):
    councils = make_councils()[:3]
    write_letters(tmp_path / "letters", councils[:2], years=[2023, 2024], pdf_every=2)
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as archive:
        archive.writestr("c/letter.txt", letter_text(councils[2].official_name))
        archive.writestr("readme.md", "not a letter")
    code, out = run_import(str(tmp_path / "letters"), str(tmp_path / "more.zip"))
    assert code == 0
    assert "5 imported, 0 already present, 0 replaced, 0 refused (5 files)." in out
    assert "more.zip:c/letter.txt" in out
    assert AnnualLetter.objects.count() == 5
    assert ServiceComplaintStats.objects.count() == 0

    code, out = run_import(str(tmp_path / "letters"), str(tmp_path / "more.zip"))
    assert "0 imported, 5 already present" in out
    assert AnnualLetter.objects.count() == 5


@pytest.mark.django_db
def test_refused_files_are_listed_with_reasons_and_exit_1(tmp_path):
    [council] = make_councils()[:1]
    (tmp_path / "good.txt").write_text(letter_text(council.official_name))
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "stranger.txt").write_text(letter_text("Loamshire County Council"))
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.txt", b"0" * (11 * 1024 * 1024))
    code, out = run_import(str(tmp_path), str(tmp_path / "missing.pdf"))
    assert code == 1
    assert "1 imported, 0 already present, 0 replaced, 4 refused (5 files)." in out
    assert parse_errors.EMPTY in out
    assert "“Loamshire County Council” is not a council in the register" in out
    assert ZIP_MEMBER_TOO_LARGE in out
    assert "No such file or folder." in out
    assert AnnualLetter.objects.count() == 1


@pytest.mark.django_db
def test_a_newer_file_for_the_same_year_replaces_and_keeps_the_old(tmp_path):
    [council] = make_councils()[:1]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "v1.txt").write_text(letter_text(council.official_name, upheld=3))
    run_import(str(tmp_path / "a"))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "v2.txt").write_text(letter_text(council.official_name, upheld=4))
    code, out = run_import(str(tmp_path / "b"))
    assert "0 imported, 0 already present, 1 replaced" in out
    assert list(AnnualLetter.objects.current().values_list("upheld_count", flat=True)) == [4]
    assert AnnualLetter.objects.count() == 2


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path, media_root):
    write_letters(tmp_path, make_councils()[:2], years=[2024])
    code, out = run_import(str(tmp_path), "--dry-run")
    assert code == 0
    assert "Dry run, nothing saved: 2 imported" in out
    assert AnnualLetter.objects.count() == 0
    assert not (media_root / "letters").exists()


def _database_url() -> str:
    settings = connection.settings_dict
    host = quote(settings["HOST"] or "", safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}{port}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_run_again_ends_with_every_letter_once(tmp_path, media_root):
    councils = make_councils()
    total = write_letters(tmp_path / "letters", councils, pdf_every=10)
    assert total == 300
    env = {**os.environ, "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(media_root)}
    command = [sys.executable, "manage.py", "import_letters", str(tmp_path / "letters")]
    command += ["--jobs", "2", "--no-progress", "--skip-checks"]

    first = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    try:
        while AnnualLetter.objects.count() < 100 and first.poll() is None:
            time.sleep(0.02)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)  # the command and its parsing workers
        first.wait()
    killed_at = AnnualLetter.objects.count()
    assert first.returncode == -signal.SIGKILL, first.stderr.read().decode()[-3000:]
    assert 100 <= killed_at < total

    second = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr[-2000:]
    assert f"{total - killed_at} imported, {killed_at} already present" in second.stdout

    assert AnnualLetter.objects.count() == total
    assert AnnualLetter.objects.current().count() == total
    per_council = {c.pk: c.letters.count() for c in Council.objects.all()}
    assert set(per_council.values()) == {10}
    stored = {
        str(path.relative_to(media_root)) for path in (media_root / "letters").rglob("*")
        if path.is_file()
    }  # fmt: skip
    assert stored == set(AnnualLetter.objects.values_list("original", flat=True))


@pytest.mark.django_db
def test_a_letter_the_database_refuses_refuses_only_itself(tmp_path):
    good, bad = make_councils()[:2]
    (tmp_path / "good.txt").write_text(letter_text(good.official_name))
    # More upheld complaints than investigations: PostgreSQL's CHECK constraint says no.
    (tmp_path / "bad.txt").write_text(letter_text(bad.official_name, upheld=12, investigations=10))
    code, out = run_import(str(tmp_path))
    assert code == 1
    assert "1 imported, 0 already present, 0 replaced, 1 refused" in out
    assert "more upheld complaints than investigations" in out
    assert list(AnnualLetter.objects.values_list("council", flat=True)) == [good.pk]


@pytest.mark.django_db
def test_history_rows_say_the_import_wrote_them(tmp_path):

    [council] = make_councils()[:1]
    (tmp_path / "letter.txt").write_text(letter_text(council.official_name))
    run_import(str(tmp_path))
    [insert] = events(AnnualLetter, AnnualLetter.objects.get())
    assert insert.pgh_context.metadata["command"] == "import_letters"

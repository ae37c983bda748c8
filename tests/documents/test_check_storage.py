"""check_storage: rows whose original is missing and files no row names, for letters and
reports; deletes orphans only when asked, repairs from a crash's staged copy."""

import os
import time
from io import StringIO

import pytest
from django.core.management import call_command

from documents import storage
from tests.support.factories import make_letter, make_report

pytestmark = pytest.mark.django_db


def check_storage(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_storage", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def put(media_root, name: str, data: bytes, *, age_minutes: float = 0):
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if age_minutes:
        then = time.time() - 60 * age_minutes
        os.utime(path, (then, then))
    return path


def test_storage_that_matches_its_rows_is_clean(cambridge):
    make_letter(cambridge)
    make_report(cambridge)
    code, out = check_storage()
    assert code == 0
    assert "Every row has its original and every stored file has its row." in out


def test_rows_without_files_and_files_without_rows_are_listed_and_nothing_changes(
    cambridge, media_root
):
    letter, report = make_letter(cambridge), make_report(cambridge)
    (media_root / letter.original.name).unlink()
    (media_root / report.original.name).unlink()
    orphan = put(media_root, "letters/originals/" + "0" * 64 + ".pdf", b"nobody's")
    code, out = check_storage()
    assert code == 1
    assert f"annual letter #{letter.pk}: {letter.original.name}" in out
    assert f"council report #{report.pk}: {report.original.name}" in out
    assert "letters/originals/" + "0" * 64 + ".pdf" in out
    assert "2 row(s) without their original, 1 file(s) without a row." in out
    assert "Dry run: nothing deleted" in out
    assert orphan.exists()


def test_delete_orphans_deletes_only_files_without_rows(cambridge, media_root):
    letter = make_letter(cambridge)
    orphan = put(media_root, "reports/originals/" + "1" * 64 + ".csv", b"nobody's")
    code, out = check_storage("--delete-orphans")
    assert code == 1 and "(deleted)" in out
    assert not orphan.exists()
    assert (media_root / letter.original.name).exists()
    assert check_storage()[0] == 0


def test_a_young_staged_copy_without_a_row_is_kept_an_old_one_is_an_orphan(db, media_root):
    young = put(media_root, storage.staged_name("letters/originals/" + "2" * 64 + ".txt"), b"y")
    code, out = check_storage("--delete-orphans")
    assert code == 0  # a transaction may still be committing it
    assert "may still be committing" in out and young.exists()

    old = put(
        media_root,
        storage.staged_name("letters/originals/" + "3" * 64 + ".txt"),
        b"o",
        age_minutes=90,
    )
    code, out = check_storage("--delete-orphans")
    assert code == 1
    assert not old.exists() and young.exists()
    assert check_storage("--min-age", "0", "--delete-orphans")[0] == 1
    assert not young.exists()


def test_repair_stores_a_missing_original_from_its_staged_copy_checked_by_sha256(
    cambridge, media_root
):
    content = b"the letter's bytes"
    letter = make_letter(cambridge, content=content)
    (media_root / letter.original.name).unlink()
    wrong = put(media_root, storage.staged_name(letter.original.name), b"other bytes")
    code, out = check_storage("--repair")
    assert code == 1 and "(not repaired)" in out
    assert not (media_root / letter.original.name).exists()

    put(media_root, storage.staged_name(letter.original.name), content)
    code, out = check_storage()
    assert "a staged copy was kept: --repair stores it" in out
    code, out = check_storage("--repair")
    assert code == 1 and "(stored again from its staged copy)" in out
    assert (media_root / letter.original.name).read_bytes() == content
    assert not wrong.exists()  # the other copies of a stored original are leftovers
    assert check_storage()[0] == 0

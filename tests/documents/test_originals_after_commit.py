"""An original is stored under its name only once its row has committed; a row that is
rolled back leaves no file (documents.storage). Real transactions: transaction=True."""

import pytest
from django.db import transaction

from documents import storage
from letters.models import AnnualLetter
from tests.support.commands import run_import
from tests.support.factories import make_council
from tests.support.http import upload
from tests.support.texts import letter_text

pytestmark = pytest.mark.django_db(transaction=True)


def files_under(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_confirm_the_database_refuses_leaves_no_file(officer_client, media_root):
    # More upheld complaints than investigations: read with a warning, refused by PostgreSQL.
    text = letter_text("Cambridge City Council", upheld=12, investigations=10)
    preview = upload(officer_client, "letter.txt", text.encode())["Location"]
    response = officer_client.post(preview, {"action": "confirm"})
    assert "more upheld complaints than investigations" in response.content.decode()
    assert not AnnualLetter.objects.exists()
    assert files_under(media_root) == []


def test_a_confirmed_letter_is_stored_under_its_name_and_nothing_stays_staged(
    officer_client, media_root
):
    data = letter_text("Cambridge City Council").encode()
    preview = upload(officer_client, "letter.txt", data)["Location"]
    officer_client.post(preview, {"action": "confirm"})
    letter = AnnualLetter.objects.get()
    assert files_under(media_root) == [letter.original.name]
    assert (media_root / letter.original.name).read_bytes() == data


def test_nothing_is_stored_before_the_commit_and_a_rollback_leaves_nothing(db, media_root):
    name = f"letters/originals/{storage.sha256_of(b'bytes')}.txt"
    with transaction.atomic():
        storage.store_original(name=name, data=b"bytes")
        assert not storage.is_stored(name)  # staged only
        assert storage.staged_copies(name)
        transaction.set_rollback(True)
    assert files_under(media_root) == []

    with transaction.atomic():
        with transaction.atomic():  # a savepoint rolled back inside a transaction that commits
            storage.store_original(name=name, data=b"bytes")
            transaction.set_rollback(True)
        assert files_under(media_root) == []
    assert files_under(media_root) == []

    with transaction.atomic():
        storage.store_original(name=name, data=b"bytes")
    assert files_under(media_root) == [name]


def test_a_batch_the_database_refuses_stores_only_the_letters_then_saved(tmp_path, media_root):
    good = make_council(official_name="Ambridge District Council", slug="ambridge")
    bad = make_council(official_name="Borchester District Council", slug="borchester")
    (tmp_path / "good.txt").write_text(letter_text(good.official_name))
    (tmp_path / "bad.txt").write_text(letter_text(bad.official_name, upheld=12, investigations=10))
    code, out = run_import(str(tmp_path))
    assert code == 1 and "1 imported, 0 already present, 0 replaced, 1 refused" in out
    # The batch of both was staged and rolled back, then each tried alone.
    assert files_under(media_root) == [AnnualLetter.objects.get().original.name]

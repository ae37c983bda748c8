"""The search rows kept in step with the letters and reports: written by the services that
save them (upload, bulk import, re-parse, reports), in their transaction; never refusing a
letter; deleted with it; rebuilt by ``manage.py rebuild_search``; and the council page's
cache moving on when they change."""

import logging

import pytest
from django.core.management import call_command

from letters.parsing import parse_letter
from letters.services import BatchItem, letter_reparse, letters_ingest_batch
from search.indexing import SPLITTER_VERSION, rebuild
from search.models import Document, Passage
from search.selectors import search
from tests.support.said import STEMS, ingest_said, said_text

pytestmark = pytest.mark.django_db


def test_a_saved_letter_is_indexed_with_its_passages(said_councils):
    letter = ingest_said("felpersham-2020-three-statistics", said_councils["felpersham"])
    document = letter.search_document
    assert (document.kind, document.council, document.year) == (
        "lgsco-letter",
        said_councils["felpersham"],
        2020,
    )
    assert document.title == "Felpersham City Council, 2019-20 letter"
    assert document.splitter_version == SPLITTER_VERSION
    passages = list(document.passages.all())
    assert [p.number for p in passages] == list(range(1, len(passages) + 1))
    summons = next(p for p in passages if "witness summons" in p.text)
    assert summons.role == "body" and "Witness summons" in summons.topics
    assert summons.names_council and summons.heading == "Your authority's performance"


def test_a_bulk_import_indexes_every_letter(said_councils):
    items = []
    for stem in STEMS:
        data = said_text(stem).encode()
        parsed = parse_letter(data, f"{stem}.txt")
        items.append(
            BatchItem(
                parsed=parsed,
                data=data,
                filename=f"{stem}.txt",
                council=said_councils[stem.split("-")[0]],
                extracted_text=parsed.text,
            )
        )
    results = letters_ingest_batch(items=items)
    assert all(result.status == "imported" for result in results)
    assert Document.objects.count() == 8
    assert search('"witness summons"').count() == 2
    # A dry run writes nothing, search rows included.
    Document.objects.all().delete()
    letters_ingest_batch(items=items[:1], dry_run=True)
    assert Document.objects.count() == 0


def test_a_reparse_rewrites_the_letters_rows(said_councils):
    letter = ingest_said("borsetshire-2024-per-100k", said_councils["borsetshire"])
    before = letter.search_document.pk
    changed = said_text("borsetshire-2024-per-100k").replace("witness summons", "formal notice")
    parsed = parse_letter(changed.encode(), "again.txt")
    letter_reparse(letter=letter, parsed=parsed, extracted_text=parsed.text)
    letter.refresh_from_db()
    assert letter.search_document.pk != before
    assert search('"formal notice"').count() == 1 and search('"witness summons"').count() == 0


def test_a_failure_to_index_never_refuses_a_letter(said_councils, monkeypatch, caplog):
    from search import indexing

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the splitter")

    monkeypatch.setattr(indexing, "passages", broken)
    with caplog.at_level(logging.ERROR, logger="search.indexing"):
        letter = ingest_said("borsetshire-2024-per-100k", said_councils["borsetshire"])
    assert letter.pk and not Document.objects.exists()
    assert "run manage.py rebuild_search" in caplog.text
    monkeypatch.undo()
    assert rebuild(stale_only=True) == 1
    assert search("witness").count() == 1


def test_rebuild_search(said_letters):
    Passage.objects.all().delete()
    Document.objects.filter(letter=said_letters["borsetshire-2017-tables"]).delete()
    Document.objects.update(splitter_version="0")
    out = call_command_output("rebuild_search", "--stale")
    assert "8 letters and reports indexed" in out
    assert Document.objects.count() == 8 and Passage.objects.count() > 8 * 10
    assert "0 letters and reports indexed" in call_command_output("rebuild_search", "--stale")
    assert "4 letters and reports indexed" in call_command_output(
        "rebuild_search", "--council", "felpersham"
    )
    assert "8 letters and reports indexed" in call_command_output("rebuild_search")


def call_command_output(*args) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_migrate_indexes_letters_stored_before_the_search(said_letters):
    """A deployment's letters from before the search app (here, rows removed) are indexed
    by the next `migrate`, and one already indexed is left alone."""
    Document.objects.filter(letter=said_letters["felpersham-2024-per-100k"]).delete()
    kept = Document.objects.get(letter=said_letters["borsetshire-2024-per-100k"]).pk
    out = call_command_output("migrate", "search", "--verbosity", "1")
    assert "Search: 1 letters and reports indexed." in out
    assert Document.objects.count() == 8
    assert Document.objects.get(letter=said_letters["borsetshire-2024-per-100k"]).pk == kept
    assert search('"public interest report"', year=2024).count() == 1


def test_rebuild_search_refuses_an_unknown_council(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No council has the address “atlantis”"):
        call_command("rebuild_search", "--council", "atlantis")


def test_rows_go_with_their_letter(said_letters):
    letter = said_letters["felpersham-2024-per-100k"]
    document = letter.search_document
    Document.objects.filter(pk=document.pk).delete()
    assert not Passage.objects.filter(document_id=document.pk).exists()


def test_the_council_page_shows_a_new_letter_at_once(client, said_councils):
    """The council page is cached until the data change: the search rows move the data
    version on too, so a page rendered before they were written is never served after."""
    ingest_said("felpersham-2024-per-100k", said_councils["felpersham"])
    first = client.get("/councils/felpersham/").content.decode()
    assert "public interest report" in first
    ingest_said("felpersham-2025-overview", said_councils["felpersham"])
    second = client.get("/councils/felpersham/").content.decode()
    assert "did not comply with our recommendations" in second

"""Keeping the search rows in step with the letters and reports.

The services that write letters and reports (``letters.services``: upload, bulk import,
re-parse; ``reports.services``) send ``documents.signals.documents_saved`` inside their
transaction; ``index_saved`` then (re)writes the saved documents' rows in the same
transaction, so a letter is searchable the moment it is committed and never before. A
failure here is logged and rolled back to a savepoint, never refusing the letter:
``manage.py rebuild_search`` rewrites every row (after a change to the paragraph splitter,
or to repair)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from councils.models import CouncilName
from documents.models import DocumentKind
from letters.models import AnnualLetter
from letters.parsing.paragraphs import passages
from reports.models import CouncilReport
from search.models import CONFIG, Document

# Bump when letters.parsing.paragraphs changes what it finds: rebuild_search --stale then
# rewrites the rows made by an older version.
SPLITTER_VERSION = "1"

logger = logging.getLogger(__name__)


def index_saved(sender, documents, **kwargs) -> None:
    """The ``documents_saved`` receiver."""
    documents = list(documents)
    if not documents:
        return
    try:
        with transaction.atomic():
            index_documents(documents)
    except Exception:  # noqa: BLE001 - the letter is saved regardless; rebuild_search repairs
        logger.exception(
            "The search index was not updated for %s; run manage.py rebuild_search",
            ", ".join(str(document.pk) for document in documents),
        )


def index_stale(sender=None, using: str = "default", **kwargs) -> None:
    """The ``post_migrate`` receiver: index what is not indexed yet (``rebuild`` of the
    stale only: two queries when nothing is)."""
    from django.db import connections

    if Document._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the search app
    done = rebuild(stale_only=True)
    stdout = kwargs.get("stdout")
    if done and stdout is not None and kwargs.get("verbosity", 1):
        stdout.write(f"  Search: {done} letters and reports indexed.\n")


def index_documents(documents: Iterable[AnnualLetter | CouncilReport]) -> int:
    """(Re)write the search rows of these letters and reports. Returns how many."""
    letters = [d for d in documents if isinstance(d, AnnualLetter)]
    reports = [d for d in documents if isinstance(d, CouncilReport)]
    if not letters and not reports:
        return 0
    Document.objects.filter(letter__in=[letter.pk for letter in letters]).delete()
    Document.objects.filter(report__in=[report.pk for report in reports]).delete()
    names = _council_names({d.council_id for d in (*letters, *reports)})
    rows: list[tuple[Document, list]] = []
    for letter in letters:
        found = passages(
            letter.extracted_text,
            council_names=[*names[letter.council_id], letter.council_name_as_printed],
        )
        rows.append((_document(letter, DocumentKind.LGSCO_LETTER), found))
    for report in reports:
        found = passages(report.extracted_text, letter=False)
        rows.append((_document(report, DocumentKind.COUNCIL_REPORT), found))
    Document.objects.bulk_create([document for document, _ in rows])
    _copy_passages(
        (
            document.pk,
            document.kind,
            document.year,
            document.council_id,
            p.number,
            p.role,
            p.heading[:300],
            p.text,
            p.fingerprint,
            p.names_council,
            p.about_council,
            list(p.topics),
        )
        for document, found in rows
        for p in found
    )
    with connection.cursor() as cursor:
        cursor.execute(_VECTORS, {"config": CONFIG, "documents": [d.pk for d, _ in rows]})
    return len(rows)


# Each document's vector: its title (weight A) and its passages in order (weight B).
_VECTORS = """
UPDATE search_document d
SET vector = setweight(to_tsvector(%(config)s::regconfig, d.title), 'A')
    || setweight(to_tsvector(%(config)s::regconfig, coalesce((
        SELECT string_agg(p.text, E'\n\n' ORDER BY p.number)
        FROM search_passage p WHERE p.document_id = d.id
    ), '')), 'B')
WHERE d.id = ANY(%(documents)s)
"""


PASSAGE_COLUMNS = (
    "document_id", "kind", "year", "council_id", "number", "role", "heading", "text",
    "fingerprint", "names_council", "about_council", "topics",
)  # fmt: skip


def _copy_passages(rows) -> None:
    """Every passage in one COPY (a letter has 30 to 60): a tenth of the time of building
    as many model instances, and the same rows."""
    columns = ", ".join(PASSAGE_COLUMNS)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY search_passage ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _council_names(council_ids: set[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    for council_id, name in CouncilName.objects.filter(council_id__in=council_ids).values_list(
        "council_id", "name"
    ):
        names[council_id].append(name)
    return names


def _document(source, kind: str) -> Document:
    council = source.council
    if kind == DocumentKind.LGSCO_LETTER:
        title = f"{council.official_name}, {source.period_label} letter"
    else:
        title = f"{council.official_name}, complaints report {source.report_year}"
    return Document(
        kind=kind,
        letter=source if kind == DocumentKind.LGSCO_LETTER else None,
        report=source if kind == DocumentKind.COUNCIL_REPORT else None,
        council_id=source.council_id,
        year=source.period_end.year,
        title=title[:300],
        splitter_version=SPLITTER_VERSION,
    )


def rebuild(*, council=None, stale_only: bool = False, chunk: int = 200, progress=None) -> int:
    """Rewrite the search rows of every letter and report (of one council; only those
    written by an older splitter, or missing, with ``stale_only``). Returns how many."""
    done = 0
    for model in (AnnualLetter, CouncilReport):
        queryset = model.objects.select_related("council").order_by("pk")
        if council is not None:
            queryset = queryset.filter(council=council)
        if stale_only:
            queryset = queryset.exclude(search_document__splitter_version=SPLITTER_VERSION)
        batch = []
        for document in queryset.iterator(chunk_size=chunk):
            batch.append(document)
            if len(batch) == chunk:
                done += _write(batch, progress)
                batch = []
        if batch:
            done += _write(batch, progress)
    return done


def _write(batch: list, progress) -> int:
    with transaction.atomic():
        count = index_documents(batch)
    if progress is not None:
        progress(count)
    return count

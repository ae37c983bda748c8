"""Writing letters: from an uploaded or imported file to rows in PostgreSQL.

Each letter is written in one transaction with its service rows; its original is staged
and published under its final name only when that transaction commits (documents.storage),
so a rolled-back letter leaves no file. The name is made from the file's sha256, so an
interrupted import that is run again stores the same file under the same name: no
duplicates, no orphans.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import PurePath

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from councils.matching import CouncilIndex, CouncilNotMatched, match_council
from councils.models import Council
from documents.ingest import (
    COUNCIL_NOT_IN_REGISTER,
    INVALID_FIGURES,
    IngestResult,
    UploadRefused,
    constraint_broken,
    decimal_or_none,
)
from documents.signals import documents_saved
from documents.storage import sha256_of, store_original
from letters.figures import FIGURES
from letters.models import AnnualLetter, ServiceComplaintStats, original_upload_to
from letters.parsing import PARSER_VERSION, ParsedLetter

NO_COUNCIL_NAME = "The letter does not say which council it is addressed to."
NO_PERIOD = "The letter does not say which year it covers (no “year ending 31 March …”)."


def council_for_letter(parsed: ParsedLetter, *, index: CouncilIndex | None = None) -> Council:
    if not parsed.council:
        raise UploadRefused(NO_COUNCIL_NAME)
    try:
        if index is not None:
            return index.match(parsed.council, on=parsed.period_end)
        return match_council(parsed.council, on=parsed.period_end)
    except CouncilNotMatched as exc:
        raise UploadRefused(COUNCIL_NOT_IN_REGISTER.format(error=exc)) from exc


def _describe(error: ValidationError) -> str:
    parts = []
    for field, messages in error.message_dict.items():
        label = field.replace("_", " ") if field != "__all__" else ""
        parts += [f"{label}: {m}" if label else m for m in messages]
    return "; ".join(parts)


def letter_fields(parsed: ParsedLetter) -> dict:
    """AnnualLetter column values from a parsed letter."""
    contract = parsed.to_dict()
    fields = {
        figure.column: decimal_or_none(value) if isinstance(value, float) else value
        for figure in FIGURES
        for value in [figure.from_parsed(contract)]
    }
    return {
        **fields,
        "council_name_as_printed": parsed.council or "",
        "period_start": parsed.period_start,
        "period_end": parsed.period_end,
        "letter_date": parsed.letter_date,
        "warnings": list(parsed.warnings),
        "evidence": dict(parsed.evidence),
    }


def _service_rows(letter: AnnualLetter, parsed: ParsedLetter) -> list[ServiceComplaintStats]:
    return [
        ServiceComplaintStats(
            council=letter.council,
            period_start=letter.period_start,
            period_end=letter.period_end,
            source=ServiceComplaintStats.Source.LGSCO_LETTER,
            letter=letter,
            service=service,
            complaints=count,
        )
        for service, count in parsed.received_by_service.items()
    ]


def _new_letter(
    *,
    parsed: ParsedLetter,
    sha256: str,
    filename: str,
    council: Council,
    uploaded_by: AbstractBaseUser | None,
    extracted_text: str,
    parser_version: str,
) -> AnnualLetter:
    """An unsaved, validated letter. Raises UploadRefused for figures that cannot be saved."""
    letter = AnnualLetter(
        council=council,
        sha256=sha256,
        original_filename=PurePath(filename).name[:255],
        extracted_text=extracted_text,
        parser_version=parser_version,
        uploaded_by=uploaded_by,
        **letter_fields(parsed),
    )
    letter.original.name = original_upload_to(letter, filename)
    try:
        # Field validation here. Uniqueness and CHECK constraints are enforced by PostgreSQL
        # on insert (validating them in Python costs a query each); the council row is
        # locked by the caller, so its foreign key needs no look-up either.
        letter.full_clean(exclude=["sha256", "council", "uploaded_by"], validate_constraints=False)
    except ValidationError as exc:
        raise UploadRefused(INVALID_FIGURES.format(errors=_describe(exc))) from exc
    return letter


@dataclass
class BatchItem:
    parsed: ParsedLetter
    data: bytes
    filename: str
    council: Council
    extracted_text: str = ""
    uploaded_by: AbstractBaseUser | None = None
    parser_version: str = PARSER_VERSION

    @cached_property
    def sha256(self) -> str:
        return sha256_of(self.data)


def letter_ingest(
    *,
    parsed: ParsedLetter,
    data: bytes,
    filename: str,
    council: Council,
    uploaded_by: AbstractBaseUser | None,
    extracted_text: str = "",
    parser_version: str = PARSER_VERSION,
    dry_run: bool = False,
) -> IngestResult:
    """Save one parsed letter as the council's current letter for its year.

    The same file again is reported as already present (nothing written). A different
    file for the same council and year becomes the current version; the old one is kept."""
    if parsed.period_start is None or parsed.period_end is None:
        raise UploadRefused(NO_PERIOD)
    item = BatchItem(
        parsed=parsed,
        data=data,
        filename=filename,
        council=council,
        extracted_text=extracted_text,
        uploaded_by=uploaded_by,
        parser_version=parser_version,
    )
    try:
        with transaction.atomic():
            [result] = _ingest_batch([item], store_files=not dry_run)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as exc:
        # Another process stored the same file between our check and our insert...
        existing = AnnualLetter.objects.select_related("uploaded_by").filter(sha256=item.sha256)
        if existing.exists():
            return IngestResult(existing.get(), IngestResult.ALREADY_PRESENT)
        # ...or the figures break a rule the database keeps.
        raise UploadRefused(INVALID_FIGURES.format(errors=constraint_broken(exc))) from exc
    if isinstance(result, UploadRefused):
        raise result
    return result


def letters_ingest_batch(
    *, items: list[BatchItem], dry_run: bool = False
) -> list[IngestResult | UploadRefused]:
    """Many letters in one transaction (a bulk import's unit of work):
    a handful of queries for the whole batch instead of several per letter. The batch is
    saved whole or not at all; if the database refuses it, each letter is tried alone so
    that one bad letter refuses only itself."""
    try:
        with transaction.atomic():
            results = _ingest_batch(items, store_files=not dry_run)
            if dry_run:
                transaction.set_rollback(True)
            return results
    except IntegrityError:
        results = []
        for item in items:
            try:
                results.append(
                    letter_ingest(
                        parsed=item.parsed,
                        data=item.data,
                        filename=item.filename,
                        council=item.council,
                        uploaded_by=item.uploaded_by,
                        extracted_text=item.extracted_text,
                        parser_version=item.parser_version,
                        dry_run=dry_run,
                    )
                )
            except UploadRefused as refusal:
                results.append(refusal)
        return results


def _ingest_batch(
    items: list[BatchItem], *, store_files: bool
) -> list[IngestResult | UploadRefused]:
    council_ids = sorted({item.council.pk for item in items})
    # Lock in a fixed order, so two imports never wait for each other in a circle.
    list(Council.objects.select_for_update().filter(pk__in=council_ids).order_by("pk").only("pk"))
    shas = [item.sha256 for item in items]
    letters_by_sha = {
        letter.sha256: letter
        for letter in AnnualLetter.objects.filter(sha256__in=shas).select_related("uploaded_by")
    }
    current = {
        (letter.council_id, letter.period_start, letter.period_end): letter
        for letter in AnnualLetter.objects.current().filter(council_id__in=council_ids)
    }
    results: list[IngestResult | UploadRefused] = []
    new_letters: list[tuple[AnnualLetter, ParsedLetter]] = []
    demoted: list[AnnualLetter] = []
    for item, sha256 in zip(items, shas, strict=True):
        if sha256 in letters_by_sha:
            results.append(IngestResult(letters_by_sha[sha256], IngestResult.ALREADY_PRESENT))
            continue
        parsed = item.parsed
        if parsed.period_start is None or parsed.period_end is None:
            results.append(UploadRefused(NO_PERIOD))
            continue
        try:
            letter = _new_letter(
                parsed=parsed,
                sha256=sha256,
                filename=item.filename,
                council=item.council,
                uploaded_by=item.uploaded_by,
                extracted_text=item.extracted_text,
                parser_version=item.parser_version,
            )
        except UploadRefused as refusal:
            results.append(refusal)
            continue
        key = (item.council.pk, parsed.period_start, parsed.period_end)
        previous = current.get(key)
        if previous is not None:
            previous.is_current = False
            if previous.pk:
                demoted.append(previous)
        current[key] = letters_by_sha[sha256] = letter
        new_letters.append((letter, parsed))
        results.append(
            IngestResult(
                letter,
                IngestResult.REPLACED if previous else IngestResult.IMPORTED,
                replaced=previous,
            )
        )
    if demoted:
        AnnualLetter.objects.filter(pk__in=[p.pk for p in demoted]).update(is_current=False)
    data_by_sha = dict(zip(shas, (item.data for item in items), strict=True))
    for letter, _ in new_letters if store_files else []:
        store_original(name=letter.original.name, data=data_by_sha[letter.sha256])
    AnnualLetter.objects.bulk_create([letter for letter, _ in new_letters])
    ServiceComplaintStats.objects.bulk_create(
        [row for letter, parsed in new_letters for row in _service_rows(letter, parsed)]
    )
    documents_saved.send(AnnualLetter, documents=[letter for letter, _ in new_letters])
    return results


@dataclass(frozen=True)
class FieldChange:
    column: str
    old: object
    new: object


# The FieldChange.column of a re-parse that changed the letter's evidence (the words each
# figure was read from): one change for the whole mapping, not one per figure.
EVIDENCE = "evidence"


def protected_columns(letter: AnnualLetter) -> set[str]:
    """Columns a data admin corrected by hand: a re-parse must not overwrite them."""
    from letters.corrections import columns_in_force

    return columns_in_force(letter)


def service_column(service: str) -> str:
    """The FieldChange.column of one service row's count ("received_by_service[Housing]")."""
    return f"received_by_service[{service}]"


def _services_reparse(letter: AnnualLetter, parsed: ParsedLetter):
    """What a re-parse does to a letter's service rows: (changes, conflicts, apply), one
    change per service whose count the parser now reads differently (a row added or gone:
    old or new None). A row a data admin corrected keeps its count, and is never deleted:
    each is a conflict. ``apply()`` writes the rest in place."""
    from letters.corrections import service_rows_corrected

    rows = {row.service: row for row in letter.service_stats.all()}
    corrected = service_rows_corrected(rows.values())  # row ever corrected -> columns in force
    wanted = dict(parsed.received_by_service)
    changes, conflicts, updated, added, gone = [], [], [], [], []
    for service in sorted(rows.keys() | wanted.keys()):
        row, new = rows.get(service), wanted.get(service)
        old = row.complaints if row is not None else None
        if row is not None and service in wanted and _same(old, new):
            continue
        change = FieldChange(service_column(service), old, new)
        if row is not None and (
            "complaints" in corrected.get(row.pk, ()) or (new is None and row.pk in corrected)
        ):
            conflicts.append(change)
        elif row is None:
            changes.append(change)
            added.append(service)
        elif service not in wanted:
            changes.append(change)
            gone.append(row.pk)
        else:
            changes.append(change)
            row.complaints = new
            updated.append(row)

    def apply():
        ServiceComplaintStats.objects.filter(pk__in=gone).delete()
        ServiceComplaintStats.objects.bulk_update(updated, ["complaints"])
        ServiceComplaintStats.objects.bulk_create(
            [row for row in _service_rows(letter, parsed) if row.service in added]
        )

    return changes, conflicts, apply


@transaction.atomic
def letter_reparse(
    *, letter: AnnualLetter, parsed: ParsedLetter, extracted_text: str = "", dry_run: bool = False
) -> tuple[list[FieldChange], list[FieldChange]]:
    """Bring a stored letter up to date with what the current parser reads in its original.

    Returns (changes applied, conflicts): a conflict is a corrected column where the parser
    now reads something else; the correction stays. New evidence is one change, column
    EVIDENCE, whatever figures it covers (it is saved even for a corrected figure: it is
    what the letter says, and the correction note says what the figure is)."""
    letter = AnnualLetter.objects.select_for_update().get(pk=letter.pk)
    wanted = letter_fields(parsed)
    wanted.pop("period_start"), wanted.pop("period_end")  # identity of the letter: kept
    evidence = wanted.pop("evidence")
    protected = protected_columns(letter)
    changes, conflicts = [], []
    for column, new in wanted.items():
        old = getattr(letter, column)
        if _same(old, new):
            continue
        change = FieldChange(column, old, new)
        if column in protected:
            conflicts.append(change)
            continue
        changes.append(change)
        setattr(letter, column, new)
    service_changes, service_conflicts, services_apply = _services_reparse(letter, parsed)
    changes += service_changes
    conflicts += service_conflicts
    if letter.evidence != evidence:
        changes.append(FieldChange(EVIDENCE, letter.evidence, evidence))
        letter.evidence = evidence
    if dry_run:
        return changes, conflicts
    letter.parser_version = PARSER_VERSION
    if extracted_text:
        letter.extracted_text = extracted_text
    letter.full_clean(exclude=["sha256", "original"], validate_constraints=False)
    letter.save()
    documents_saved.send(AnnualLetter, documents=[letter])
    services_apply()
    return changes, conflicts


def _same(old, new) -> bool:
    if isinstance(old, Decimal) and new is not None:
        return old == Decimal(str(new))
    return old == new

"""``manage.py check_storage [--delete-orphans] [--repair] [--min-age MINUTES]``: stored
originals against the rows that name them.

Lists rows whose original is missing from storage and files no row names (in the folders
originals are stored in, and staged copies: see ``documents.storage``); exits 1 when it
finds either. Changes nothing unless asked: ``--delete-orphans`` deletes the files no row
names, ``--repair`` stores a missing original from a staged copy a crash left (checked
against the sha256 in its name). A staged copy younger than ``--min-age`` (60 minutes) with
no row may belong to a transaction still running: it is listed, never deleted, and is not
counted as a problem.

Every model with a file field in the default storage is checked (the letters' and the
reports' originals), found through the app registry; history (pghistory) rows are not."""

import posixpath

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models
from pghistory.models import Event

from documents import storage


def file_fields():
    """(model, field) for every file field stored in the default storage (history rows
    name the files their rows named: they are not rows of their own)."""
    for model in apps.get_models():
        if issubclass(model, Event):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.storage is default_storage:
                yield model, field


def _folder(model, field) -> str:
    # Where the field stores its files: the folder of a name it would give a new file.
    return posixpath.dirname(field.generate_filename(model(), "original.pdf"))


class Command(BaseCommand):
    help = "List stored originals without rows and rows without originals (letters, reports)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete-orphans", action="store_true", help="Delete files no row names."
        )
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Store a missing original from a staged copy a crash left.",
        )
        parser.add_argument(
            "--min-age",
            type=float,
            default=60,
            help="Minutes: a younger staged copy without a row may still be committing.",
        )

    def handle(self, *args, delete_orphans=False, repair=False, min_age=60.0, **options):
        rows: dict[str, str] = {}  # stored name -> the row naming it, in words
        folders: set[str] = set()
        for model, field in file_fields():
            folders.add(_folder(model, field))
            label = model._meta.verbose_name
            named = model._default_manager.exclude(**{field.name: ""})
            for pk, name in named.values_list("pk", field.name).order_by("pk"):
                rows[name] = f"{label} #{pk}"
        stored = {f.name: f for folder in sorted(folders) for f in storage.walk(folder)}
        staged = storage.walk(storage.STAGING)

        missing = sorted((rows[name], name) for name in rows.keys() - stored.keys())
        missing_names = {name for _, name in missing}
        orphans = sorted(name for name in stored.keys() - rows.keys())
        recent = []
        for copy in staged:
            final = storage.final_name_of(copy.name)
            if final in missing_names:
                continue  # what repairs its row
            if final not in rows and copy.age_seconds < min_age * 60:
                recent.append(copy.name)
            else:
                orphans.append(copy.name)

        found = bool(missing or orphans)
        self._list_missing(missing, repair=repair)
        self._list_orphans(orphans, delete=delete_orphans)
        if recent:
            self.stdout.write(
                f"Staged copies younger than {min_age:g} minutes without a row (a transaction "
                "may still be committing them; kept):"
            )
            for name in sorted(recent):
                self.stdout.write(f"  {name}")
        if not found:
            self.stdout.write("Every row has its original and every stored file has its row.")
            return
        self.stdout.write(
            f"{len(missing)} row(s) without their original, {len(orphans)} file(s) without a row."
        )
        raise SystemExit(1)

    def _list_missing(self, missing, *, repair: bool) -> None:
        if not missing:
            return
        self.stdout.write("Rows whose original is missing from storage:")
        for row, name in missing:
            staged = storage.staged_copies(name)
            note = " (a staged copy was kept: --repair stores it)" if staged else ""
            if repair and staged:
                restored = storage.restore_original(name=name)
                note = " (stored again from its staged copy)" if restored else " (not repaired)"
            self.stdout.write(self.style.ERROR(f"  {row}: {name}{note}"))

    def _list_orphans(self, orphans, *, delete: bool) -> None:
        if not orphans:
            return
        self.stdout.write("Files no row names:")
        for name in orphans:
            if delete:
                default_storage.delete(name)
            self.stdout.write(self.style.WARNING(f"  {name}{' (deleted)' if delete else ''}"))
        if not delete:
            self.stdout.write("Dry run: nothing deleted (--delete-orphans deletes them).")

from pathlib import Path

import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from councils.models import AuthorityType
from councils.register import (
    NAMES_FILENAME,
    RegisterUnavailable,
    fetch_register,
    read_register_file,
    register_import,
)


class Command(BaseCommand):
    help = (
        "Load England's councils from mySociety's register (uk_local_authorities.csv): "
        "creates new councils, updates changed ones, keeps abolished ones. Safe to re-run."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--file", type=Path, help="A downloaded uk_local_authorities.csv.")
        source.add_argument("--url", help="Where to download the register from.")
        parser.add_argument(
            "--names",
            type=Path,
            help=f"Extra spellings ({NAMES_FILENAME}); by default the one beside --file.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )

    def handle(self, *args, **options):
        # History rows written by this command say so (no user: it runs from a shell).
        with pghistory.context(command="import_councils"):
            return self._run(**options)

    def _run(self, *, file=None, url=None, names=None, dry_run=False, **options):
        try:
            if file is not None:
                rows = read_register_file(file)
                names = names or (file.parent / NAMES_FILENAME)
                extra_names = read_register_file(names) if names.exists() else []
            else:
                url = url or settings.COUNCIL_REGISTER_URL
                rows = fetch_register(url)
                extra_names = self._optional_names(names, url)
            result = register_import(rows=rows, extra_names=extra_names, dry_run=dry_run)
        except RegisterUnavailable as exc:
            raise CommandError(str(exc)) from exc

        for line in result.created:
            self.stdout.write(f"  new: {line}", self.style.SUCCESS)
        for line in result.updated:
            self.stdout.write(f"  updated: {line}", self.style.WARNING)
        labels = dict(AuthorityType.choices)
        per_type = ", ".join(
            f"{result.by_type[value]} {labels[value]}" for value in AuthorityType.values
        )
        prefix = "Dry run, nothing saved: would have" if dry_run else "Done:"
        self.stdout.write(
            f"{prefix} {len(result.created)} created, {len(result.updated)} updated, "
            f"{result.unchanged} unchanged; {result.names_added} spellings added, "
            f"{result.successor_links_changed} successor links changed.\n"
            f"Register: {per_type} ({result.abolished} abolished kept)."
        )

    def _optional_names(self, names: Path | None, url: str) -> list[dict[str, str]]:
        if names is not None:
            return read_register_file(names)
        names_url = url.rsplit("/", 1)[0] + "/" + NAMES_FILENAME
        try:
            return fetch_register(names_url)
        except RegisterUnavailable:
            self.stderr.write(f"Note: extra spellings not loaded from {names_url}.")
            return []

import pghistory
from django.core.management.base import BaseCommand, CommandError

from councils.models import Council
from letters import bulk_import, services
from letters.models import AnnualLetter


class Command(BaseCommand):
    help = (
        "Re-read every stored original with the current parser and update figures that "
        "changed (hand-corrected figures are kept and reported as conflicts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--council", help="Only this council (its slug).")
        parser.add_argument("--dry-run", action="store_true", help="Report; change nothing.")
        parser.add_argument("--jobs", type=int, default=1, help="Parsing worker processes.")

    def handle(self, *args, **options):
        # History rows written by this command say so (no user: it runs from a shell).
        with pghistory.context(command="reparse_letters"):
            return self._run(**options)

    def _run(self, *, council=None, dry_run=False, jobs=1, **options):
        letters = AnnualLetter.objects.current().select_related("council").order_by("pk")
        if council:
            if not Council.objects.filter(slug=council).exists():
                raise CommandError(f"No council has the slug “{council}”.")
            letters = letters.filter(council__slug=council)
        by_name = {}
        inputs = []
        for letter in letters:
            name = f"{letter.council.official_name} {letter.period_label} (letter {letter.pk})"
            by_name[name] = letter
            inputs.append(bulk_import.InputFile(name, _reader(letter)))

        changed = unchanged = failed = conflicts_seen = 0
        for outcome in bulk_import.parse_all(
            iter(inputs), jobs=max(1, jobs), skip=lambda i, d: None
        ):
            name = outcome.item.name
            if outcome.error:
                failed += 1
                self.stdout.write(
                    self.style.ERROR(f"{name}: could not be re-read: {outcome.error}")
                )
                continue
            changes, conflicts = services.letter_reparse(
                letter=by_name[name], parsed=outcome.parsed, extracted_text=outcome.text,
                dry_run=dry_run,
            )  # fmt: skip
            for change in changes:
                if change.column == services.EVIDENCE:
                    self.stdout.write(f"{name}: evidence updated")
                else:
                    self.stdout.write(f"{name}: {change.column} {change.old!r} -> {change.new!r}")
            for conflict in conflicts:
                self.stdout.write(
                    self.style.WARNING(
                        f"{name}: conflict on {conflict.column}: the parser now says "
                        f"{conflict.new!r}, a data admin set {conflict.old!r}; correction kept"
                    )
                )
            conflicts_seen += len(conflicts)
            changed += bool(changes)
            unchanged += not changes
        prefix = "Dry run, nothing saved: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{changed} letters changed, {unchanged} unchanged, {failed} unreadable, "
            f"{conflicts_seen} conflicts with corrections."
        )


def _reader(letter: AnnualLetter):
    def read() -> bytes:
        with letter.original.open("rb") as handle:
            return handle.read()

    return read

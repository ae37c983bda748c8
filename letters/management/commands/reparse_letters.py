import pghistory
from django.core.management.base import BaseCommand, CommandError

from councils.models import Council
from letters import bulk_import, import_queue, services
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
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand the letters to the task queue, so that the workers of several machines "
            "(manage.py db_worker) share the job, and wait for them.",
        )

    def handle(self, *args, **options):
        # History rows written by this command say so (no user: it runs from a shell).
        with pghistory.context(command="reparse_letters"):
            return self._run(**options)

    def _run(self, *, council=None, dry_run=False, jobs=1, queue=False, **options):
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

        self.changed = self.unchanged = self.failed = self.conflicts = 0
        if queue:
            self._queue(by_name, dry_run=dry_run)
        else:
            for outcome in bulk_import.parse_all(
                iter(inputs), jobs=max(1, jobs), skip=lambda i, d: None
            ):
                name = outcome.item.name
                if outcome.error:
                    self._tally(name, error=outcome.error)
                    continue
                changes, conflicts = services.letter_reparse(
                    letter=by_name[name], parsed=outcome.parsed, extracted_text=outcome.text,
                    dry_run=dry_run,
                )  # fmt: skip
                self._tally(
                    name,
                    changed=bool(changes),
                    conflicts=len(conflicts),
                    lines=import_queue.reparse_lines(name, changes, conflicts),
                )
        prefix = "Dry run, nothing saved: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{self.changed} letters changed, {self.unchanged} unchanged, "
            f"{self.failed} unreadable, {self.conflicts} conflicts with corrections."
        )

    def _tally(self, name, *, error=None, changed=False, conflicts=0, lines=()) -> None:
        if error:
            self.failed += 1
            self.stdout.write(self.style.ERROR(f"{name}: could not be re-read: {error}"))
            return
        for style, line in lines:
            self.stdout.write(self.style.WARNING(line) if style == "warning" else line)
        self.conflicts += conflicts
        self.changed += changed
        self.unchanged += not changed

    def _queue(self, by_name: dict, *, dry_run: bool) -> None:
        """Each letter to the queue (import_queue.reparse_letter), then each outcome as the
        workers finish them."""
        names = {}
        for name, letter in by_name.items():
            names[str(import_queue.reparse_letter.enqueue(letter.pk, name, dry_run).id)] = name

        def finished(task_id: str, report: dict | None) -> None:
            if report is None:
                self._tally(names[task_id], error="the worker failed on it (see its log)")
            else:
                self._tally(
                    names[task_id],
                    error=report["error"],
                    changed=report["changed"],
                    conflicts=report["conflicts"],
                    lines=report["lines"],
                )

        def requeue(task_id: str) -> str:
            name = names.pop(task_id)
            again = str(import_queue.reparse_letter.enqueue(by_name[name].pk, name, dry_run).id)
            names[again] = name
            return again

        import_queue.tasks_wait(
            task_ids=list(names),
            on_finished=finished,
            requeue=requeue,
            on_idle=lambda hint: self.stderr.write(hint),
        )


def _reader(letter: AnnualLetter):
    def read() -> bytes:
        with letter.original.open("rb") as handle:
            return handle.read()

    return read

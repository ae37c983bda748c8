import os
import sys
import time
from collections import Counter

import pghistory
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from councils.matching import CouncilIndex
from documents.ingest import IngestResult, UploadRefused
from documents.storage import is_stored, restore_original, sha256_of
from letters import bulk_import, import_queue, services
from letters.models import AnnualLetter

REFUSED = "refused"
BATCH_SIZE = 50  # letters per transaction: whole batches are saved, or none of a batch


class Command(BaseCommand):
    help = (
        "Import Ombudsman letters from files, folders and .zip archives. Safe to stop and "
        "run again: letters already imported are recognised by their content."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Letter files (.pdf, .txt), folders, .zip")
        parser.add_argument("--dry-run", action="store_true", help="Parse and check; save nothing.")
        parser.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1, help="Parsing worker processes."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand the files to the task queue, so that the workers of several machines "
            "(manage.py db_worker) share the job, and wait for them.",
        )
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="With --queue: queue the files and return without waiting for the workers.",
        )

    def handle(self, *args, **options):
        # History rows written by this command say so (no user: it runs from a shell).
        with pghistory.context(command="import_letters"):
            return self._run(**options)

    def _run(
        self, *, paths, dry_run=False, jobs=1, no_progress=False, queue=False, no_wait=False,
        **options,
    ):  # fmt: skip
        if no_wait and not queue:
            raise CommandError("--no-wait goes with --queue.")
        if queue and dry_run:
            raise CommandError("--dry-run reads the files here; leave out --queue.")
        # Two queries up front: what is already imported (a resumed run skips those files
        # without parsing them, storing any original a crash left unstored) and every
        # council name to match letters against.
        self.known = dict(AnnualLetter.objects.values_list("sha256", "original"))
        self.index = CouncilIndex.load()
        self.dry_run = dry_run
        self.rows: list[tuple[str, str, str]] = []
        self.totals: Counter = Counter()
        self.database_seconds = 0.0
        started = time.perf_counter()

        def skip(item, data):
            return "already present" if sha256_of(data) in self.known else None

        inputs = list(bulk_import.collect_inputs(paths))  # cheap: files are read only when parsed
        self.progress = tqdm(
            total=len(inputs),
            desc="Importing letters",
            unit=" letters",
            file=sys.stderr,
            disable=no_progress,
            dynamic_ncols=True,
        )
        if queue:
            self._queue(inputs, wait=not no_wait)
            self.progress.close()
            if no_wait:
                self.stdout.write(
                    f"Queued for the workers (manage.py db_worker): {len(self.queued)} files, "
                    f"{len(self.rows)} not queued. Run the same command again to see the "
                    "result of each."
                )
                return
            self._report(dry_run=False)
            if self.totals[REFUSED]:
                raise SystemExit(1)
            return
        batch: list[tuple[bulk_import.ParseOutcome, services.BatchItem]] = []
        for outcome in bulk_import.parse_all(iter(inputs), jobs=max(1, jobs), skip=skip):
            item = self._prepare(outcome)
            if item is not None:
                batch.append((outcome, item))
            if len(batch) >= BATCH_SIZE:
                self._save(batch)
                batch = []
        self._save(batch)
        self.progress.close()
        self._report(dry_run=dry_run)
        if options["verbosity"] >= 2:
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"Timing: {elapsed:.2f} s in all, {self.database_seconds:.2f} s matching and "
                f"writing ({100 * self.database_seconds / max(elapsed, 1e-9):.0f}%)."
            )
        if self.totals[REFUSED]:
            raise SystemExit(1)

    def _queue(self, inputs: list[bulk_import.InputFile], *, wait: bool) -> None:
        """Each file not yet imported into the queue (import_queue), then, with ``wait``,
        each task's outcome as the workers finish them."""
        self.queued: dict[str, import_queue.Queued] = {}
        first_name: dict[str, str] = {}
        for item in inputs:
            data, problem = bulk_import.read_input(item)
            if problem:
                self._record(item.name, REFUSED, problem)
                continue
            sha256 = sha256_of(data)
            if sha256 in self.known:
                outcome = bulk_import.ParseOutcome(item, data, error="already present")
                self._record(item.name, IngestResult.ALREADY_PRESENT, self._restore(outcome))
            elif sha256 in first_name:
                same = f"the same file as {first_name[sha256]}"
                self._record(item.name, IngestResult.ALREADY_PRESENT, same)
            else:
                first_name[sha256] = item.name
                queued = import_queue.letter_file_enqueue(name=item.name, sha256=sha256, data=data)
                self.queued[queued.task_id] = queued
        if not wait:
            return

        def finished(task_id: str, report: dict | None) -> None:
            name = self.queued[task_id].name
            if report is None:
                self._record(name, REFUSED, "The worker failed on this file (see its log).")
            else:
                self._record(name, report["status"], report["detail"])

        def requeue(task_id: str) -> str:
            lost = self.queued.pop(task_id)
            again = import_queue.letter_file_requeue(queued=lost)
            self.queued[again.task_id] = again
            return again.task_id

        import_queue.tasks_wait(
            task_ids=list(self.queued),
            on_finished=finished,
            requeue=requeue,
            on_idle=lambda hint: self.stderr.write(hint),
        )

    def _record(self, name: str, status: str, detail: str = "") -> None:
        self.totals[status] += 1
        self.rows.append((name, status, detail))
        self.progress.update(1)

    def _prepare(self, outcome: bulk_import.ParseOutcome) -> services.BatchItem | None:
        """A letter ready to save, or None when it has been recorded as refused or present."""
        if outcome.error == "already present":
            self._record(outcome.item.name, IngestResult.ALREADY_PRESENT, self._restore(outcome))
            return None
        if outcome.error:
            self._record(outcome.item.name, REFUSED, outcome.error)
            return None
        matching = time.perf_counter()
        try:
            council = services.council_for_letter(outcome.parsed, index=self.index)
        except UploadRefused as refusal:
            self._record(outcome.item.name, REFUSED, refusal.message)
            return None
        finally:
            self.database_seconds += time.perf_counter() - matching
        return services.BatchItem(
            parsed=outcome.parsed,
            data=outcome.data,
            filename=outcome.item.name,
            council=council,
            extracted_text=outcome.text,
        )

    def _restore(self, outcome: bulk_import.ParseOutcome) -> str:
        """Store the original of a letter already imported if it is missing (the run that
        imported it died between its commit and storing the file)."""
        name = self.known.get(sha256_of(outcome.data))
        if self.dry_run or not name or is_stored(name):
            return ""
        restore_original(name=name, data=outcome.data)
        return "its stored original was missing: stored again"

    def _save(self, batch) -> None:
        if not batch:
            return
        saving = time.perf_counter()
        results = services.letters_ingest_batch(
            items=[item for _, item in batch], dry_run=self.dry_run
        )
        self.database_seconds += time.perf_counter() - saving
        for (outcome, _), result in zip(batch, results, strict=True):
            if isinstance(result, UploadRefused):
                self._record(outcome.item.name, REFUSED, result.message)
            else:
                letter = result.document
                detail = f"{letter.council.official_name} {letter.period_label}"
                self._record(outcome.item.name, result.status, detail)

    def _report(self, *, dry_run: bool):
        rows, totals = self.rows, self.totals
        width = min(max((len(name) for name, _, _ in rows), default=10), 70)
        self.stdout.write(f"\n{'File':<{width}}  {'Result':<16}  Detail")
        for name, status, detail in sorted(rows):
            shown = name if len(name) <= width else "…" + name[-(width - 1) :]
            style = self.style.ERROR if status == REFUSED else (lambda s: s)
            self.stdout.write(style(f"{shown:<{width}}  {status:<16}  {detail}"))
        order = [
            IngestResult.IMPORTED,
            IngestResult.ALREADY_PRESENT,
            IngestResult.REPLACED,
            REFUSED,
        ]
        summary = ", ".join(f"{totals[key]} {key}" for key in order)
        prefix = "Dry run, nothing saved: " if dry_run else ""
        self.stdout.write(f"\n{prefix}{summary} ({len(rows)} files).")

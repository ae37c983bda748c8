import os
import sys
import time
from collections import Counter

from django.core.management.base import BaseCommand
from tqdm import tqdm

from letters import bulk, services
from letters.models import AnnualLetter

REFUSED = "refused"


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

    def handle(self, *args, paths, dry_run=False, jobs=1, no_progress=False, **options):
        known = dict(
            AnnualLetter.objects.values_list("sha256", "pk")
        )  # one query: resuming skips finished files without parsing them again

        def skip(item, data):
            return "already present" if services.sha256_of(data) in known else None

        rows: list[tuple[str, str, str]] = []
        totals: Counter = Counter()
        inputs = list(bulk.collect_inputs(paths))  # cheap: files are read only when parsed
        progress = tqdm(
            total=len(inputs),
            desc="Importing letters",
            unit=" letters",
            file=sys.stderr,
            disable=no_progress,
            dynamic_ncols=True,
        )
        started, database_seconds = time.perf_counter(), 0.0
        for outcome in bulk.parse_all(iter(inputs), jobs=max(1, jobs), skip=skip):
            saving = time.perf_counter()
            status, detail = self._save(outcome, dry_run=dry_run)
            database_seconds += time.perf_counter() - saving
            if status in (services.IngestResult.IMPORTED, services.IngestResult.REPLACED):
                known[services.sha256_of(outcome.data)] = None
            totals[status] += 1
            rows.append((outcome.item.name, status, detail))
            progress.update(1)
        progress.close()
        self._report(rows, totals, dry_run=dry_run)
        if options["verbosity"] >= 2:
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"Timing: {elapsed:.2f} s in all, {database_seconds:.2f} s matching and "
                f"writing ({100 * database_seconds / max(elapsed, 1e-9):.0f}%)."
            )
        if totals[REFUSED]:
            raise SystemExit(1)

    def _save(self, outcome: bulk.ParseOutcome, *, dry_run: bool) -> tuple[str, str]:
        if outcome.error == "already present":
            return services.IngestResult.ALREADY_PRESENT, ""
        if outcome.error:
            return REFUSED, outcome.error
        try:
            council = services.council_for_letter(outcome.parsed)
            result = services.letter_ingest(
                parsed=outcome.parsed,
                data=outcome.data,
                filename=outcome.item.name,
                council=council,
                uploaded_by=None,
                extracted_text=outcome.text,
                dry_run=dry_run,
            )
        except services.UploadRefused as refusal:
            return REFUSED, refusal.message
        letter = result.letter
        return result.status, f"{letter.council.official_name} {letter.period_label}"

    def _report(self, rows, totals, *, dry_run: bool):
        width = min(max((len(name) for name, _, _ in rows), default=10), 70)
        self.stdout.write(f"\n{'File':<{width}}  {'Result':<16}  Detail")
        for name, status, detail in sorted(rows):
            shown = name if len(name) <= width else "…" + name[-(width - 1) :]
            style = self.style.ERROR if status == REFUSED else (lambda s: s)
            self.stdout.write(style(f"{shown:<{width}}  {status:<16}  {detail}"))
        order = [
            services.IngestResult.IMPORTED,
            services.IngestResult.ALREADY_PRESENT,
            services.IngestResult.REPLACED,
            REFUSED,
        ]
        summary = ", ".join(f"{totals[key]} {key}" for key in order)
        prefix = "Dry run, nothing saved: " if dry_run else ""
        self.stdout.write(f"\n{prefix}{summary} ({len(rows)} files).")

import csv
import io
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from places import build
from places.reference import DATA_FILE


class Command(BaseCommand):
    help = (
        "Rebuild the reference file of similar and neighbouring councils and their positions "
        "(places/data/places.csv) from mySociety's published register and similarity data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--register",
            help="uk_local_authorities.csv (a path, a folder holding it, or a URL); "
            "by default COUNCIL_REGISTER_URL.",
        )
        parser.add_argument(
            "--similarity",
            help="The folder or URL holding la_distance's outputs (touching_las.csv, the ruc "
            f"and imd la_labels.csv); by default {build.SIMILARITY_URL}",
        )
        parser.add_argument(
            "--output", type=Path, default=DATA_FILE, help=f"Where to write (default {DATA_FILE})."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit 1 if the file is not what the sources give.",
        )

    def handle(self, *args, register=None, similarity=None, output=DATA_FILE, check=False, **kw):
        try:
            sources = build.read_sources(
                register=register or settings.COUNCIL_REGISTER_URL,
                similarity=similarity or build.SIMILARITY_URL,
            )
            rows = build.build(sources)
        except build.SourceUnavailable as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        except (KeyError, ValueError) as exc:
            raise CommandError(
                f"The sources are not in the layout this command reads ({exc}). "
                "Nothing was changed."
            ) from exc
        problems = build.problems(rows)
        if problems:
            raise CommandError(
                "The sources give a file this site cannot use: "
                + "; ".join(problems)
                + ". Nothing was changed."
            )
        text = build.as_text(rows)
        old = output.read_text(encoding="utf-8") if output.exists() else ""
        changes = _changes(old, text)
        if check:
            if changes:
                for line in changes:
                    self.stdout.write(line)
                raise CommandError(f"{output} is out of date: run refresh_places.")
            self.stdout.write(f"{output} is up to date ({len(rows)} councils).")
            return
        if changes:
            output.write_text(text, encoding="utf-8")
            for line in changes:
                self.stdout.write(line)
        counties = sum(1 for row in rows if row["type"] == build.COUNTY)
        unclassed = [row["name"] for row in rows if not row["rural_urban"]]
        self.stdout.write(
            f"{'Wrote' if changes else 'Unchanged:'} {output}: {len(rows)} councils "
            f"({counties} counties placed at the centre of their districts); "
            f"without a rural-urban class: {', '.join(unclassed) or 'none'}."
        )


def _changes(old: str, new: str) -> list[str]:
    """What differs, a line per council: added, removed or changed (with the columns)."""

    def rows(text: str) -> dict[str, dict[str, str]]:
        return {row["code"]: row for row in csv.DictReader(io.StringIO(text))} if text else {}

    before, after = rows(old), rows(new)
    lines = []
    for code in sorted(before.keys() | after.keys()):
        if code not in before:
            lines.append(f"  added: {after[code]['name']} ({code})")
        elif code not in after:
            lines.append(f"  removed: {before[code]['name']} ({code})")
        elif before[code] != after[code]:
            columns = sorted(k for k in after[code] if before[code].get(k) != after[code][k])
            lines.append(f"  changed: {after[code]['name']} ({code}): {', '.join(columns)}")
    return lines

"""Compare the type averages the pages read (the summary table councils.TypeYearAverage,
kept by PostgreSQL's triggers) with a fresh computation over every current letter."""

from django.core.management.base import BaseCommand, CommandError

from councils.selectors.averages import type_average_mismatches, type_averages
from councils.services import type_year_averages_refresh


class Command(BaseCommand):
    help = (
        "Check that the type averages the pages read equal a fresh computation over the "
        "letters; --refresh recomputes the table first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh", action="store_true", help="Recompute every row of the table first."
        )

    def handle(self, *args, refresh=False, **options):
        if refresh:
            type_year_averages_refresh()
        problems = type_average_mismatches()
        if problems:
            for line in problems:
                self.stderr.write(f"  {line}")
            raise CommandError(
                f"{len(problems)} difference{'s' if len(problems) != 1 else ''} between the "
                "summary table and a fresh computation: run check_type_averages --refresh, "
                "and find the write that bypassed the triggers."
            )
        self.stdout.write(
            f"The type averages agree with a fresh computation ({len(type_averages())} "
            "types and years).",
            self.style.SUCCESS,
        )

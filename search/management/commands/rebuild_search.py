"""Rewrite the search rows (each letter's and report's text, passages and vector)."""

from django.core.management.base import BaseCommand, CommandError

from councils.models import Council
from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Rewrite the search rows of every letter and council report from their stored text: "
        "after a change to the paragraph splitter (--stale: only rows an older splitter "
        "wrote, and documents without rows), or to repair them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--council", metavar="SLUG", help="Only this council's documents.")
        parser.add_argument(
            "--stale",
            action="store_true",
            help="Only documents without rows or with rows from an older splitter.",
        )

    def handle(self, *args, council=None, stale=False, **options):
        chosen = None
        if council:
            chosen = Council.objects.filter(slug=council).first()
            if chosen is None:
                raise CommandError(f"No council has the address “{council}”.")
        done = rebuild(council=chosen, stale_only=stale)
        self.stdout.write(f"{done} letters and reports indexed.")

"""Django's flush, able to empty a test database whose history is append-only.

The test runner flushes the database after every transactional test, history included.
The history's triggers refuse a TRUNCATE of an event table except while this sets
core.history.FLUSHING in a database whose name starts with ``test_`` (what the test runner
creates); anywhere else flush is refused by the triggers, as any TRUNCATE of the history is."""

from django.core.management.commands import flush
from django.db import connections

from core.history import FLUSHING


class Command(flush.Command):
    help = flush.Command.help + " The history is emptied too only in a test database."

    def handle(self, **options):
        connection = connections[options["database"]]
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', false)", [FLUSHING])
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, '', false)", [FLUSHING])

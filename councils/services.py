"""Writes of the councils app that are not the register's (councils.register)."""

from django.db import connection, transaction


@transaction.atomic
def type_year_averages_refresh() -> None:
    """Recompute every row of the summary table councils.TypeYearAverage from the letters,
    with the same SQL function the triggers call for the pairs a write touches. Only needed
    after the table itself was written by hand, or the function was redefined."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT councils_refresh_all_type_year_averages()")

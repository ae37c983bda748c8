"""Corrections of a council report's year beside those of letters: a Correction names
exactly one of a letter and a report year, and at most one is in force per column of each.

The council page now reads corrections of both kinds: a change to them moves the page
cache's data version on, as a change to the figures does (councils/0002)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BUMP_DATA_VERSION = """
    CREATE TRIGGER letters_correction_bump_data_version
    AFTER INSERT OR UPDATE OR DELETE ON letters_correction
    FOR EACH STATEMENT EXECUTE FUNCTION councils_bump_data_version();
    CREATE TRIGGER letters_correction_bump_data_version_truncate
    AFTER TRUNCATE ON letters_correction
    FOR EACH STATEMENT EXECUTE FUNCTION councils_bump_data_version();
"""
LEAVE_DATA_VERSION = """
    DROP TRIGGER IF EXISTS letters_correction_bump_data_version ON letters_correction;
    DROP TRIGGER IF EXISTS letters_correction_bump_data_version_truncate ON letters_correction;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0014_service_rows_kept_for_every_document"),
        ("reports", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="correction",
            name="report_year",
            field=models.ForeignKey(
                blank=True,
                help_text="The year of a council's report corrected (for a report's figure).",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="corrections",
                to="reports.councilreportyear",
            ),
        ),
        migrations.AlterField(
            model_name="correction",
            name="history_id",
            field=models.BigIntegerField(
                blank=True,
                help_text="The history event (change #N) of the letter or report year it made.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="correction",
            name="letter",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="corrections",
                to="letters.annualletter",
            ),
        ),
        migrations.AddConstraint(
            model_name="correction",
            constraint=models.UniqueConstraint(
                condition=models.Q(("withdrawn_at__isnull", True)),
                fields=("report_year", "column"),
                name="one_correction_in_force_per_report_year_column",
            ),
        ),
        migrations.AddConstraint(
            model_name="correction",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("letter__isnull", False), ("report_year__isnull", True)),
                    models.Q(("letter__isnull", True), ("report_year__isnull", False)),
                    _connector="OR",
                ),
                name="correction_of_a_letter_or_a_report_year",
            ),
        ),
        migrations.RunSQL(sql=BUMP_DATA_VERSION, reverse_sql=LEAVE_DATA_VERSION),
    ]

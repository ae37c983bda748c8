"""Service rows kept for every document.

The old unique constraint allowed one row per source, council, year and service, so a
newer report covering a year (or a new version of a letter with service rows) could only
be stored by deleting the older document's rows (or not at all: a second version of a
letter giving figures by service was refused). Now the rows are unique within their
document (a letter's per service, a report's per year and service), and which of them are
current is a query (ServiceComplaintStats.objects.current(), documents.current). Every
existing row meets the new constraints: a document has one council, and a letter one
year."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0004_history"),
        ("letters", "0013_reports_and_previews_leave"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="servicecomplaintstats",
            name="service_stats_unique_per_source_council_period_service",
        ),
        migrations.AddConstraint(
            model_name="servicecomplaintstats",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source", "lgsco-letter")),
                fields=("letter", "service"),
                name="service_stats_unique_per_letter_service",
            ),
        ),
        migrations.AddConstraint(
            model_name="servicecomplaintstats",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source", "council-report")),
                fields=("report", "period_start", "period_end", "service"),
                name="service_stats_unique_per_report_period_service",
            ),
        ),
    ]

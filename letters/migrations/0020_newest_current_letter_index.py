"""Indexes of the current letters: each council's newest (the /councils/ table joins every
council to it, a subquery per council that without it read and sorted all its letters) and
the latest uploads (the home page's list, which without it sorted every letter)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0019_queued_import_files'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='annualletter',
            index=models.Index(condition=models.Q(('is_current', True), ('withdrawn_at__isnull', True)), fields=['council', '-period_end', '-id'], name='letter_newest_current'),
        ),
        migrations.AddIndex(
            model_name='annualletter',
            index=models.Index(condition=models.Q(('is_current', True), ('withdrawn_at__isnull', True)), fields=['-uploaded_at', '-id'], name='letter_latest_current_upload'),
        ),
    ]

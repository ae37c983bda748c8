"""Upload previews read by the queue's worker: a status (reading, ready, refused) with the
refusal and the task reading it; the council and the parse are known only once read."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('councils', '0004_history'),
        ('documents', '0001_initial'),
        ('letters', '0015_corrections_of_report_years'),
        ('reports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='uploadpreview',
            name='read_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='uploadpreview',
            name='refusal',
            field=models.TextField(blank=True, help_text='Why the file was refused, for the uploader.'),
        ),
        migrations.AddField(
            model_name='uploadpreview',
            name='refusal_status',
            field=models.PositiveSmallIntegerField(blank=True, help_text='The HTTP status the refusal is shown with.', null=True),
        ),
        migrations.AddField(
            model_name='uploadpreview',
            name='status',
            field=models.CharField(choices=[('reading', 'Being read'), ('ready', 'Ready to check'), ('refused', 'Refused')], default='ready', max_length=10),
        ),
        migrations.AddField(
            model_name='uploadpreview',
            name='task_id',
            field=models.CharField(blank=True, help_text='The queued task reading the file.', max_length=64),
        ),
        migrations.AlterField(
            model_name='uploadpreview',
            name='council',
            field=models.ForeignKey(blank=True, help_text='Known once the file is read.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='councils.council'),
        ),
        migrations.AlterField(
            model_name='uploadpreview',
            name='parsed',
            field=models.JSONField(blank=True, default=dict, help_text="The parser's result (the JSON contract)."),
        ),
        migrations.AlterField(
            model_name='uploadpreview',
            name='parser_version',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddConstraint(
            model_name='uploadpreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'ready'), _negated=True), ('council__isnull', False), _connector='OR'), name='upload_preview_ready_names_its_council'),
        ),
        migrations.AddConstraint(
            model_name='uploadpreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'refused'), _negated=True), models.Q(('refusal', ''), _negated=True), _connector='OR'), name='upload_preview_refused_says_why'),
        ),
    ]

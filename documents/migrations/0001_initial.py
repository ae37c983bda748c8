"""Upload previews, moved from the letters app: the table and its rows stay
(``db_table``); only Django's idea of which app owns them changes."""

import django.db.models.deletion
import uuid

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('councils', '0004_history'),
        ('letters', '0012_report_triggers_leave'),
        ('reports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='UploadPreview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('filename', models.CharField(max_length=255)),
                ('content', models.BinaryField()),
                ('sha256', models.CharField(max_length=64)),
                ('parsed', models.JSONField(help_text="The parser's result (the JSON contract).")),
                ('extracted_text', models.TextField(blank=True)),
                ('parser_version', models.CharField(max_length=40)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField()),
                ('kind', models.CharField(choices=[('lgsco-letter', 'Ombudsman letter'), ('council-report', 'Council report')], default='lgsco-letter', max_length=20)),
                ('council', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='councils.council')),
                ('letter', models.ForeignKey(blank=True, help_text='Set once confirmed.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='letters.annualletter')),
                ('report', models.ForeignKey(blank=True, help_text='Set once a council report is confirmed.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='reports.councilreport')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='upload_previews', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'letters_uploadpreview',
                'ordering': ['-created_at'],
            },
        ),
        ]),
    ]

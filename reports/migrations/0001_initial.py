"""Councils' own reports, moved from the letters app: the tables, their rows and their
history stay where they are (``db_table``); only Django's idea of which app owns them
changes. The history triggers are installed again under names made from this app's label
(letters 0012 removed the old ones)."""

import django.core.validators
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
import reports.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('letters', '0012_report_triggers_leave'),
        ('councils', '0004_history'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CouncilReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('original_filename', models.CharField(blank=True, max_length=255)),
                ('sha256', models.CharField(max_length=64, unique=True)),
                ('extracted_text', models.TextField(blank=True)),
                ('parser_version', models.CharField(max_length=40)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('is_current', models.BooleanField(default=True, help_text='The newest version for this council and period.')),
                ('council_name_as_printed', models.CharField(blank=True, max_length=200)),
                ('report_year', models.CharField(help_text="The report's own year, e.g. 2019-20.", max_length=7)),
                ('period_start', models.DateField(help_text='Start of the earliest year the report covers.')),
                ('period_end', models.DateField(help_text="End of the report's own year.")),
                ('parsed', models.JSONField(help_text='Everything the parser read (channels, Ombudsman cases).')),
                ('warnings', models.JSONField(blank=True, default=list)),
                ('original', models.FileField(max_length=200, upload_to=reports.models.report_upload_to)),
                ('council', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='councils.council')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='uploaded_%(class)ss', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'letters_councilreport',
                'ordering': ['council', '-period_end', '-uploaded_at'],
            },
        ),
        migrations.CreateModel(
            name='CouncilReportEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('original_filename', models.CharField(blank=True, max_length=255)),
                ('sha256', models.CharField(max_length=64)),
                ('parser_version', models.CharField(max_length=40)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('is_current', models.BooleanField(default=True, help_text='The newest version for this council and period.')),
                ('council_name_as_printed', models.CharField(blank=True, max_length=200)),
                ('report_year', models.CharField(help_text="The report's own year, e.g. 2019-20.", max_length=7)),
                ('period_start', models.DateField(help_text='Start of the earliest year the report covers.')),
                ('period_end', models.DateField(help_text="End of the report's own year.")),
                ('warnings', models.JSONField(blank=True, default=list)),
                ('original', models.FileField(max_length=200, upload_to=reports.models.report_upload_to)),
                ('council', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='councils.council')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='reports.councilreport')),
                ('uploaded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'letters_councilreportevent',
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CouncilReportYear',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period_start', models.DateField()),
                ('period_end', models.DateField()),
                ('total_complaints', models.PositiveIntegerField(blank=True, null=True, verbose_name='complaints in all')),
                ('stage_1', models.PositiveIntegerField(blank=True, null=True, verbose_name='stage 1')),
                ('stage_2', models.PositiveIntegerField(blank=True, null=True, verbose_name='stage 2')),
                ('independent_investigator', models.PositiveIntegerField(blank=True, null=True, verbose_name='independent investigator / stage 3')),
                ('ombudsman', models.PositiveIntegerField(blank=True, null=True, verbose_name='to the Ombudsman')),
                ('ombudsman_investigated', models.PositiveIntegerField(blank=True, null=True, verbose_name='investigated by the Ombudsman')),
                ('ombudsman_upheld', models.PositiveIntegerField(blank=True, null=True, verbose_name='upheld by the Ombudsman')),
                ('resolved_at_stage_1_percent', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='resolved at stage 1 %')),
                ('in_target_percent', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='answered within target %')),
                ('compliments', models.PositiveIntegerField(blank=True, null=True, verbose_name='compliments')),
                ('channels_percent', models.JSONField(blank=True, default=dict)),
                ('council', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='report_years', to='councils.council')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='years', to='reports.councilreport')),
            ],
            options={
                'db_table': 'letters_councilreportyear',
                'ordering': ['council', '-period_end'],
            },
        ),
        migrations.CreateModel(
            name='CouncilReportYearEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('period_start', models.DateField()),
                ('period_end', models.DateField()),
                ('total_complaints', models.PositiveIntegerField(blank=True, null=True, verbose_name='complaints in all')),
                ('stage_1', models.PositiveIntegerField(blank=True, null=True, verbose_name='stage 1')),
                ('stage_2', models.PositiveIntegerField(blank=True, null=True, verbose_name='stage 2')),
                ('independent_investigator', models.PositiveIntegerField(blank=True, null=True, verbose_name='independent investigator / stage 3')),
                ('ombudsman', models.PositiveIntegerField(blank=True, null=True, verbose_name='to the Ombudsman')),
                ('ombudsman_investigated', models.PositiveIntegerField(blank=True, null=True, verbose_name='investigated by the Ombudsman')),
                ('ombudsman_upheld', models.PositiveIntegerField(blank=True, null=True, verbose_name='upheld by the Ombudsman')),
                ('resolved_at_stage_1_percent', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='resolved at stage 1 %')),
                ('in_target_percent', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='answered within target %')),
                ('compliments', models.PositiveIntegerField(blank=True, null=True, verbose_name='compliments')),
                ('channels_percent', models.JSONField(blank=True, default=dict)),
                ('council', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='councils.council')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='reports.councilreportyear')),
                ('report', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='reports.councilreport')),
            ],
            options={
                'db_table': 'letters_councilreportyearevent',
                'abstract': False,
            },
        ),
        migrations.AddConstraint(
            model_name='councilreport',
            constraint=models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('council', 'period_end'), name='one_current_report_per_council_and_year'),
        ),
        migrations.AddConstraint(
            model_name='councilreport',
            constraint=models.CheckConstraint(condition=models.Q(('period_end__gt', models.F('period_start'))), name='report_period_in_order'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreport',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "letters_councilreportevent" ("council_id", "council_name_as_printed", "id", "is_current", "original", "original_filename", "parser_version", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "report_year", "sha256", "uploaded_at", "uploaded_by_id", "warnings") VALUES (NEW."council_id", NEW."council_name_as_printed", NEW."id", NEW."is_current", NEW."original", NEW."original_filename", NEW."parser_version", NEW."period_end", NEW."period_start", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."report_year", NEW."sha256", NEW."uploaded_at", NEW."uploaded_by_id", NEW."warnings"); RETURN NULL;', hash='5d49dbdfdb5b4a19354c04d4717023f6e5c4d495', operation='INSERT', pgid='pgtrigger_insert_insert_a8f3c', table='letters_councilreport', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreport',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "letters_councilreportevent" ("council_id", "council_name_as_printed", "id", "is_current", "original", "original_filename", "parser_version", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "report_year", "sha256", "uploaded_at", "uploaded_by_id", "warnings") VALUES (NEW."council_id", NEW."council_name_as_printed", NEW."id", NEW."is_current", NEW."original", NEW."original_filename", NEW."parser_version", NEW."period_end", NEW."period_start", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."report_year", NEW."sha256", NEW."uploaded_at", NEW."uploaded_by_id", NEW."warnings"); RETURN NULL;', hash='b651d35ea535dec3cc1335bcc38771cd6333c87f', operation='UPDATE', pgid='pgtrigger_update_update_0478f', table='letters_councilreport', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreport',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "letters_councilreportevent" ("council_id", "council_name_as_printed", "id", "is_current", "original", "original_filename", "parser_version", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "report_year", "sha256", "uploaded_at", "uploaded_by_id", "warnings") VALUES (OLD."council_id", OLD."council_name_as_printed", OLD."id", OLD."is_current", OLD."original", OLD."original_filename", OLD."parser_version", OLD."period_end", OLD."period_start", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."report_year", OLD."sha256", OLD."uploaded_at", OLD."uploaded_by_id", OLD."warnings"); RETURN NULL;', hash='b1f2ad59655a1b14177f7efc60eb2da1db277155', operation='DELETE', pgid='pgtrigger_delete_delete_b6e57', table='letters_councilreport', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='councilreportyear',
            constraint=models.UniqueConstraint(fields=('report', 'period_start', 'period_end'), name='report_year_unique'),
        ),
        migrations.AddConstraint(
            model_name='councilreportyear',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('in_target_percent__isnull', True), models.Q(('in_target_percent__gte', 0), ('in_target_percent__lte', 100)), _connector='OR'), models.Q(('resolved_at_stage_1_percent__isnull', True), models.Q(('resolved_at_stage_1_percent__gte', 0), ('resolved_at_stage_1_percent__lte', 100)), _connector='OR')), name='report_year_percents_0_100'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreportyear',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "letters_councilreportyearevent" ("channels_percent", "compliments", "council_id", "id", "in_target_percent", "independent_investigator", "ombudsman", "ombudsman_investigated", "ombudsman_upheld", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "report_id", "resolved_at_stage_1_percent", "stage_1", "stage_2", "total_complaints") VALUES (NEW."channels_percent", NEW."compliments", NEW."council_id", NEW."id", NEW."in_target_percent", NEW."independent_investigator", NEW."ombudsman", NEW."ombudsman_investigated", NEW."ombudsman_upheld", NEW."period_end", NEW."period_start", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."report_id", NEW."resolved_at_stage_1_percent", NEW."stage_1", NEW."stage_2", NEW."total_complaints"); RETURN NULL;', hash='5e645d21943da18d0bb795b7bddd6c0d4f90f934', operation='INSERT', pgid='pgtrigger_insert_insert_9e69d', table='letters_councilreportyear', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreportyear',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "letters_councilreportyearevent" ("channels_percent", "compliments", "council_id", "id", "in_target_percent", "independent_investigator", "ombudsman", "ombudsman_investigated", "ombudsman_upheld", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "report_id", "resolved_at_stage_1_percent", "stage_1", "stage_2", "total_complaints") VALUES (NEW."channels_percent", NEW."compliments", NEW."council_id", NEW."id", NEW."in_target_percent", NEW."independent_investigator", NEW."ombudsman", NEW."ombudsman_investigated", NEW."ombudsman_upheld", NEW."period_end", NEW."period_start", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."report_id", NEW."resolved_at_stage_1_percent", NEW."stage_1", NEW."stage_2", NEW."total_complaints"); RETURN NULL;', hash='c8841b344a96bb78791ca615d6115d86ea149988', operation='UPDATE', pgid='pgtrigger_update_update_e10fb', table='letters_councilreportyear', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreportyear',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "letters_councilreportyearevent" ("channels_percent", "compliments", "council_id", "id", "in_target_percent", "independent_investigator", "ombudsman", "ombudsman_investigated", "ombudsman_upheld", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "report_id", "resolved_at_stage_1_percent", "stage_1", "stage_2", "total_complaints") VALUES (OLD."channels_percent", OLD."compliments", OLD."council_id", OLD."id", OLD."in_target_percent", OLD."independent_investigator", OLD."ombudsman", OLD."ombudsman_investigated", OLD."ombudsman_upheld", OLD."period_end", OLD."period_start", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."report_id", OLD."resolved_at_stage_1_percent", OLD."stage_1", OLD."stage_2", OLD."total_complaints"); RETURN NULL;', hash='dda7a67ee37cb5621ba924cac931232b9820a5e3', operation='DELETE', pgid='pgtrigger_delete_delete_ba669', table='letters_councilreportyear', when='AFTER')),
        ),
    ]

    # Everything but the triggers already exists in the database.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                op for op in operations if not isinstance(op, pgtrigger.migrations.AddTrigger)
            ]
        ),
        *[op for op in operations if isinstance(op, pgtrigger.migrations.AddTrigger)],
    ]

"""Corrections are in the history (they are what the public pages say about a corrected
figure), existing ones snapshotted; and a Correction may name a service row, the third
kind of corrected row beside a letter and a report's year (exactly one of the three; at
most one in force per column of each; a corrected service row cannot be deleted)."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


def snapshot(apps, schema_editor, app_label, model_name, event_model_name, obj=True):
    """A 'snapshot' event of each row there already is (as letters 0005 did for the models
    tracked then), so that its first change has an old value to show."""
    model = apps.get_model(app_label, model_name)
    event_model = apps.get_model(app_label, event_model_name)
    columns = ", ".join(
        f'"{f.column}"' for f in event_model._meta.concrete_fields if not f.name.startswith("pgh_")
    )
    obj_column, obj_value = (", pgh_obj_id", ', "id"') if obj else ("", "")
    schema_editor.execute(
        f'INSERT INTO "{event_model._meta.db_table}" '
        f"({columns}, pgh_created_at, pgh_label{obj_column}) "
        f"SELECT {columns}, NOW(), 'snapshot'{obj_value} FROM \"{model._meta.db_table}\""
    )


def baseline(apps, schema_editor):
    snapshot(apps, schema_editor, "letters", "Correction", "CorrectionEvent")


def forget_service_row_corrections(apps, schema_editor):
    """Unapplying: the older schema cannot hold a correction of a service row (it names a
    letter or a report year), so those corrections go; the rows' own history keeps every
    change they made (letters_servicecomplaintstatsevent)."""
    apps.get_model("letters", "Correction").objects.filter(service_row__isnull=False).delete()
    # Check the deletion's foreign keys now: the table is altered next.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0016_history_kept'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('reports', '0002_history_kept'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CorrectionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('column', models.CharField(max_length=60)),
                ('old_value', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                ('new_value', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                ('reason', models.TextField()),
                ('made_at', models.DateTimeField(auto_now_add=True)),
                ('history_id', models.BigIntegerField(blank=True, help_text='The history event (change #N) of what it corrected that it made.', null=True)),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.RemoveConstraint(
            model_name='correction',
            name='correction_of_a_letter_or_a_report_year',
        ),
        migrations.AddField(
            model_name='correction',
            name='service_row',
            field=models.ForeignKey(blank=True, help_text='The service row corrected (for a service figure).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='letters.servicecomplaintstats'),
        ),
        migrations.AlterField(
            model_name='correction',
            name='history_id',
            field=models.BigIntegerField(blank=True, help_text='The history event (change #N) of what it corrected that it made.', null=True),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='correction',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "letters_correctionevent" ("column", "history_id", "id", "letter_id", "made_at", "made_by_id", "new_value", "old_value", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "report_year_id", "service_row_id", "supersedes_id", "withdrawn_at", "withdrawn_reason") VALUES (NEW."column", NEW."history_id", NEW."id", NEW."letter_id", NEW."made_at", NEW."made_by_id", NEW."new_value", NEW."old_value", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reason", NEW."report_year_id", NEW."service_row_id", NEW."supersedes_id", NEW."withdrawn_at", NEW."withdrawn_reason"); RETURN NULL;', hash='6d8f7667fd1c7548d0239cd8614edd0d20defce4', operation='INSERT', pgid='pgtrigger_insert_insert_134f9', table='letters_correction', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='correction',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "letters_correctionevent" ("column", "history_id", "id", "letter_id", "made_at", "made_by_id", "new_value", "old_value", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "report_year_id", "service_row_id", "supersedes_id", "withdrawn_at", "withdrawn_reason") VALUES (NEW."column", NEW."history_id", NEW."id", NEW."letter_id", NEW."made_at", NEW."made_by_id", NEW."new_value", NEW."old_value", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reason", NEW."report_year_id", NEW."service_row_id", NEW."supersedes_id", NEW."withdrawn_at", NEW."withdrawn_reason"); RETURN NULL;', hash='c4f96f73838e72a90ae5e9b5078442995fbfc90f', operation='UPDATE', pgid='pgtrigger_update_update_dedfe', table='letters_correction', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='correction',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "letters_correctionevent" ("column", "history_id", "id", "letter_id", "made_at", "made_by_id", "new_value", "old_value", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "report_year_id", "service_row_id", "supersedes_id", "withdrawn_at", "withdrawn_reason") VALUES (OLD."column", OLD."history_id", OLD."id", OLD."letter_id", OLD."made_at", OLD."made_by_id", OLD."new_value", OLD."old_value", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reason", OLD."report_year_id", OLD."service_row_id", OLD."supersedes_id", OLD."withdrawn_at", OLD."withdrawn_reason"); RETURN NULL;', hash='278e8e531835817177699dee2b0db700423ab6e8', operation='DELETE', pgid='pgtrigger_delete_delete_879b6', table='letters_correction', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='correction',
            trigger=pgtrigger.compiler.Trigger(name='truncation_recorded', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nINSERT INTO history_truncation\n    (table_name, truncated_at, database_user, client_address, context)\nVALUES (\n    TG_TABLE_NAME, NOW(), SESSION_USER, inet_client_addr(),\n    NULLIF(current_setting('pghistory.context_metadata', true), '')::jsonb\n);\nRETURN NULL;\n", hash='542475ebf30135b74a7f6664d690e3ffd7443f2e', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_truncation_recorded_997fe', table='letters_correction', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='correction',
            constraint=models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('service_row', 'column'), name='one_correction_in_force_per_service_row_column'),
        ),
        migrations.AddConstraint(
            model_name='correction',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('letter__isnull', False), ('report_year__isnull', True), ('service_row__isnull', True)), models.Q(('letter__isnull', True), ('report_year__isnull', False), ('service_row__isnull', True)), models.Q(('letter__isnull', True), ('report_year__isnull', True), ('service_row__isnull', False)), _connector='OR'), name='correction_of_one_letter_report_year_or_service_row'),
        ),
        migrations.AddField(
            model_name='correctionevent',
            name='letter',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='letters.annualletter'),
        ),
        migrations.AddField(
            model_name='correctionevent',
            name='made_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='correctionevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='correctionevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='letters.correction'),
        ),
        migrations.AddField(
            model_name='correctionevent',
            name='report_year',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="The year of a council's report corrected (for a report's figure).", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='reports.councilreportyear'),
        ),
        migrations.AddField(
            model_name='correctionevent',
            name='service_row',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The service row corrected (for a service figure).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='letters.servicecomplaintstats'),
        ),
        migrations.AddField(
            model_name='correctionevent',
            name='supersedes',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='letters.correction'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='correctionevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF TG_OP = 'TRUNCATE' AND (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nRAISE EXCEPTION '% of % refused: the history is append-only', TG_OP, TG_TABLE_NAME\n    USING HINT = 'Recorded history is never changed or erased: change the data itself.';\n", hash='09e4336b0e2968ede05f73d09621246c86bf3ed0', level='STATEMENT', operation='UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_append_only_0a604', table='letters_correctionevent', when='BEFORE')),
        ),
        migrations.RunPython(baseline, migrations.RunPython.noop),
        migrations.RunPython(migrations.RunPython.noop, forget_service_row_corrections),
    ]

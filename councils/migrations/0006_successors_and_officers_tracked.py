"""A council's successors (shown on the public pages) and its officers (who may upload its
letters) are in the history like any other change: each link table is tracked through a
proxy model, its event table append-only, rows there already are snapshotted."""

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
    for name in ("CouncilSuccession", "CouncilOfficer"):
        snapshot(apps, schema_editor, "councils", name, f"{name}Event", obj=False)


class Migration(migrations.Migration):

    dependencies = [
        ('councils', '0005_history_kept'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CouncilOfficer',
            fields=[
            ],
            options={
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('councils.council_officers',),
        ),
        migrations.CreateModel(
            name='CouncilSuccession',
            fields=[
            ],
            options={
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('councils.council_successors',),
        ),
        migrations.CreateModel(
            name='CouncilOfficerEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('council', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='councils.council')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('user', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CouncilSuccessionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('from_council', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='councils.council')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('to_council', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='councils.council')),
            ],
            options={
                'abstract': False,
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilofficer',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "councils_councilofficerevent" ("council_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "user_id") VALUES (NEW."council_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."user_id"); RETURN NULL;', hash='1754603dba6fa36537b1cbc0656397b608ec3405', operation='INSERT', pgid='pgtrigger_insert_insert_15cf8', table='councils_council_officers', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilofficer',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "councils_councilofficerevent" ("council_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "user_id") VALUES (NEW."council_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."user_id"); RETURN NULL;', hash='1ee2178097dd7a90b672cf2120a49425420ea511', operation='UPDATE', pgid='pgtrigger_update_update_e8335', table='councils_council_officers', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilofficer',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "councils_councilofficerevent" ("council_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "user_id") VALUES (OLD."council_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."user_id"); RETURN NULL;', hash='7fec1c097653a4678944be06c52409716cda8e92', operation='DELETE', pgid='pgtrigger_delete_delete_d4503', table='councils_council_officers', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilofficer',
            trigger=pgtrigger.compiler.Trigger(name='truncation_recorded', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nINSERT INTO history_truncation\n    (table_name, truncated_at, database_user, client_address, context)\nVALUES (\n    TG_TABLE_NAME, NOW(), SESSION_USER, inet_client_addr(),\n    NULLIF(current_setting('pghistory.context_metadata', true), '')::jsonb\n);\nRETURN NULL;\n", hash='18fc3c1aaf6cc4a4d8614b99e8608e095f3349f2', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_truncation_recorded_d1c6f', table='councils_council_officers', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilsuccession',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "councils_councilsuccessionevent" ("from_council_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "to_council_id") VALUES (NEW."from_council_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."to_council_id"); RETURN NULL;', hash='8658a3edd0004e96fcb13029509f932d1d248d4c', operation='INSERT', pgid='pgtrigger_insert_insert_ae9ff', table='councils_council_successors', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilsuccession',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "councils_councilsuccessionevent" ("from_council_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "to_council_id") VALUES (NEW."from_council_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."to_council_id"); RETURN NULL;', hash='f34724e83ee3d6dde299d7231ff650097890e9b0', operation='UPDATE', pgid='pgtrigger_update_update_835fc', table='councils_council_successors', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilsuccession',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "councils_councilsuccessionevent" ("from_council_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "to_council_id") VALUES (OLD."from_council_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."to_council_id"); RETURN NULL;', hash='42668304c8c8025b10a7cd7a9e4e8056d4552be2', operation='DELETE', pgid='pgtrigger_delete_delete_1a820', table='councils_council_successors', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilsuccession',
            trigger=pgtrigger.compiler.Trigger(name='truncation_recorded', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nINSERT INTO history_truncation\n    (table_name, truncated_at, database_user, client_address, context)\nVALUES (\n    TG_TABLE_NAME, NOW(), SESSION_USER, inet_client_addr(),\n    NULLIF(current_setting('pghistory.context_metadata', true), '')::jsonb\n);\nRETURN NULL;\n", hash='e10e2a8e7f367e1dfa8e4a06911cabdd9ceca93d', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_truncation_recorded_c34b0', table='councils_council_successors', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilofficerevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF TG_OP = 'TRUNCATE' AND (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nRAISE EXCEPTION '% of % refused: the history is append-only', TG_OP, TG_TABLE_NAME\n    USING HINT = 'Recorded history is never changed or erased: change the data itself.';\n", hash='d35771d2740229b27c61631d2f08a199e281352c', level='STATEMENT', operation='UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_append_only_ebd92', table='councils_councilofficerevent', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilsuccessionevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF TG_OP = 'TRUNCATE' AND (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nRAISE EXCEPTION '% of % refused: the history is append-only', TG_OP, TG_TABLE_NAME\n    USING HINT = 'Recorded history is never changed or erased: change the data itself.';\n", hash='b6d60075fa101a15dab6cf6fa370dc40e8b0c685', level='STATEMENT', operation='UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_append_only_d8b22', table='councils_councilsuccessionevent', when='BEFORE')),
        ),
        migrations.RunPython(baseline, migrations.RunPython.noop),
    ]

"""History that cannot be erased (core.history, councils 0005): the event tables refuse
UPDATE, DELETE and TRUNCATE; a TRUNCATE of a tracked table is recorded in
history_truncation."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
        ('councils', '0005_history_kept'),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='councilreport',
            trigger=pgtrigger.compiler.Trigger(name='truncation_recorded', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nINSERT INTO history_truncation\n    (table_name, truncated_at, database_user, client_address, context)\nVALUES (\n    TG_TABLE_NAME, NOW(), SESSION_USER, inet_client_addr(),\n    NULLIF(current_setting('pghistory.context_metadata', true), '')::jsonb\n);\nRETURN NULL;\n", hash='ada97fd3d5d7f4961f786ba637f406c5a5ddef21', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_truncation_recorded_9cbfc', table='letters_councilreport', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreportevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF TG_OP = 'TRUNCATE' AND (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nRAISE EXCEPTION '% of % refused: the history is append-only', TG_OP, TG_TABLE_NAME\n    USING HINT = 'Recorded history is never changed or erased: change the data itself.';\n", hash='18c738690687d447c1ac099573d7ec5eb2ade3ce', level='STATEMENT', operation='UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_append_only_784fa', table='letters_councilreportevent', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreportyear',
            trigger=pgtrigger.compiler.Trigger(name='truncation_recorded', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nINSERT INTO history_truncation\n    (table_name, truncated_at, database_user, client_address, context)\nVALUES (\n    TG_TABLE_NAME, NOW(), SESSION_USER, inet_client_addr(),\n    NULLIF(current_setting('pghistory.context_metadata', true), '')::jsonb\n);\nRETURN NULL;\n", hash='57c56c239933395c54097578ff49817e68b74eeb', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_truncation_recorded_f4b6d', table='letters_councilreportyear', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreportyearevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF TG_OP = 'TRUNCATE' AND (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nRAISE EXCEPTION '% of % refused: the history is append-only', TG_OP, TG_TABLE_NAME\n    USING HINT = 'Recorded history is never changed or erased: change the data itself.';\n", hash='04c434c784a14765e06b9cce555ff82c883b63cf', level='STATEMENT', operation='UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_append_only_de471', table='letters_councilreportyearevent', when='BEFORE')),
        ),
    ]

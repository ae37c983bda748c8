"""History that cannot be erased (core.history, councils 0005): the event tables refuse
UPDATE, DELETE and TRUNCATE; a TRUNCATE of a tracked table is recorded in
history_truncation."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0015_corrections_of_report_years'),
        ('councils', '0005_history_kept'),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='annualletter',
            trigger=pgtrigger.compiler.Trigger(name='truncation_recorded', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nINSERT INTO history_truncation\n    (table_name, truncated_at, database_user, client_address, context)\nVALUES (\n    TG_TABLE_NAME, NOW(), SESSION_USER, inet_client_addr(),\n    NULLIF(current_setting('pghistory.context_metadata', true), '')::jsonb\n);\nRETURN NULL;\n", hash='d8a38e276c6e340588d7261f54fe54756f48dc46', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_truncation_recorded_5a766', table='letters_annualletter', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='annualletterevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF TG_OP = 'TRUNCATE' AND (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nRAISE EXCEPTION '% of % refused: the history is append-only', TG_OP, TG_TABLE_NAME\n    USING HINT = 'Recorded history is never changed or erased: change the data itself.';\n", hash='e71e7b8ad090bab28cb671c57562fe83e5c7761e', level='STATEMENT', operation='UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_append_only_11ea0', table='letters_annualletterevent', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='servicecomplaintstats',
            trigger=pgtrigger.compiler.Trigger(name='truncation_recorded', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nINSERT INTO history_truncation\n    (table_name, truncated_at, database_user, client_address, context)\nVALUES (\n    TG_TABLE_NAME, NOW(), SESSION_USER, inet_client_addr(),\n    NULLIF(current_setting('pghistory.context_metadata', true), '')::jsonb\n);\nRETURN NULL;\n", hash='b8dadb81a9fbebfea282726cd07ca0fac2d7bfc9', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_truncation_recorded_1fcb9', table='letters_servicecomplaintstats', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='servicecomplaintstatsevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF TG_OP = 'TRUNCATE' AND (current_setting('history.flushing', true) = 'on' AND starts_with(current_database(), 'test_')) THEN\n    RETURN NULL;\nEND IF;\nRAISE EXCEPTION '% of % refused: the history is append-only', TG_OP, TG_TABLE_NAME\n    USING HINT = 'Recorded history is never changed or erased: change the data itself.';\n", hash='4fe75520754700d1912780ad980ddfefe856f908', level='STATEMENT', operation='UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_append_only_93e60', table='letters_servicecomplaintstatsevent', when='BEFORE')),
        ),
    ]

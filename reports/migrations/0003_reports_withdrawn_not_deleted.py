"""Council reports are withdrawn, never deleted, as letters are (letters 0018)."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('councils', '0006_successors_and_officers_tracked'),
        ('reports', '0002_history_kept'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='councilreport',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='councilreport',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='councilreport',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='councilreport',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, help_text='When a data admin withdrew it: kept, never current, not on the public pages.', null=True),
        ),
        migrations.AddField(
            model_name='councilreport',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='councilreport',
            name='withdrawn_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='councilreportevent',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, help_text='When a data admin withdrew it: kept, never current, not on the public pages.', null=True),
        ),
        migrations.AddField(
            model_name='councilreportevent',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='councilreportevent',
            name='withdrawn_reason',
            field=models.TextField(blank=True),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreport',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "letters_councilreportevent" ("council_id", "council_name_as_printed", "id", "is_current", "original", "original_filename", "parser_version", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "report_year", "sha256", "uploaded_at", "uploaded_by_id", "warnings", "withdrawn_at", "withdrawn_by_id", "withdrawn_reason") VALUES (NEW."council_id", NEW."council_name_as_printed", NEW."id", NEW."is_current", NEW."original", NEW."original_filename", NEW."parser_version", NEW."period_end", NEW."period_start", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."report_year", NEW."sha256", NEW."uploaded_at", NEW."uploaded_by_id", NEW."warnings", NEW."withdrawn_at", NEW."withdrawn_by_id", NEW."withdrawn_reason"); RETURN NULL;', hash='fea9e7337688cff6e223f1ef2ec0bd00391bc6d1', operation='INSERT', pgid='pgtrigger_insert_insert_a8f3c', table='letters_councilreport', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreport',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "letters_councilreportevent" ("council_id", "council_name_as_printed", "id", "is_current", "original", "original_filename", "parser_version", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "report_year", "sha256", "uploaded_at", "uploaded_by_id", "warnings", "withdrawn_at", "withdrawn_by_id", "withdrawn_reason") VALUES (NEW."council_id", NEW."council_name_as_printed", NEW."id", NEW."is_current", NEW."original", NEW."original_filename", NEW."parser_version", NEW."period_end", NEW."period_start", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."report_year", NEW."sha256", NEW."uploaded_at", NEW."uploaded_by_id", NEW."warnings", NEW."withdrawn_at", NEW."withdrawn_by_id", NEW."withdrawn_reason"); RETURN NULL;', hash='f372e50358bda031b948e97c54241a229335d2fe', operation='UPDATE', pgid='pgtrigger_update_update_0478f', table='letters_councilreport', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='councilreport',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "letters_councilreportevent" ("council_id", "council_name_as_printed", "id", "is_current", "original", "original_filename", "parser_version", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "report_year", "sha256", "uploaded_at", "uploaded_by_id", "warnings", "withdrawn_at", "withdrawn_by_id", "withdrawn_reason") VALUES (OLD."council_id", OLD."council_name_as_printed", OLD."id", OLD."is_current", OLD."original", OLD."original_filename", OLD."parser_version", OLD."period_end", OLD."period_start", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."report_year", OLD."sha256", OLD."uploaded_at", OLD."uploaded_by_id", OLD."warnings", OLD."withdrawn_at", OLD."withdrawn_by_id", OLD."withdrawn_reason"); RETURN NULL;', hash='56a1ccd9a9ceceb7f117aaf3ce4ee6109cc05e8e', operation='DELETE', pgid='pgtrigger_delete_delete_b6e57', table='letters_councilreport', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='councilreport',
            constraint=models.CheckConstraint(condition=models.Q(('withdrawn_at__isnull', True), ('is_current', False), _connector='OR'), name='report_withdrawn_is_not_current'),
        ),
        migrations.AddConstraint(
            model_name='councilreport',
            constraint=models.CheckConstraint(condition=models.Q(('withdrawn_at__isnull', True), models.Q(('withdrawn_reason', ''), _negated=True), _connector='OR'), name='report_withdrawn_with_a_reason'),
        ),
    ]

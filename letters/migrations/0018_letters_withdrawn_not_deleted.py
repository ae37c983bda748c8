"""Letters are withdrawn, never deleted (documents.current.withdraw): when, by whom and why,
in the letter and its history; a withdrawn letter is never current and has a reason. The
history triggers are recreated by pgtrigger for the new columns."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('councils', '0006_successors_and_officers_tracked'),
        ('letters', '0017_corrections_tracked_and_of_service_rows'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='annualletter',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='annualletter',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='annualletter',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='annualletter',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, help_text='When a data admin withdrew it: kept, never current, not on the public pages.', null=True),
        ),
        migrations.AddField(
            model_name='annualletter',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='annualletter',
            name='withdrawn_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='annualletterevent',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, help_text='When a data admin withdrew it: kept, never current, not on the public pages.', null=True),
        ),
        migrations.AddField(
            model_name='annualletterevent',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='annualletterevent',
            name='withdrawn_reason',
            field=models.TextField(blank=True),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='annualletter',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "letters_annualletterevent" ("compliance_average_percent", "compliance_outcomes", "compliance_percent", "council_id", "council_name_as_printed", "decisions_advice_given", "decisions_closed_after_initial_enquiries", "decisions_incomplete_or_invalid", "decisions_not_upheld", "decisions_referred_back", "decisions_total", "decisions_upheld", "decisions_uphold_rate", "evidence", "id", "investigations", "is_current", "letter_date", "original", "original_filename", "overview_assessed_and_closed", "overview_dealt_with", "overview_investigated", "overview_not_for_us", "parser_version", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "remedied_by_authority", "remedied_by_ombudsman", "remedies", "remedy_average_percent", "remedy_basis", "remedy_percent", "sha256", "upheld_average_per_100k", "upheld_average_percent", "upheld_count", "upheld_per_100k", "upheld_percent", "uploaded_at", "uploaded_by_id", "warnings", "withdrawn_at", "withdrawn_by_id", "withdrawn_reason") VALUES (NEW."compliance_average_percent", NEW."compliance_outcomes", NEW."compliance_percent", NEW."council_id", NEW."council_name_as_printed", NEW."decisions_advice_given", NEW."decisions_closed_after_initial_enquiries", NEW."decisions_incomplete_or_invalid", NEW."decisions_not_upheld", NEW."decisions_referred_back", NEW."decisions_total", NEW."decisions_upheld", NEW."decisions_uphold_rate", NEW."evidence", NEW."id", NEW."investigations", NEW."is_current", NEW."letter_date", NEW."original", NEW."original_filename", NEW."overview_assessed_and_closed", NEW."overview_dealt_with", NEW."overview_investigated", NEW."overview_not_for_us", NEW."parser_version", NEW."period_end", NEW."period_start", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."remedied_by_authority", NEW."remedied_by_ombudsman", NEW."remedies", NEW."remedy_average_percent", NEW."remedy_basis", NEW."remedy_percent", NEW."sha256", NEW."upheld_average_per_100k", NEW."upheld_average_percent", NEW."upheld_count", NEW."upheld_per_100k", NEW."upheld_percent", NEW."uploaded_at", NEW."uploaded_by_id", NEW."warnings", NEW."withdrawn_at", NEW."withdrawn_by_id", NEW."withdrawn_reason"); RETURN NULL;', hash='aa9d1328d810617277f879e1e11457fc46d655ed', operation='INSERT', pgid='pgtrigger_insert_insert_7e277', table='letters_annualletter', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='annualletter',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "letters_annualletterevent" ("compliance_average_percent", "compliance_outcomes", "compliance_percent", "council_id", "council_name_as_printed", "decisions_advice_given", "decisions_closed_after_initial_enquiries", "decisions_incomplete_or_invalid", "decisions_not_upheld", "decisions_referred_back", "decisions_total", "decisions_upheld", "decisions_uphold_rate", "evidence", "id", "investigations", "is_current", "letter_date", "original", "original_filename", "overview_assessed_and_closed", "overview_dealt_with", "overview_investigated", "overview_not_for_us", "parser_version", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "remedied_by_authority", "remedied_by_ombudsman", "remedies", "remedy_average_percent", "remedy_basis", "remedy_percent", "sha256", "upheld_average_per_100k", "upheld_average_percent", "upheld_count", "upheld_per_100k", "upheld_percent", "uploaded_at", "uploaded_by_id", "warnings", "withdrawn_at", "withdrawn_by_id", "withdrawn_reason") VALUES (NEW."compliance_average_percent", NEW."compliance_outcomes", NEW."compliance_percent", NEW."council_id", NEW."council_name_as_printed", NEW."decisions_advice_given", NEW."decisions_closed_after_initial_enquiries", NEW."decisions_incomplete_or_invalid", NEW."decisions_not_upheld", NEW."decisions_referred_back", NEW."decisions_total", NEW."decisions_upheld", NEW."decisions_uphold_rate", NEW."evidence", NEW."id", NEW."investigations", NEW."is_current", NEW."letter_date", NEW."original", NEW."original_filename", NEW."overview_assessed_and_closed", NEW."overview_dealt_with", NEW."overview_investigated", NEW."overview_not_for_us", NEW."parser_version", NEW."period_end", NEW."period_start", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."remedied_by_authority", NEW."remedied_by_ombudsman", NEW."remedies", NEW."remedy_average_percent", NEW."remedy_basis", NEW."remedy_percent", NEW."sha256", NEW."upheld_average_per_100k", NEW."upheld_average_percent", NEW."upheld_count", NEW."upheld_per_100k", NEW."upheld_percent", NEW."uploaded_at", NEW."uploaded_by_id", NEW."warnings", NEW."withdrawn_at", NEW."withdrawn_by_id", NEW."withdrawn_reason"); RETURN NULL;', hash='ee5fd962033c22df784f8a364eddd8093a95fe6a', operation='UPDATE', pgid='pgtrigger_update_update_aa130', table='letters_annualletter', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='annualletter',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "letters_annualletterevent" ("compliance_average_percent", "compliance_outcomes", "compliance_percent", "council_id", "council_name_as_printed", "decisions_advice_given", "decisions_closed_after_initial_enquiries", "decisions_incomplete_or_invalid", "decisions_not_upheld", "decisions_referred_back", "decisions_total", "decisions_upheld", "decisions_uphold_rate", "evidence", "id", "investigations", "is_current", "letter_date", "original", "original_filename", "overview_assessed_and_closed", "overview_dealt_with", "overview_investigated", "overview_not_for_us", "parser_version", "period_end", "period_start", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "remedied_by_authority", "remedied_by_ombudsman", "remedies", "remedy_average_percent", "remedy_basis", "remedy_percent", "sha256", "upheld_average_per_100k", "upheld_average_percent", "upheld_count", "upheld_per_100k", "upheld_percent", "uploaded_at", "uploaded_by_id", "warnings", "withdrawn_at", "withdrawn_by_id", "withdrawn_reason") VALUES (OLD."compliance_average_percent", OLD."compliance_outcomes", OLD."compliance_percent", OLD."council_id", OLD."council_name_as_printed", OLD."decisions_advice_given", OLD."decisions_closed_after_initial_enquiries", OLD."decisions_incomplete_or_invalid", OLD."decisions_not_upheld", OLD."decisions_referred_back", OLD."decisions_total", OLD."decisions_upheld", OLD."decisions_uphold_rate", OLD."evidence", OLD."id", OLD."investigations", OLD."is_current", OLD."letter_date", OLD."original", OLD."original_filename", OLD."overview_assessed_and_closed", OLD."overview_dealt_with", OLD."overview_investigated", OLD."overview_not_for_us", OLD."parser_version", OLD."period_end", OLD."period_start", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."remedied_by_authority", OLD."remedied_by_ombudsman", OLD."remedies", OLD."remedy_average_percent", OLD."remedy_basis", OLD."remedy_percent", OLD."sha256", OLD."upheld_average_per_100k", OLD."upheld_average_percent", OLD."upheld_count", OLD."upheld_per_100k", OLD."upheld_percent", OLD."uploaded_at", OLD."uploaded_by_id", OLD."warnings", OLD."withdrawn_at", OLD."withdrawn_by_id", OLD."withdrawn_reason"); RETURN NULL;', hash='b42d9e1b5b726da9854ccfa53359170e6703b4f8', operation='DELETE', pgid='pgtrigger_delete_delete_d6420', table='letters_annualletter', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='annualletter',
            constraint=models.CheckConstraint(condition=models.Q(('withdrawn_at__isnull', True), ('is_current', False), _connector='OR'), name='letter_withdrawn_is_not_current'),
        ),
        migrations.AddConstraint(
            model_name='annualletter',
            constraint=models.CheckConstraint(condition=models.Q(('withdrawn_at__isnull', True), models.Q(('withdrawn_reason', ''), _negated=True), _connector='OR'), name='letter_withdrawn_with_a_reason'),
        ),
    ]

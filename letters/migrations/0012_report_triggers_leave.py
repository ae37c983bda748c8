"""Councils' reports move to their own app (reports): their history triggers are named from
the app's label, so the old ones go here and reports' first migration installs the same
triggers under the new names. The tables stay."""

import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("letters", "0011_report_history")]

    operations = [
        pgtrigger.migrations.RemoveTrigger(model_name=model, name=name)
        for model in ("councilreport", "councilreportyear")
        for name in ("insert_insert", "update_update", "delete_delete")
    ]

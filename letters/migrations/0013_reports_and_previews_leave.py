"""Councils' reports (with their history) now belong to the reports app and upload previews
to the documents app. Their tables, rows and history stay where they are: only Django's
state changes here, and the content types (so every permission granted on them, and every
admin log entry) move with them."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = {
    "reports": ["councilreport", "councilreportyear", "councilreportevent", "councilreportyearevent"],
    "documents": ["uploadpreview"],
}


def move_content_types(apps, schema_editor, *, backwards=False):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for app, models_ in MOVED.items():
        old_app, new_app = ("letters", app) if not backwards else (app, "letters")
        for model in models_:
            old = ContentType.objects.filter(app_label=old_app, model=model).first()
            if old is None:
                continue
            new = ContentType.objects.filter(app_label=new_app, model=model).first()
            if new is not None:  # created meanwhile (e.g. by create_permissions): merge
                Permission.objects.filter(content_type=new).delete()
                new.delete()
            old.app_label = new_app
            old.save(update_fields=["app_label"])


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0012_report_triggers_leave"),
        ("reports", "0001_initial"),
        ("documents", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="servicecomplaintstats",
                    name="report",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="The council's report the figures came from, for the council's own figures.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="service_stats",
                        to="reports.councilreport",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicecomplaintstatsevent",
                    name="report",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The council's report the figures came from, for the council's own figures.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="reports.councilreport",
                    ),
                ),
                migrations.DeleteModel(name="UploadPreview"),
                migrations.DeleteModel(name="CouncilReportYearEvent"),
                migrations.DeleteModel(name="CouncilReportEvent"),
                migrations.DeleteModel(name="CouncilReportYear"),
                migrations.DeleteModel(name="CouncilReport"),
            ]
        ),
        migrations.RunPython(move_content_types, move_back),
    ]

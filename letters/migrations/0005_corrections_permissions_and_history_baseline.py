"""Data admins may see corrections (they are made through the letter admin, never edited
directly); rows that existed before history was kept get a 'snapshot' event, so the first
change to each has an old value to show and to revert to."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DATA_ADMINS = "Data admins"

# (app, table, event table) for every tracked model.
TRACKED = [
    ("councils", "Council", "CouncilEvent"),
    ("councils", "CouncilName", "CouncilNameEvent"),
    ("letters", "AnnualLetter", "AnnualLetterEvent"),
    ("letters", "ServiceComplaintStats", "ServiceComplaintStatsEvent"),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins = Group.objects.filter(name=DATA_ADMINS).first()
    if admins is not None:
        admins.permissions.add(
            Permission.objects.get(content_type__app_label="letters", codename="view_correction")
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins = Group.objects.filter(name=DATA_ADMINS).first()
    if admins is not None:
        admins.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="letters", codename="view_correction"
            )
        )


def snapshot_sql(apps, app_label: str, model_name: str, event_model_name: str) -> str:
    model = apps.get_model(app_label, model_name)
    event_model = apps.get_model(app_label, event_model_name)
    model_columns = {f.column for f in model._meta.concrete_fields}
    columns = [
        f.column
        for f in event_model._meta.concrete_fields
        if not f.name.startswith("pgh_") and f.column in model_columns
    ]
    quoted = ", ".join(f'"{c}"' for c in columns)
    return (
        f'INSERT INTO "{event_model._meta.db_table}" '
        f"({quoted}, pgh_created_at, pgh_label, pgh_obj_id) "
        f"SELECT {quoted}, NOW(), 'snapshot', \"id\" FROM \"{model._meta.db_table}\" t "
        f'WHERE NOT EXISTS (SELECT 1 FROM "{event_model._meta.db_table}" e '
        f"WHERE e.pgh_obj_id = t.id)"
    )


def baseline(apps, schema_editor):
    for app_label, model_name, event_model_name in TRACKED:
        schema_editor.execute(snapshot_sql(apps, app_label, model_name, event_model_name))


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0004_history_and_corrections"),
        ("letters", "0003_user_groups"),
        ("councils", "0004_history"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(baseline, migrations.RunPython.noop),
    ]

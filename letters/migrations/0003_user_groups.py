"""The two groups of people who write data, with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COUNCIL_OFFICERS = "Council officers"
DATA_ADMINS = "Data admins"

OFFICER_PERMISSIONS = [("letters", "add_annualletter"), ("letters", "view_annualletter")]
ADMIN_MODELS = {
    "letters": ["annualletter", "servicecomplaintstats", "uploadpreview"],
    "councils": ["council", "councilname"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; we need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    officers, _ = Group.objects.get_or_create(name=COUNCIL_OFFICERS)
    officers.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in OFFICER_PERMISSIONS
        ]
    )

    admins, _ = Group.objects.get_or_create(name=DATA_ADMINS)
    admin_permissions = list(
        Permission.objects.filter(
            content_type__app_label="letters", codename="upload_for_any_council"
        )
    )
    for app, models in ADMIN_MODELS.items():
        admin_permissions += Permission.objects.filter(
            content_type__app_label=app, content_type__model__in=models
        )
    admins.permissions.set(admin_permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[COUNCIL_OFFICERS, DATA_ADMINS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_alter_annualletter_options_uploadpreview"),
        ("councils", "0003_council_officers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

"""Data admins look after councils' own reports as they do letters."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["councilreport", "councilreportyear"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins = Group.objects.filter(name="Data admins").first()
    if admins is not None:
        admins.permissions.add(
            *Permission.objects.filter(content_type__app_label="letters", content_type__model__in=MODELS)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins = Group.objects.filter(name="Data admins").first()
    if admins is not None:
        admins.permissions.remove(
            *Permission.objects.filter(content_type__app_label="letters", content_type__model__in=MODELS)
        )


class Migration(migrations.Migration):
    dependencies = [("letters", "0008_stored_document_base")]

    operations = [migrations.RunPython(grant, revoke)]

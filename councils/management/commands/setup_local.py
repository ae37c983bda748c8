import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from councils.models import Council


class Command(BaseCommand):
    help = (
        "First-run setup for local use (make run): load the council register if it is empty "
        "and create a local admin account, printing its password once. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--register-file", type=Path, default=None)
        parser.add_argument("--admin-username", default="admin")

    def handle(self, *args, register_file=None, admin_username="admin", **options):
        if Council.objects.exists():
            self.stdout.write("Council register already loaded.")
        else:
            source = {"file": register_file} if register_file and register_file.exists() else {}
            try:
                call_command("import_councils", stdout=self.stdout, **source)
            except CommandError as exc:
                self.stdout.write(
                    self.style.WARNING(
                        f"Skipped loading the council register: {exc}\n"
                        "The site runs without it; load it later with "
                        "`python manage.py import_councils --file uk_local_authorities.csv`."
                    )
                )

        User = get_user_model()
        if User.objects.filter(username=admin_username).exists():
            self.stdout.write(f"Local admin account '{admin_username}' already exists.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=admin_username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "Created a local admin account (shown only this once):\n"
                f"    username: {admin_username}\n    password: {password}\n"
                "Sign in at http://127.0.0.1:8000/admin/"
            )
        )

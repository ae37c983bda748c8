from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    """The committee briefing of a council: its figures on A4 and as a Word document."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "briefings"

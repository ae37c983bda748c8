"""Uploads kept for the uploader to check before they are saved."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from councils.models import Council
from letters.models.letters import AnnualLetter


class UploadPreviewQuerySet(models.QuerySet):
    def expired(self):

        return self.filter(expires_at__lte=timezone.now())


class UploadPreview(models.Model):
    """An uploaded file, parsed and waiting for its uploader to confirm or cancel.

    Nothing reaches the letter tables until Confirm; the file's bytes wait here."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upload_previews"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    parsed = models.JSONField(help_text="The parser's result (the JSON contract).")
    extracted_text = models.TextField(blank=True)
    parser_version = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    letter = models.ForeignKey(
        AnnualLetter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set once confirmed.",
    )
    kind = models.CharField(
        max_length=20,
        choices=[("lgsco-letter", "Ombudsman letter"), ("council-report", "Council report")],
        default="lgsco-letter",
    )
    report = models.ForeignKey(
        "CouncilReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set once a council report is confirmed.",
    )

    objects = UploadPreviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview of {self.filename} for {self.council}"

"""What every uploaded original shares (``StoredDocument``), the two kinds of document
(``DocumentKind``), and uploads kept for their uploader to check before they are saved
(``UploadPreview``; its table keeps the name it had in the letters app)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class DocumentKind(models.TextChoices):
    LGSCO_LETTER = "lgsco-letter", "Ombudsman letter"
    COUNCIL_REPORT = "council-report", "Council report"


class StoredDocument(models.Model):
    """What every stored original has: who uploaded which file, when, and what was read
    from it. A newer version for the same council and year becomes the current one."""

    original_filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, unique=True)
    extracted_text = models.TextField(blank=True)
    parser_version = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploaded_%(class)ss",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(
        default=True, help_text="The newest version for this council and period."
    )

    class Meta:
        abstract = True


class UploadPreviewQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(expires_at__lte=timezone.now())


class UploadPreview(models.Model):
    """An uploaded file, parsed and waiting for its uploader to confirm or cancel.

    Nothing reaches the letter or report tables until Confirm; the file's bytes wait here."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upload_previews"
    )
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    parsed = models.JSONField(help_text="The parser's result (the JSON contract).")
    extracted_text = models.TextField(blank=True)
    parser_version = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    kind = models.CharField(
        max_length=20, choices=DocumentKind.choices, default=DocumentKind.LGSCO_LETTER
    )
    # What Confirm saved: the letter or the report (named, not imported: the kinds' apps
    # build on this one).
    letter = models.ForeignKey(
        "letters.AnnualLetter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set once confirmed.",
    )
    report = models.ForeignKey(
        "reports.CouncilReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set once a council report is confirmed.",
    )

    objects = UploadPreviewQuerySet.as_manager()

    class Meta:
        db_table = "letters_uploadpreview"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview of {self.filename} for {self.council}"

    @property
    def saved(self):
        """The letter or report Confirm saved, or None."""
        return self.letter or self.report

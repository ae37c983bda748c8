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


class UploadStatus(models.TextChoices):
    READING = "reading", "Being read"
    READY = "ready", "Ready to check"
    REFUSED = "refused", "Refused"


class UploadPreviewQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(expires_at__lte=timezone.now())

    def unconfirmed(self):
        return self.filter(letter__isnull=True, report__isnull=True)

    def reading(self):
        return self.filter(status=UploadStatus.READING)


class UploadPreview(models.Model):
    """An uploaded file: being read by the queue's worker (``reading``), then waiting for its
    uploader to confirm or cancel (``ready``), or refused with the reason (``refused``).

    Nothing reaches the letter or report tables until Confirm; the file's bytes wait here
    (a refused file's are dropped)."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upload_previews"
    )
    status = models.CharField(
        max_length=10, choices=UploadStatus.choices, default=UploadStatus.READY
    )
    refusal = models.TextField(blank=True, help_text="Why the file was refused, for the uploader.")
    refusal_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status the refusal is shown with."
    )
    task_id = models.CharField(
        max_length=64, blank=True, help_text="The queued task reading the file."
    )
    read_at = models.DateTimeField(null=True, blank=True)
    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        help_text="Known once the file is read.",
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    parsed = models.JSONField(
        default=dict, blank=True, help_text="The parser's result (the JSON contract)."
    )
    extracted_text = models.TextField(blank=True)
    parser_version = models.CharField(max_length=40, blank=True)
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
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ready") | models.Q(council__isnull=False),
                name="upload_preview_ready_names_its_council",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal=""),
                name="upload_preview_refused_says_why",
            ),
        ]

    def __str__(self):
        return f"Preview of {self.filename} for {self.council or 'a council not yet known'}"

    @property
    def reading(self):
        return self.status == UploadStatus.READING

    @property
    def refused(self):
        return self.status == UploadStatus.REFUSED

    @property
    def saved(self):
        """The letter or report Confirm saved, or None."""
        return self.letter or self.report

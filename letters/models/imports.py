"""Files waiting in the queue to be imported (``import_letters --queue``)."""

from django.db import models
from django.utils import timezone


class QueuedImportFile(models.Model):
    """A letter file handed to the queue's workers. Its bytes are kept here, in PostgreSQL,
    so that a worker on another machine can read it; the row is deleted in the transaction
    that saves its letter (or once the file is refused). A row left behind by a stopped
    worker is queued again by the next run of the same import."""

    sha256 = models.CharField(max_length=64, unique=True)
    name = models.TextField(help_text="Where the file came from, as given to import_letters.")
    content = models.BinaryField()
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

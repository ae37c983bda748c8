"""The Ombudsman's letters, their service figures and data admins' corrections.
``original_upload_to`` is named by migrations."""

from letters.models.imports import QueuedImportFile
from letters.models.letters import (
    AnnualLetter,
    AnnualLetterQuerySet,
    Correction,
    ServiceComplaintStats,
    original_upload_to,
)

__all__ = [
    "AnnualLetter",
    "AnnualLetterQuerySet",
    "Correction",
    "QueuedImportFile",
    "ServiceComplaintStats",
    "original_upload_to",
]

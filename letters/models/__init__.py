"""Letters and councils' own reports, one module per kind (the tables keep their names).
``original_upload_to`` and ``report_upload_to`` are named by migrations."""

from letters.models.letters import (
    AnnualLetter,
    AnnualLetterQuerySet,
    Correction,
    ServiceComplaintStats,
    original_upload_to,
)
from letters.models.previews import UploadPreview
from letters.models.reports import CouncilReport, CouncilReportYear, report_upload_to

__all__ = [
    "AnnualLetter",
    "AnnualLetterQuerySet",
    "Correction",
    "CouncilReport",
    "CouncilReportYear",
    "ServiceComplaintStats",
    "UploadPreview",
    "original_upload_to",
    "report_upload_to",
]

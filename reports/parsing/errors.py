"""Messages for refusing a council's own complaints report (or its CSV template).

The error type, ``ReportParseError(message, code)``, is a ``DocumentUnreadable`` like the
letter reader's, so the upload flow handles letters and reports alike. Messages are
constants for callers and tests.
"""

from __future__ import annotations

from documents.errors import (  # noqa: F401 - the same words for every kind of document
    DAMAGED_PDF,
    EMPTY,
    ENCRYPTED,
    IMAGE_NOT_PDF,
    NO_TEXT_LAYER,
    OUT_OF_MEMORY,
    DocumentUnreadable,
)

NOT_A_REPORT_FILE = "The file is not a PDF, a Word document (.docx), a CSV file or plain text"
OMBUDSMAN_LETTER = "This looks like an Ombudsman letter, not a council's own complaints report"
NOT_A_REPORT = "This does not look like a council's annual complaints report"
NO_SERVICE_FIGURES = "No per-service complaint figures could be found in this report"
TOO_LARGE = "The file is too large to be a council's complaints report (limit {limit} MB)"
TOO_MANY_PAGES = "This PDF has too many pages to be a council's complaints report (limit {limit})"
DAMAGED_DOCX = "The Word document is damaged and could not be opened"
REPORT_INTERNAL = "The report could not be read because of an unexpected problem in the reader"
OLD_WORD = (
    "This is an old-style Word document (.doc); please save it as .docx or PDF and upload that"
)

# CSV template
CSV_NOT_TEXT = "The CSV file could not be read as text (save it as CSV, UTF-8)"
CSV_NO_HEADER = "The CSV file has no header row (expected: {columns})"
CSV_UNKNOWN_COLUMNS = "The CSV file has columns the template does not have: {columns}"
CSV_MISSING_COLUMNS = "The CSV file is missing required columns: {columns}"
CSV_NO_ROWS = "The CSV file has a header but no rows of figures"
CSV_BAD_ROWS = "The CSV file has cells that cannot be read: {problems}"
CSV_DUPLICATE_ROWS = "The CSV file has the same service and year more than once: {problems}"
CSV_MANY_COUNCILS = "The CSV file has rows for more than one council: {councils}"


class ReportParseError(DocumentUnreadable):
    """Raised when a file cannot be read as a council's own complaints report."""

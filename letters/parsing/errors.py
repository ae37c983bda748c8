"""The one error type the letter reader raises, and the messages a council officer sees.

Every refusal carries a short machine-readable ``code`` and a plain-English ``message``.
The messages are module constants so that callers and tests can compare against them.
"""

from __future__ import annotations

from documents.errors import (  # noqa: F401 - the same words for every kind of document
    CRASHED,
    DAMAGED_PDF,
    EMPTY,
    ENCRYPTED,
    IMAGE_NOT_PDF,
    NO_TEXT_LAYER,
    OUT_OF_MEMORY,
    TIMEOUT,
    DocumentUnreadable,
)

NOT_A_PDF = "The file is not a PDF"
NOT_TEXT = "The file is not a PDF or a plain-text letter (it looks like binary data)"
TOO_MANY_PAGES = (
    "This PDF has too many pages to be an Ombudsman annual review letter (limit {limit})"
)
TOO_LARGE = "The file is too large to be an Ombudsman annual review letter (limit {limit} MB)"
COUNCIL_REPORT = "This looks like a council's own complaints report, not an Ombudsman letter"
NOT_A_LETTER = (
    "This does not look like a Local Government and Social Care Ombudsman annual review letter"
)
OTHER_OMBUDSMAN = (
    "This letter is from the {name}, not the Local Government and Social Care Ombudsman: "
    "only LGSCO annual review letters about councils in England can be read"
)
NO_UPHELD_STATS = "The upheld-complaints statistics could not be found"
INTERNAL = "The letter could not be read because of an unexpected problem in the reader"


class LetterParseError(DocumentUnreadable):
    """Raised when a file cannot be read as an Ombudsman annual review letter."""

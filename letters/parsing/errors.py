"""The one error type the parser raises, and the messages a council officer sees.

Every refusal carries a short machine-readable ``code`` and a plain-English ``message``.
The messages are module constants so that callers and tests can compare against them.
"""

from __future__ import annotations

EMPTY = "The file is empty"
NOT_A_PDF = "The file is not a PDF"
IMAGE_NOT_PDF = "The file is not a PDF: it is a picture (image file) renamed as a PDF"
NOT_TEXT = "The file is not a PDF or a plain-text letter (it looks like binary data)"
DAMAGED_PDF = "The PDF is damaged and could not be opened"
ENCRYPTED = "This PDF is password-protected; please upload a copy without a password"
NO_TEXT_LAYER = "This PDF has no text layer (a scan?)"
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
TIMEOUT = "Reading this file took too long (over {seconds} seconds), so it was stopped"
OUT_OF_MEMORY = "Reading this file needed too much memory, so it was stopped (is the PDF damaged?)"
CRASHED = "The file could not be read safely (the PDF reader stopped unexpectedly)"
INTERNAL = "The letter could not be read because of an unexpected problem in the reader"


class LetterParseError(Exception):
    """Raised when a file cannot be read as an Ombudsman annual review letter.

    ``str(err)`` and ``err.message`` are a one-line explanation for a council officer;
    ``err.code`` is a stable short identifier (``"empty"``, ``"not_a_pdf"``, ...).
    """

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __reduce__(self):  # picklable across the sandbox's process boundary
        return (self.__class__, (self.message, self.code))

"""Why a file could not be read: the one error type both readers (letters' and reports')
and the sandbox raise, and the refusals worded the same whatever the document.

Pure Python. Every refusal carries a plain-English ``message`` for the person uploading and
a short, stable ``code`` (``"empty"``, ``"timeout"``, ...).
"""

from __future__ import annotations

EMPTY = "The file is empty"
IMAGE_NOT_PDF = "The file is not a PDF: it is a picture (image file) renamed as a PDF"
DAMAGED_PDF = "The PDF is damaged and could not be opened"
ENCRYPTED = "This PDF is password-protected; please upload a copy without a password"
NO_TEXT_LAYER = "This PDF has no text layer (a scan?)"
TIMEOUT = "Reading this file took too long (over {seconds} seconds), so it was stopped"
OUT_OF_MEMORY = "Reading this file needed too much memory, so it was stopped (is the PDF damaged?)"
CRASHED = "The file could not be read safely (the PDF reader stopped unexpectedly)"
INTERNAL = "The file could not be read because of an unexpected problem in the reader"


class DocumentUnreadable(Exception):
    """A file that cannot be read as the document it was taken for.

    ``str(err)`` and ``err.message`` are a one-line explanation for a council officer;
    ``err.code`` is a stable short identifier.
    """

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __reduce__(self):  # picklable across the sandbox's process boundary
        return (self.__class__, (self.message, self.code))

from pathlib import PurePath

from django import forms

from documents.kinds import MAX_UPLOAD_PAGES
from documents.sniffing import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, decode_text

ALLOWED_SUFFIXES = {".pdf", ".txt", ".docx", ".csv"}
TEXT_SUFFIXES = {".txt", ".csv"}
# A letter's statistics or the CSV template are a few kilobytes; a PDF or a Word file may
# be up to MAX_UPLOAD_MB.
MAX_TEXT_MB = 1
MAX_TEXT_BYTES = MAX_TEXT_MB * 1024 * 1024

FILE_EMPTY = "The file is empty."
FILE_MISSING = "Choose a file to upload."
FILE_TOO_LARGE = "The file is {size:.1f} MB; the limit is " + f"{MAX_UPLOAD_MB} MB."
TEXT_TOO_LARGE = "The file is {size:.1f} MB; a {suffix} file may be at most " + f"{MAX_TEXT_MB} MB."
FILE_WRONG_TYPE = (
    "Upload a PDF, a .txt statistics text, a Word (.docx) report or the CSV template; "
    "“{suffix}” files are not accepted."
)
FILE_NOT_DOCX = "This file is named .docx but is not a Word document."
FILE_NOT_PDF = "This file is named .pdf but is not a PDF."
FILE_NOT_TEXT = "This {suffix} file is not plain text."


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label="Letter or report",
        help_text=(
            "The Ombudsman's annual review letter (PDF, or its statistics as a .txt file), or "
            "your council's own annual complaints report (PDF, Word .docx, or the CSV "
            f"template). Up to {MAX_UPLOAD_MB} MB and {MAX_UPLOAD_PAGES} pages; a .txt or .csv "
            "file up to "
            f"{MAX_TEXT_MB} MB."
        ),
        error_messages={"empty": FILE_EMPTY, "required": FILE_MISSING, "invalid": FILE_MISSING},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.txt,.docx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(FILE_EMPTY, code="empty")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                FILE_TOO_LARGE.format(size=upload.size / 1024 / 1024), code="too_large"
            )
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                FILE_WRONG_TYPE.format(suffix=suffix or "(no extension)"), code="type"
            )
        upload.seek(0)
        head = upload.read(1024)
        if suffix == ".pdf" and b"%PDF-" not in head:
            raise forms.ValidationError(FILE_NOT_PDF, code="not_pdf")
        if suffix == ".docx" and not head.startswith(b"PK\x03\x04"):
            raise forms.ValidationError(FILE_NOT_DOCX, code="not_docx")
        if suffix in TEXT_SUFFIXES:
            if upload.size > MAX_TEXT_BYTES:
                raise forms.ValidationError(
                    TEXT_TOO_LARGE.format(size=upload.size / 1024 / 1024, suffix=suffix),
                    code="too_large",
                )
            upload.seek(0)
            # The readers' own rule: UTF-8, UTF-16 with its byte order mark, or cp1252.
            if decode_text(upload.read()) is None:
                raise forms.ValidationError(FILE_NOT_TEXT.format(suffix=suffix), code="not_text")
        upload.seek(0)
        return upload

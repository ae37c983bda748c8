from pathlib import PurePath

from django import forms

from documents.sniffing import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB

ALLOWED_SUFFIXES = {".pdf", ".txt", ".docx", ".csv"}
TEXT_SUFFIXES = {".txt", ".csv"}

FILE_EMPTY = "The file is empty."
FILE_MISSING = "Choose a file to upload."
FILE_TOO_LARGE = "The file is {size:.1f} MB; the limit is " + f"{MAX_UPLOAD_MB} MB."
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
            f"template). Up to {MAX_UPLOAD_MB} MB."
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
            upload.seek(0)
            data = upload.read()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    FILE_NOT_TEXT.format(suffix=suffix), code="not_text"
                ) from None
            if b"\x00" in data:
                raise forms.ValidationError(FILE_NOT_TEXT.format(suffix=suffix), code="not_text")
        upload.seek(0)
        return upload

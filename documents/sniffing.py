"""What a file is, from its first bytes: pictures and archives named .pdf, and whether bytes
are text (in which encoding); and how large a file may be. Pure Python, shared by the upload
form and both readers."""

from __future__ import annotations

# The largest original a person may upload or import (the site's one limit; messages say it
# from here).
MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024

# The most either reader reads (files from other routes, e.g. parse_letter on a big file).
MAX_BYTES = 3 * MAX_UPLOAD_BYTES

IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"BM": "BMP",
    b"RIFF": "WEBP",
}
OTHER_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")


def decode_text(data: bytes) -> str | None:
    """Text of a .txt upload, or None when the bytes are not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(2, len(text) // 200):
        return None
    return text

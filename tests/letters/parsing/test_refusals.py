"""Every refusal gets its own message (constants in letters.parsing.errors)."""

from __future__ import annotations

import os
import random

import pytest

from letters.parsing import LetterParseError, errors, parse_letter
from letters.parsing.pdf import MAX_PAGES
from tests.support.parsing import FIXTURES, require_seeds
from tests.support.paths import SEED_REPORT
from tests.support.pdfs import encrypted_pdf, image_only_pdf, many_pages_pdf, png_bytes, text_to_pdf


def refusal(data: bytes, filename: str) -> LetterParseError:
    with pytest.raises(LetterParseError) as caught:
        parse_letter(data, filename)
    return caught.value


def test_council_own_report_seed_text():
    require_seeds()
    err = refusal(SEED_REPORT.read_bytes(), SEED_REPORT.name)
    assert err.message == errors.COUNCIL_REPORT
    assert err.code == "council_report"


def test_council_own_report_seed_pdf():
    require_seeds()
    pdf = text_to_pdf(SEED_REPORT.read_text(encoding="utf-8"))
    assert refusal(pdf, "report.pdf").message == errors.COUNCIL_REPORT


def test_council_own_report_seed_without_its_title():
    """Recognised by its content too, not only by the title on its first page."""
    require_seeds()
    text = SEED_REPORT.read_text(encoding="utf-8")
    body = text.split("\n", 2)[2].replace("Annual Complaints Report", "report")
    assert refusal(body.encode(), "report.txt").message == errors.COUNCIL_REPORT


def test_fictional_council_report():
    data = (FIXTURES / "refused" / "ambridge-complaints-and-compliments-report.txt").read_bytes()
    assert refusal(data, "report.txt").message == errors.COUNCIL_REPORT


def test_unrelated_letter():
    data = (FIXTURES / "refused" / "unrelated-letter.txt").read_bytes()
    err = refusal(data, "letter.txt")
    assert err.message == errors.NOT_A_LETTER
    assert refusal(text_to_pdf(data.decode()), "letter.pdf").message == errors.NOT_A_LETTER


def test_ombudsman_letter_without_statistics():
    data = (FIXTURES / "refused" / "ombudsman-letter-without-statistics.txt").read_bytes()
    assert refusal(data, "letter.txt").message == errors.NO_UPHELD_STATS
    assert refusal(text_to_pdf(data.decode()), "l.pdf").message == errors.NO_UPHELD_STATS


def test_image_renamed_pdf():
    err = refusal(png_bytes(), "letter.pdf")
    assert err.message == errors.IMAGE_NOT_PDF
    assert err.message.startswith(errors.NOT_A_PDF)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes(seed):
    data = random.Random(seed).randbytes(4096)
    assert refusal(data, "letter.pdf").message == errors.NOT_A_PDF
    assert refusal(data, "upload").message == errors.NOT_TEXT


def test_zip_renamed_pdf():
    assert refusal(b"PK\x03\x04" + os.urandom(100), "letter.pdf").message == errors.NOT_A_PDF


@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n"])
def test_empty_file(data):
    assert refusal(data, "letter.pdf").message == errors.EMPTY


def test_encrypted_pdf():
    err = refusal(encrypted_pdf(), "letter.pdf")
    assert err.message == errors.ENCRYPTED
    assert err.code == "encrypted"


def test_pdf_without_text_layer():
    err = refusal(image_only_pdf(), "scan.pdf")
    assert err.message == errors.NO_TEXT_LAYER == "This PDF has no text layer (a scan?)"


def test_truncated_pdf():
    pdf = text_to_pdf("Annual Review letter")
    assert refusal(pdf[:200], "broken.pdf").message == errors.DAMAGED_PDF


def test_too_many_pages():
    err = refusal(many_pages_pdf(MAX_PAGES + 1), "long.pdf")
    assert err.message == errors.TOO_MANY_PAGES.format(limit=MAX_PAGES)


def test_messages_are_plain_one_line_sentences():
    for name in dir(errors):
        value = getattr(errors, name)
        if name.isupper() and isinstance(value, str):
            assert "\n" not in value
            assert value[0].isupper()
            assert "Traceback" not in value

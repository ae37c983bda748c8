"""Which reader an upload needs (documents.kinds tells a letter from a report), and the
report reader's refusals with their plain-English messages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from documents.errors import DocumentUnreadable
from documents.kinds import COUNCIL_REPORT, LGSCO_LETTER, parse_document
from reports.parsing import ReportParseError, parse_council_report
from reports.parsing import errors as E
from tests.support.docx import text_to_docx
from tests.support.paths import SEED_REPORT, SEEDS, require_shared
from tests.support.pdfs import encrypted_pdf, image_only_pdf, png_bytes, text_to_pdf

REPORT = SEED_REPORT
LETTERS = sorted(SEEDS.glob("lgsco-*.txt"))


def seed(path: Path) -> str:
    return require_shared(path).read_text(encoding="utf-8")


def test_the_seed_letters_are_there():
    """The two tests below run once per letter found: none found is a skip here (a failure
    in CI), never a silent pass."""
    require_shared(SEEDS)
    assert len(LETTERS) >= 4, LETTERS


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_ombudsman_letters_are_read_as_letters(path):
    text = seed(path)
    assert parse_document(text.encode("utf-8"), path.name).KIND == LGSCO_LETTER
    assert parse_document(text_to_pdf(text), path.stem + ".pdf").KIND == LGSCO_LETTER


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_ombudsman_letters_are_refused_as_reports(path):
    with pytest.raises(ReportParseError) as err:
        parse_council_report(seed(path).encode("utf-8"), path.name)
    assert err.value.message == E.OMBUDSMAN_LETTER
    assert err.value.code == "ombudsman_letter"


def test_the_report_is_read_as_a_council_report():
    text = seed(REPORT)
    for data, name in [
        (text.encode("utf-8"), "report.txt"),
        (text_to_pdf(text), "report.pdf"),
        (text_to_docx(text), "report.docx"),
    ]:
        report = parse_document(data, name)
        assert (report.KIND, report.council) == (COUNCIL_REPORT, "Cambridge City Council"), name
    template = b"council,year,service,complaints\nX Council,2019-20,Waste,3\n"
    assert parse_document(template, "figures.csv").KIND == COUNCIL_REPORT


@pytest.mark.parametrize(
    "data,name",
    [
        (b"", "empty.txt"),
        (b"Shopping list: eggs, milk, bread.\nCall the plumber on Tuesday.\n", "notes.txt"),
        (bytes(range(256)) * 20, "noise.bin"),
        (png_bytes(), "photo.pdf"),
        (b"%PDF-1.4 broken", "broken.pdf"),
        (b"PK\x03\x04 not really a zip", "broken.docx"),
    ],
    ids=["empty", "prose", "binary", "png", "broken-pdf", "broken-docx"],
)
def test_junk_is_read_as_neither(data, name):
    with pytest.raises(DocumentUnreadable) as refused:
        parse_document(data, name)
    assert refused.value.code not in {"internal", "crashed"}, refused.value.message


def _refused(data: bytes, name: str) -> ReportParseError:
    with pytest.raises(ReportParseError) as err:
        parse_council_report(data, name)
    return err.value


def test_a_report_without_service_tables_is_refused():
    text = seed(REPORT)
    start = text.index("Service-by-Service Complaint Trends")
    end = text.index("Independent Complaints Investigator (ICI)\n\nDuring")
    err = _refused((text[:start] + text[end:]).encode("utf-8"), "report.txt")
    assert err.message == E.NO_SERVICE_FIGURES
    assert err.message == "No per-service complaint figures could be found in this report"


def test_other_documents_are_refused():
    err = _refused(b"Minutes of the parish meeting.\nApologies were received.\n" * 5, "a.txt")
    assert err.message == E.NOT_A_REPORT


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"   \n", "empty.txt", E.EMPTY),
        (png_bytes(), "report.pdf", E.NOT_A_REPORT_FILE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "report.doc", E.OLD_WORD),
        (b"PK\x03\x04 truncated", "report.docx", E.DAMAGED_DOCX),
        (bytes(range(256)) * 20, "report.bin", E.NOT_A_REPORT_FILE),
    ],
    ids=["empty", "image", "old-word", "damaged-docx", "binary"],
)
def test_unreadable_files(data, name, message):
    assert _refused(data, name).message == message


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert _refused(buffer.getvalue(), "report.docx").message == E.NOT_A_REPORT_FILE


def test_docx_with_a_dtd_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><w:document/>',
        )
    assert _refused(buffer.getvalue(), "report.docx").message == E.DAMAGED_DOCX


def test_pdf_refusals():
    assert _refused(image_only_pdf(), "scan.pdf").message == E.NO_TEXT_LAYER
    assert _refused(encrypted_pdf(), "locked.pdf").message == E.ENCRYPTED

"""``parse_letter``: bytes of a PDF or a text extract in, ``ParsedLetter`` out.

Only ``LetterParseError`` ever escapes: anything unexpected is converted to one. Here the
bytes are told apart (a PDF, text, or something to refuse) and the text is read: refused
when it is not an LGSCO annual review letter with statistics, otherwise filled in by
``figures`` (the statistics), ``tables`` (the 2014-2018 tables) and ``particulars`` (the
council, the letter's date, the reporting period), then checked.
"""

from __future__ import annotations

import re

from documents.sniffing import IMAGE_MAGIC, MAX_BYTES, OTHER_MAGIC, decode_text

from . import errors
from .checks import check
from .errors import LetterParseError
from .figures import apply_tables, read_overview, read_statistics
from .grammar.kinds import (
    COUNCIL_REPORT_MARKERS,
    COUNCIL_REPORT_TITLE,
    LETTER_MARKERS,
    LGSCO,
    LGSCO_FULL,
    OTHER_OMBUDSMAN,
    TABLE_ERA,
)
from .grammar.names import SALUTATION
from .particulars import council_named, read_letter_date, read_period
from .reading import Reading
from .result import ParsedLetter
from .table_cells import title_of
from .tables import TableData, read_rows, read_text_tables
from .text import flatten_with_breaks, normalise

PARSER_VERSION = "2.0.0"
MIN_TEXT_CHARS = 20


def parse_letter(data: bytes, filename: str = "letter") -> ParsedLetter:
    """Read one Ombudsman annual review letter (PDF or text) from ``data``.

    Raises ``LetterParseError`` (and nothing else) with a message for a council officer.
    """
    try:
        return _parse(data, filename or "letter")
    except LetterParseError:
        raise
    except MemoryError:
        raise LetterParseError(errors.OUT_OF_MEMORY, "out_of_memory") from None
    except RecursionError:
        raise LetterParseError(errors.INTERNAL, "internal") from None
    except Exception as exc:  # noqa: BLE001 - the contract: only LetterParseError escapes
        raise LetterParseError(errors.INTERNAL, "internal") from exc


def _parse(data: bytes, filename: str) -> ParsedLetter:
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise LetterParseError(errors.TOO_LARGE.format(limit=MAX_BYTES // 2**20), "too_large")
    if not data.strip():
        raise LetterParseError(errors.EMPTY, "empty")

    if b"%PDF-" in data[:1024]:
        from .pdf import extract

        extracted = extract(data)
        raw = extracted.text
        if len(re.sub(r"\s+", "", raw)) < MIN_TEXT_CHARS:
            raise LetterParseError(errors.NO_TEXT_LAYER, "no_text_layer")
        tables = TableData()
        for grid in extracted.tables:
            read_rows(grid.rows, tables, title=title_of(grid.title), exact=True)
        for layout in extracted.layout_text:
            read_text_tables(normalise(layout), tables, layout_only=True)
        letter = analyse(raw, tables)
        letter.source, letter.pages = "pdf", len(extracted.pages)
        return letter

    looks_pdf = filename.lower().endswith(".pdf")
    for magic in IMAGE_MAGIC:
        if data.startswith(magic):
            raise LetterParseError(errors.IMAGE_NOT_PDF, "not_a_pdf")
    if data.startswith(OTHER_MAGIC):
        raise LetterParseError(errors.NOT_A_PDF, "not_a_pdf")
    text = decode_text(data)
    if text is None:
        if looks_pdf:
            raise LetterParseError(errors.NOT_A_PDF, "not_a_pdf")
        raise LetterParseError(errors.NOT_TEXT, "not_text")
    if not text.strip():
        raise LetterParseError(errors.EMPTY, "empty")
    return analyse(text, None)


# --------------------------------------------------------------------------- analysis


def analyse(raw_text: str, tables: TableData | None) -> ParsedLetter:
    """Read the statistics from extracted text (plus any tables read from the PDF)."""
    text = normalise(raw_text)
    flat, breaks = flatten_with_breaks(text)
    if COUNCIL_REPORT_TITLE.search(flat[:600]):
        raise LetterParseError(errors.COUNCIL_REPORT, "council_report")
    if (other := OTHER_OMBUDSMAN.search(flat)) and not LGSCO_FULL.search(flat):
        name = re.sub(r"^the ", "", other.group(0), flags=re.I)
        raise LetterParseError(errors.OTHER_OMBUDSMAN.format(name=name), "other_ombudsman")

    letter = ParsedLetter(text=text)
    read = Reading(flat, letter, breaks)
    warnings: list[str] = []
    read_statistics(read, warnings)
    read_overview(read)

    if TABLE_ERA.search(flat):
        text_tables = TableData()
        read_text_tables(text, text_tables)
        if tables is None:
            tables = text_tables
        else:
            tables.merge(text_tables)
    if tables is not None:
        apply_tables(tables, read, warnings)

    cu = letter.complaints_upheld
    has_upheld = any(v is not None for v in (cu.percent, cu.upheld, cu.investigations))
    salutation = SALUTATION.search(text)

    def report_score() -> int:  # how much it reads like a council's own report
        return len(COUNCIL_REPORT_MARKERS.findall(flat))

    if not has_upheld:
        if COUNCIL_REPORT_TITLE.search(flat) or (not salutation and report_score() >= 3):
            raise LetterParseError(errors.COUNCIL_REPORT, "council_report")
        if LGSCO.search(flat) and (LETTER_MARKERS.search(flat) or _talks_statistics(flat)):
            raise LetterParseError(errors.NO_UPHELD_STATS, "no_upheld_stats")
        raise LetterParseError(errors.NOT_A_LETTER, "not_a_letter")
    if (
        not salutation
        and tables is None
        and not re.search(r"Statistics are based on", flat, re.I)
        and report_score() >= 6
    ):
        raise LetterParseError(errors.COUNCIL_REPORT, "council_report")

    if named := council_named(text, flat, salutation):
        read.set("council", *named)
    read_letter_date(text, salutation, read)
    read_period(read, warnings)
    _bound_percentages(letter, warnings)
    letter.warnings = warnings + [w for w in check(letter) if w not in warnings]
    return letter


def _talks_statistics(flat: str) -> bool:
    return bool(re.search(r"annual review|complaint statistics|upheld|investigations", flat, re.I))


def _bound_percentages(letter: ParsedLetter, warnings: list[str]) -> None:
    groups = {
        "complaints upheld": letter.complaints_upheld,
        "compliance": letter.compliance,
        "satisfactory remedy": letter.satisfactory_remedy,
    }
    for label, group in groups.items():
        for attr in ("percent", "average_percent"):
            value = getattr(group, attr)
            if value is not None and not 0 <= value <= 100:
                setattr(group, attr, None)
                warnings.append(f"A {label} percentage of {value}% is impossible and was ignored.")
    rate = letter.decisions.uphold_rate
    if rate is not None and not 0 <= rate <= 100:
        letter.decisions.uphold_rate = None
        warnings.append(f"An uphold rate of {rate}% is impossible and was ignored.")

"""``parse_letter``: bytes of a PDF or a text extract in, ``ParsedLetter`` out.

Only ``LetterParseError`` ever escapes: anything unexpected is converted to one.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import errors
from . import grammar as g
from .checks import check
from .errors import LetterParseError
from .result import ParsedLetter
from .tables import TableData, read_rows, read_text_tables
from .text import flatten, normalise, to_count, to_number

PARSER_VERSION = "1.0.0"
MAX_BYTES = 30 * 1024 * 1024
MIN_TEXT_CHARS = 20

_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"BM": "BMP",
    b"RIFF": "WEBP",
}
_OTHER_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")


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
        for rows in extracted.table_rows:
            read_rows(rows, tables, received_context=False)
        for layout in extracted.layout_text:
            read_text_tables(normalise(layout), tables, layout_only=True)
        letter = analyse(raw, tables)
        letter.source, letter.pages = "pdf", len(extracted.pages)
        return letter

    looks_pdf = filename.lower().endswith(".pdf")
    for magic in _IMAGE_MAGIC:
        if data.startswith(magic):
            raise LetterParseError(errors.IMAGE_NOT_PDF, "not_a_pdf")
    if data.startswith(_OTHER_MAGIC):
        raise LetterParseError(errors.NOT_A_PDF, "not_a_pdf")
    text = _decode(data)
    if text is None:
        if looks_pdf:
            raise LetterParseError(errors.NOT_A_PDF, "not_a_pdf")
        raise LetterParseError(errors.NOT_TEXT, "not_text")
    if not text.strip():
        raise LetterParseError(errors.EMPTY, "empty")
    return analyse(text, None)


def _decode(data: bytes) -> str | None:
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


# --------------------------------------------------------------------------- analysis


def analyse(raw_text: str, tables: TableData | None) -> ParsedLetter:
    """Read the statistics from extracted text (plus any tables read from the PDF)."""
    text = normalise(raw_text)
    flat = flatten(text)
    if g.COUNCIL_REPORT_TITLE.search(flat[:600]):
        raise LetterParseError(errors.COUNCIL_REPORT, "council_report")

    letter = ParsedLetter(text=text)
    warnings: list[str] = []
    _statistics(flat, letter, warnings)
    _overview(flat, letter)

    if g.TABLE_ERA.search(flat):
        text_tables = TableData()
        read_text_tables(text, text_tables)
        if tables is None:
            tables = text_tables
        else:
            tables.merge(text_tables)
    if tables is not None:
        _apply_tables(tables, letter, warnings)

    cu = letter.complaints_upheld
    has_upheld = any(v is not None for v in (cu.percent, cu.upheld, cu.investigations))
    salutation = g.SALUTATION.search(text)
    report_score = len(g.COUNCIL_REPORT_MARKERS.findall(flat))
    if not has_upheld:
        if g.COUNCIL_REPORT_TITLE.search(flat) or (report_score >= 3 and not salutation):
            raise LetterParseError(errors.COUNCIL_REPORT, "council_report")
        if g.LGSCO.search(flat) and (g.LETTER_MARKERS.search(flat) or _talks_statistics(flat)):
            raise LetterParseError(errors.NO_UPHELD_STATS, "no_upheld_stats")
        raise LetterParseError(errors.NOT_A_LETTER, "not_a_letter")
    if (
        report_score >= 6
        and not salutation
        and not re.search(r"Statistics are based on", flat, re.I)
        and tables is None
    ):
        raise LetterParseError(errors.COUNCIL_REPORT, "council_report")

    letter.council = _council(text, flat, salutation)
    letter.letter_date = _letter_date(text, salutation)
    letter.period_start, letter.period_end = _period(flat, warnings)
    _bound_percentages(letter, warnings)
    letter.warnings = warnings + [w for w in check(letter) if w not in warnings]
    return letter


def _talks_statistics(flat: str) -> bool:
    return bool(re.search(r"annual review|complaint statistics|upheld|investigations", flat, re.I))


def _pct_value(match: re.Match) -> int | float | None:
    if match.group("v") is None:
        return None  # n/a
    return to_number(match.group("v"))


def _first(patterns, flat):
    found = [m for p in patterns if (m := p.search(flat))]
    return min(found, key=lambda m: m.start()) if found else None


def _statistics(flat: str, letter: ParsedLetter, warnings: list[str]) -> None:
    cu, co, sr = letter.complaints_upheld, letter.compliance, letter.satisfactory_remedy
    anchors: list[tuple[int, str]] = []

    if m := _first(g.UPHELD_PCT, flat):
        cu.percent = _pct_value(m)
        anchors.append((m.start(), "u"))
    elif m := g.UPHELD_NONE.search(flat):
        cu.upheld, cu.investigations = 0, 0
        anchors.append((m.start(), "u"))
    if m := _first(g.COMPLIANCE_PCT, flat):
        co.percent = _pct_value(m)
        anchors.append((m.start(), "c"))
    elif m := g.COMPLIANCE_NONE.search(flat):
        co.outcomes = 0
        anchors.append((m.start(), "c"))
    if m := _first(g.REMEDY_PCT, flat):
        sr.percent = _pct_value(m)
        anchors.append((m.start(), "r"))
    else:
        for m in g.REMEDY_NONE.finditer(flat):
            headings = [h for h in g.SECTION_HEADINGS.finditer(flat, 0, m.start())]
            section = headings[-1].lastgroup if headings else "r"
            if section == "u":
                if cu.upheld is None:
                    cu.upheld = 0
            else:
                sr.remedies, sr.basis = 0, 0
                anchors.append((m.start(), "r"))
                break
    anchors.sort()

    def section_at(pos: int) -> str | None:
        current = None
        for start, kind in anchors:
            if start <= pos:
                current = kind
        return current

    averages: dict[str, int | float | None] = {}
    for m in g.AVERAGE_PCT.finditer(flat):
        kind = section_at(m.start())
        if kind and kind not in averages:
            averages[kind] = _pct_value(m)
    cu.average_percent = averages.get("u")
    co.average_percent = averages.get("c")
    sr.average_percent = averages.get("r")

    for m in g.BASED_ON.finditer(flat):
        n, unit = to_count(m["n"]), m["unit"].lower()
        kind = section_at(m.start())
        if "compliance" in unit or unit == "outcomes":
            if co.outcomes is None or kind == "c":
                co.outcomes = n if co.outcomes is None else co.outcomes
        elif kind == "r" or (kind is None and "upheld" in unit):
            if sr.basis is None:
                sr.basis = n
        elif kind == "u" or kind is None:
            if "investigation" in unit and cu.investigations is None:
                cu.investigations = n
            elif kind is None and cu.investigations is not None and sr.basis is None:
                sr.basis = n

    if cu.upheld is None and (
        m := g.UPHELD_COUNT.search(flat) or g.UPHELD_COUNT_AFTER.search(flat)
    ):
        cu.upheld = to_count(m["n"])
    if sr.remedies is None and (
        m := g.REMEDY_COUNT.search(flat) or g.REMEDY_COUNT_AFTER.search(flat)
    ):
        sr.remedies = to_count(m["n"])
    if m := g.INVESTIGATED_UPHELD.search(flat):
        investigated = to_count(m["i"])
        word = m["u"].lower()
        if word.startswith(("all", "them")):
            upheld = investigated
        elif word.startswith("none"):
            upheld = 0
        elif word == "it":
            upheld = 1 if investigated == 1 else None
        else:
            upheld = to_count(word)
        if cu.investigations is None:
            cu.investigations = investigated
        if cu.upheld is None and upheld is not None:
            cu.upheld = upheld

    last_end = 0
    for m in g.PER_100K.finditer(flat):
        window_start = max(last_end, flat.rfind(". ", 0, m.start()) + 1, m.start() - 140)
        is_average = "average" in flat[window_start : m.start()].lower()
        value = None if m["na"] else to_number(m["n"])
        if m["stray"]:
            warnings.append(
                f"A stray '{m['stray']}' after {m['n'] or m['na']} in an 'upheld decisions per "
                "100,000 residents' figure was ignored."
            )
        if is_average:
            if cu.average_per_100k is None:
                cu.average_per_100k = value
        elif cu.per_100k is None:
            cu.per_100k = value
        last_end = m.end()


def _overview(flat: str, letter: ParsedLetter) -> None:
    ov = letter.overview
    if m := g.OV_DEALT.search(flat):
        ov.dealt_with = to_count(m["n"])
    if m := g.OV_NOT_FOR_US.search(flat):
        ov.not_for_us = to_count(m["n"])
    if m := g.OV_ASSESSED.search(flat):
        ov.assessed_and_closed = to_count(m["n"] or m["m"])
    if m := g.OV_INVESTIGATED.search(flat):
        ov.investigated = to_count(m["n"])
        if letter.complaints_upheld.investigations is None:
            letter.complaints_upheld.investigations = ov.investigated


def _apply_tables(tables: TableData, letter: ParsedLetter, warnings: list[str]) -> None:
    d = letter.decisions
    for key, value in tables.decisions.items():
        if key == "uphold_rate" or isinstance(value, int):
            setattr(d, key, value)
    for key, value in tables.remedied.items():
        if isinstance(value, int):
            setattr(letter.remedied, key, value)
    if letter.compliance.percent is None and "percent" in tables.compliance:
        letter.compliance.percent = tables.compliance["percent"]
    if letter.compliance.outcomes is None and isinstance(tables.compliance.get("outcomes"), int):
        letter.compliance.outcomes = tables.compliance["outcomes"]
    letter.received_by_service = dict(tables.received)
    warnings.extend(w for w in tables.warnings if w not in warnings)

    cu = letter.complaints_upheld
    stated = (cu.upheld, cu.investigations, cu.percent)
    if d.upheld is not None and stated == (None, None, None):
        cu.upheld = d.upheld
        if d.not_upheld is not None:
            cu.investigations = d.not_upheld + d.upheld
        cu.percent = d.uphold_rate


_HEADER_LINES = 40


def _header(text: str, salutation: re.Match | None) -> list[str]:
    head = text[: salutation.start()] if salutation else ""
    return [line.strip() for line in head.split("\n") if line.strip()]


def _council(text: str, flat: str, salutation: re.Match | None) -> str | None:
    if m := g.LOCAL_AUTHORITY_REPORT.search(text):
        name = _clean_council(m["name"], None)
        if name:
            return name
    person = salutation["name"].strip() if salutation else None
    for line in _header(text, salutation)[-_HEADER_LINES:]:
        if "ombudsman" in line.lower():
            continue
        if m := g.COUNCIL_NAME.search(line):
            name = _clean_council(m.group(0), person)
            if name:
                return name
    if not salutation:  # a statistics web page: the council's name is the heading
        lines = [line.strip() for line in text.split("\n") if line.strip()][:6]
        for line in lines:
            if m := g.COUNCIL_NAME.search(line):
                name = _clean_council(m.group(0), None)
                if name:
                    return name
    if m := g.ADJUSTED_FOR.search(flat):
        name = _clean_council(m["name"], None)
        if name and g.COUNCIL_NAME.fullmatch(name):
            return name
    return None


def _clean_council(candidate: str, person: str | None) -> str | None:
    name = re.sub(r"\s+", " ", candidate).strip(" \t,;:.-")
    if person:
        words = [w for w in re.split(r"\s+", person) if w]
        for w in words:
            if name.startswith(w + " "):
                name = name[len(w) + 1 :]
    titles = list(g.TITLES.finditer(name))
    last = titles[-1] if titles else None
    if last is not None and last.end() < len(name):
        tail = name[last.end() :].strip(" ,&")
        if g.COUNCIL_NAME.fullmatch(tail):
            name = tail
    m = g.COUNCIL_NAME.search(name)
    return m.group(0).strip() if m else None


def _letter_date(text: str, salutation: re.Match | None) -> date | None:
    lines = _header(text, salutation)
    for line in lines:
        for m in g.DATE_RE.finditer(line):
            rest = (line[: m.start()] + line[m.end() :]).strip(" \t:,-")
            rest = re.sub(r"^(?:date|dated)\b", "", rest, flags=re.I).strip(" :")
            if len(rest.split()) <= 3 and (day := g.parse_date(m.group(0))):
                return day
    for line in lines:
        for m in g.DATE_RE.finditer(line):
            if day := g.parse_date(m.group(0)):
                return day
    return None


def _period(flat: str, warnings: list[str]) -> tuple[date | None, date | None]:
    end = start = None
    if m := g.PERIOD_END.search(flat):
        end = g.parse_date(m["end"])
    rng = g.PERIOD_RANGE.search(flat)
    if rng:
        r_start, r_end = g.parse_date(rng["start"]), g.parse_date(rng["end"])
        if end is None:
            end = r_end
        if r_end == end:
            start = r_start
        elif r_end is not None:
            warnings.append(
                f"The letter's year ends on {end.isoformat()}, but its statistics cover the "
                f"period to {r_end.isoformat()}."
            )
    if end is not None and start is None:
        start = _year_before(end)
    return start, end


def _year_before(end: date) -> date:
    try:
        anniversary = end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        anniversary = end.replace(year=end.year - 1, day=28)
    return anniversary + timedelta(days=1)


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

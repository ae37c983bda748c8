"""``parse_letter``: bytes of a PDF or a text extract in, ``ParsedLetter`` out.

Only ``LetterParseError`` ever escapes: anything unexpected is converted to one.
"""

from __future__ import annotations

import bisect
import re
from datetime import date, timedelta

from documents.sniffing import IMAGE_MAGIC, MAX_BYTES, OTHER_MAGIC, decode_text

from . import errors
from .checks import check
from .errors import LetterParseError
from .grammar.dates import DATE_RE, PERIOD_END, PERIOD_RANGE, parse_date
from .grammar.key_statistics import (
    AVERAGE_PCT,
    BASED_ON,
    CHART_LABEL,
    COMPLIANCE_NONE,
    COMPLIANCE_PCT,
    INVESTIGATED_UPHELD,
    OV_ASSESSED,
    OV_DEALT,
    OV_INVESTIGATED,
    OV_NOT_FOR_US,
    PER_100K,
    REMEDY_COUNT,
    REMEDY_COUNT_AFTER,
    REMEDY_NONE,
    REMEDY_PCT,
    SECTION_HEADINGS,
    UPHELD_COUNT,
    UPHELD_COUNT_AFTER,
    UPHELD_NONE,
    UPHELD_PCT,
)
from .grammar.kinds import (
    COUNCIL_REPORT_MARKERS,
    COUNCIL_REPORT_TITLE,
    LETTER_MARKERS,
    LGSCO,
    LGSCO_FULL,
    OTHER_OMBUDSMAN,
    TABLE_ERA,
)
from .grammar.names import ADJUSTED_FOR, COUNCIL_NAME, LOCAL_AUTHORITY_REPORT, SALUTATION, TITLES
from .result import ParsedLetter
from .table_cells import title_of
from .tables import TableData, read_rows, read_text_tables
from .text import flatten_with_breaks, normalise, to_count, to_number

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
    read = _Reader(flat, letter, breaks)
    warnings: list[str] = []
    _statistics(read, warnings)
    _overview(read)

    if TABLE_ERA.search(flat):
        text_tables = TableData()
        read_text_tables(text, text_tables)
        if tables is None:
            tables = text_tables
        else:
            tables.merge(text_tables)
    if tables is not None:
        _apply_tables(tables, read, warnings)

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
    _letter_date(text, salutation, read)
    _period(read, warnings)
    _bound_percentages(letter, warnings)
    letter.warnings = warnings + [w for w in check(letter) if w not in warnings]
    return letter


class _Reader:
    """The flattened text and the letter being filled: every figure is set with the words it
    was read from (its evidence)."""

    def __init__(self, flat: str, letter: ParsedLetter, breaks: list[int] | None = None):
        self.flat = flat
        self.letter = letter
        self.breaks = breaks or []  # where a line break may start a sentence

    def set(self, path: str, value, source: re.Match | str) -> None:
        section, _, key = path.rpartition(".")
        target = getattr(self.letter, section) if section else self.letter
        setattr(target, key, value)
        self.letter.evidence[path] = (
            source
            if isinstance(source, str)
            else sentence(self.flat, source.start(), source.end(), self.breaks)
        )

    def has(self, path: str) -> bool:
        section, _, key = path.rpartition(".")
        target = getattr(self.letter, section) if section else self.letter
        return getattr(target, key) is not None


_SENTENCE_END = re.compile(r"[.!?](?=\s|[A-Z]|$)")
_EVIDENCE_REACH = 100  # characters of the sentence kept either side of what was read


def sentence(flat: str, start: int, end: int, breaks: list[int] = ()) -> str:
    """The sentence of ``flat`` around [start, end), as printed; where it runs on (a
    statistics page's lines, a letter's address block, have no full stops), the words
    within a hundred characters of what was read, with "…" for the rest."""
    left = max(0, start - _EVIDENCE_REACH)
    cut_left = left > 0
    for m in _SENTENCE_END.finditer(flat, left, start):
        left, cut_left = m.end(), False
    right = min(len(flat), end + _EVIDENCE_REACH)
    cut_right = right < len(flat)
    if m := _SENTENCE_END.search(flat, end, right):
        right, cut_right = m.end(), False
    i = bisect.bisect_right(breaks, start)  # line breaks that start a sentence
    if i and breaks[i - 1] > left:
        left, cut_left = breaks[i - 1], False
    j = bisect.bisect_left(breaks, end)
    if j < len(breaks) and breaks[j] < right:
        right, cut_right = breaks[j], False
    text = flat[left:right]
    if cut_left and " " in text[: start - left]:
        text = "…" + text[text.index(" ") :]
    if cut_right and " " in text[len(text) - (right - end) :]:
        text = text[: text.rindex(" ")] + " …"
    return text.strip()


def _talks_statistics(flat: str) -> bool:
    return bool(re.search(r"annual review|complaint statistics|upheld|investigations", flat, re.I))


def _pct_value(match: re.Match) -> int | float | None:
    if match.group("v") is None:
        return None  # n/a
    return to_number(match.group("v"))


def _first(patterns, flat):
    found = [m for p in patterns if (m := p.search(flat))]
    return min(found, key=lambda m: m.start()) if found else None


_NATIONAL = re.compile(r"\b(?:across|of) all (?:councils|authorities)|\bnationally\b", re.I)


def _own_figure(patterns, flat: str) -> re.Match | None:
    """The first match of the first pattern that matches, in a sentence about this council
    (not "Across all councils, we upheld 80% of the complaints we investigated")."""
    for pattern in patterns:
        for m in pattern.finditer(flat):
            if not _NATIONAL.search(sentence(flat, m.start(), m.end())):
                return m
    return None


def _statistics(read: _Reader, warnings: list[str]) -> None:
    flat = read.flat
    anchors: list[tuple[int, str]] = []

    if m := _own_figure(UPHELD_PCT, flat):
        read.set("complaints_upheld.percent", _pct_value(m), m)
        anchors.append((m.start(), "u"))
    elif m := UPHELD_NONE.search(flat):
        read.set("complaints_upheld.upheld", 0, m)
        read.set("complaints_upheld.investigations", 0, m)
        anchors.append((m.start(), "u"))
    if m := _first(COMPLIANCE_PCT, flat):
        read.set("compliance.percent", _pct_value(m), m)
        anchors.append((m.start(), "c"))
    elif m := COMPLIANCE_NONE.search(flat):
        read.set("compliance.outcomes", 0, m)
        anchors.append((m.start(), "c"))
    if m := _first(REMEDY_PCT, flat):
        read.set("satisfactory_remedy.percent", _pct_value(m), m)
        anchors.append((m.start(), "r"))
    else:
        for m in REMEDY_NONE.finditer(flat):
            headings = [h for h in SECTION_HEADINGS.finditer(flat, 0, m.start())]
            section = headings[-1].lastgroup if headings else "r"
            if section == "u":
                if not read.has("complaints_upheld.upheld"):
                    read.set("complaints_upheld.upheld", 0, m)
            else:
                read.set("satisfactory_remedy.remedies", 0, m)
                read.set("satisfactory_remedy.basis", 0, m)
                anchors.append((m.start(), "r"))
                break
    anchors.sort()

    def section_at(pos: int) -> str | None:
        current = None
        for start, kind in anchors:
            if start <= pos:
                current = kind
        return current

    average_of = {
        "u": "complaints_upheld.average_percent",
        "c": "compliance.average_percent",
        "r": "satisfactory_remedy.average_percent",
    }
    seen: set[str] = set()
    for m in AVERAGE_PCT.finditer(flat):
        kind = section_at(m.start())
        if kind and kind not in seen:
            seen.add(kind)
            read.set(average_of[kind], _pct_value(m), m)

    for m in BASED_ON.finditer(flat):
        n, unit = to_count(m["n"]), m["unit"].lower()
        kind = section_at(m.start())
        if "compliance" in unit or unit == "outcomes":
            if not read.has("compliance.outcomes"):
                read.set("compliance.outcomes", n, m)
        elif kind == "r" or (kind is None and "upheld" in unit):
            if not read.has("satisfactory_remedy.basis"):
                read.set("satisfactory_remedy.basis", n, m)
        elif kind == "u" or kind is None:
            if "investigation" in unit and not read.has("complaints_upheld.investigations"):
                read.set("complaints_upheld.investigations", n, m)
            elif (
                kind is None
                and read.has("complaints_upheld.investigations")
                and not read.has("satisfactory_remedy.basis")
            ):
                read.set("satisfactory_remedy.basis", n, m)

    if not read.has("complaints_upheld.upheld") and (
        m := UPHELD_COUNT.search(flat) or UPHELD_COUNT_AFTER.search(flat)
    ):
        read.set("complaints_upheld.upheld", to_count(m["n"]), m)
    if not read.has("satisfactory_remedy.remedies") and (
        m := REMEDY_COUNT.search(flat) or REMEDY_COUNT_AFTER.search(flat)
    ):
        read.set("satisfactory_remedy.remedies", to_count(m["n"]), m)
    if m := INVESTIGATED_UPHELD.search(flat):
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
        if not read.has("complaints_upheld.investigations"):
            read.set("complaints_upheld.investigations", investigated, m)
        if not read.has("complaints_upheld.upheld") and upheld is not None:
            read.set("complaints_upheld.upheld", upheld, m)

    last_end = 0
    for m in PER_100K.finditer(flat):
        window_start = max(last_end, flat.rfind(". ", 0, m.start()) + 1, m.start() - 140)
        is_average = "average" in flat[window_start : m.start()].lower()
        value = None if m["na"] else to_number(m["n"])
        if m["stray"]:
            warnings.append(
                f"A stray '{m['stray']}' after {m['n'] or m['na']} in an 'upheld decisions per "
                "100,000 residents' figure was ignored."
            )
        path = "complaints_upheld.average_per_100k" if is_average else "complaints_upheld.per_100k"
        if path not in read.letter.evidence:
            read.set(path, value, m)
        last_end = m.end()

    _chart_labels(read, warnings)


_CHARTS = {
    "complaints upheld": ("complaints_upheld", "share of complaints upheld"),
    "compliance": ("compliance", "compliance with recommendations"),
    "satisfactory": ("satisfactory_remedy", "satisfactory remedy"),
}


def _chart_labels(read: _Reader, warnings: list[str]) -> None:
    """A statistics page's chart label ("25% Complaints upheld by X") must agree with its
    sentence; the sentence is what is read."""
    for m in CHART_LABEL.finditer(read.flat):
        what = m["what"].lower()
        section, label = next(v for k, v in _CHARTS.items() if what.startswith(k))
        stated = getattr(read.letter, section).percent
        shown = _pct_value(m)
        if stated is not None and shown is not None and stated != shown:
            warnings.append(
                f"The page's chart shows {shown:g}% for the {label}, but its text says "
                f"{stated:g}%; the text's figure was read."
            )


def _overview(read: _Reader) -> None:
    flat = read.flat
    if m := OV_DEALT.search(flat):
        read.set("overview.dealt_with", to_count(m["n"]), m)
    if m := OV_NOT_FOR_US.search(flat):
        read.set("overview.not_for_us", to_count(m["n"]), m)
    if m := OV_ASSESSED.search(flat):
        read.set("overview.assessed_and_closed", to_count(m["n"] or m["m"]), m)
    if m := OV_INVESTIGATED.search(flat):
        read.set("overview.investigated", to_count(m["n"]), m)
        if not read.has("complaints_upheld.investigations"):
            read.set("complaints_upheld.investigations", read.letter.overview.investigated, m)


def _apply_tables(tables: TableData, read: _Reader, warnings: list[str]) -> None:
    letter = read.letter
    for key, value in tables.decisions.items():
        if key == "uphold_rate" or isinstance(value, int):
            read.set(f"decisions.{key}", value, tables.evidence[f"decisions.{key}"])
    for key, value in tables.remedied.items():
        if isinstance(value, int):
            read.set(f"remedied.{key}", value, tables.evidence[f"remedied.{key}"])
    for key in ("percent", "outcomes"):
        value = tables.compliance.get(key)
        wanted = value is not None if key == "percent" else isinstance(value, int)
        if wanted and not read.has(f"compliance.{key}"):
            read.set(f"compliance.{key}", value, tables.evidence[f"compliance.{key}"])
    letter.received_by_service = dict(tables.received)
    for name in tables.received:
        letter.evidence[f"received_by_service.{name}"] = tables.evidence[f"received.{name}"]
    warnings.extend(w for w in tables.warnings if w not in warnings)

    cu, d, ev = letter.complaints_upheld, letter.decisions, letter.evidence
    stated = (cu.upheld, cu.investigations, cu.percent)
    if d.upheld is not None and stated == (None, None, None):
        read.set("complaints_upheld.upheld", d.upheld, ev["decisions.upheld"])
        if d.not_upheld is not None:
            read.set(
                "complaints_upheld.investigations",
                d.not_upheld + d.upheld,
                f"{ev['decisions.not_upheld']} + {ev['decisions.upheld'].rpartition(' > ')[2]}",
            )
        if d.uphold_rate is not None:
            read.set("complaints_upheld.percent", d.uphold_rate, ev["decisions.uphold_rate"])


_HEADER_LINES = 40


def _header(text: str, salutation: re.Match | None) -> list[str]:
    head = text[: salutation.start()] if salutation else ""
    return [line.strip() for line in head.split("\n") if line.strip()]


def council_named(text: str, flat: str, salutation: re.Match | None) -> tuple[str, str] | None:
    """The council's name as printed, and the line it was read from."""
    if (m := LOCAL_AUTHORITY_REPORT.search(text)) and (name := _clean_council(m["name"], None)):
        return name, m.group(0).strip()
    person = salutation["name"].strip() if salutation else None
    for line in _header(text, salutation)[-_HEADER_LINES:]:
        if "ombudsman" in line.lower():
            continue
        if (m := COUNCIL_NAME.search(line)) and (name := _clean_council(m.group(0), person)):
            return name, line
    if not salutation:  # a statistics web page: the council's name is the heading
        lines = [line.strip() for line in text.split("\n") if line.strip()][:6]
        for line in lines:
            if (m := COUNCIL_NAME.search(line)) and (name := _clean_council(m.group(0), None)):
                return name, line
    if m := ADJUSTED_FOR.search(flat):
        name = _clean_council(m["name"], None)
        if name and COUNCIL_NAME.fullmatch(name):
            return name, sentence(flat, m.start(), m.end())
    return None


def _clean_council(candidate: str, person: str | None) -> str | None:
    name = re.sub(r"\s+", " ", candidate).strip(" \t,;:.-")
    if person:
        words = [w for w in re.split(r"\s+", person) if w]
        for w in words:
            if name.startswith(w + " "):
                name = name[len(w) + 1 :]
    titles = list(TITLES.finditer(name))
    last = titles[-1] if titles else None
    if last is not None and last.end() < len(name):
        tail = name[last.end() :].strip(" ,&")
        if COUNCIL_NAME.fullmatch(tail):
            name = tail
    m = COUNCIL_NAME.search(name)
    return m.group(0).strip() if m else None


def _letter_date(text: str, salutation: re.Match | None, read: _Reader) -> None:
    lines = _header(text, salutation)
    for line in lines:
        for m in DATE_RE.finditer(line):
            rest = (line[: m.start()] + line[m.end() :]).strip(" \t:,-")
            rest = re.sub(r"^(?:date|dated)\b", "", rest, flags=re.I).strip(" :")
            if len(rest.split()) <= 3 and (day := parse_date(m.group(0))):
                read.set("letter_date", day, line)
                return
    for line in lines:
        for m in DATE_RE.finditer(line):
            if day := parse_date(m.group(0)):
                read.set("letter_date", day, line)
                return


def _period(read: _Reader, warnings: list[str]) -> None:
    flat = read.flat
    end = start = None
    source = None
    if m := PERIOD_END.search(flat):
        end, source = parse_date(m["end"]), m
    rng = PERIOD_RANGE.search(flat)
    if rng:
        r_start, r_end = parse_date(rng["start"]), parse_date(rng["end"])
        if end is None:
            end, source = r_end, rng
        if r_end == end:
            start = r_start
            read.set("period_start", start, rng)
        elif r_end is not None:
            warnings.append(
                f"The letter's year ends on {end.isoformat()}, but its statistics cover the "
                f"period to {r_end.isoformat()}."
            )
    if end is not None:
        read.set("period_end", end, source)
        if start is None:  # a reporting year: the twelve months to its end
            read.set("period_start", _year_before(end), read.letter.evidence["period_end"])


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

"""Reading the statistics into a letter, era by era: the key statistics' sentences of the
2019-2025 letters and statistics pages (complaints upheld, compliance, satisfactory remedy,
their averages, counts and bases, upheld decisions per 100,000 residents), the statistics
pages' chart labels (checked against the sentences), the 2024-25 overview, and the figures
of the 2014-2018 tables (``tables.TableData``) put into the letter.
"""

from __future__ import annotations

import re

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
from .reading import Reading, sentence
from .tables import TableData
from .text import to_count, to_number


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


def read_statistics(read: Reading, warnings: list[str]) -> None:
    """The key statistics' sentences (2019-2025): each percentage, its average, the counts
    and bases beside it, upheld decisions per 100,000 residents; then the chart labels."""
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


def _chart_labels(read: Reading, warnings: list[str]) -> None:
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


def read_overview(read: Reading) -> None:
    """The 2024-25 overview: complaints dealt with, not for us, assessed and closed,
    investigated."""
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


def apply_tables(tables: TableData, read: Reading, warnings: list[str]) -> None:
    """The figures of the 2014-2018 tables put into the letter (the complaints upheld from
    the "Decisions made" table when no sentence gave them)."""
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

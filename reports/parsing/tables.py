"""The report's tables of figures by year (per service, Ombudsman cases, independent
investigator outcomes, complaints by channel), and matching a name to a service row."""

from __future__ import annotations

import re

from core.periods import label_of
from letters.parsing.text import to_number

from .areas import ombudsman_area
from .reader import FIELD_NAMES, VALUE_TOKEN, ReportReader, format_figure
from .result import ServiceYear

SERVICE_COLUMNS = [
    ("complaints", re.compile(r"^(?:total|total complaints?|complaints? total|all complaints)$")),
    ("stage_2", re.compile(r"^stage (?:2|two)(?: complaints?)?$")),
    (
        "independent_investigator",
        re.compile(
            r"^(?:ici|independent (?:complaints? )?investigator|stage (?:3|three))"
            r"(?: complaints?)?$"
        ),
    ),
    (
        "in_target_percent",
        re.compile(r"^(?:% )?(?:complaints? )?(?:in|within) (?:target|time)(?: %)?$"),
    ),
    ("multi_service", re.compile(r"^multi-? ?service(?: complaints?)?$")),
    ("compliments", re.compile(r"^compliments?(?: received)?$")),
]
PERCENT_FIELDS = {"in_target_percent"}


def read_tables(reader: ReportReader) -> None:
    for headers, rest, rows, _ in reader.year_tables():
        lows = [h.lower() for h in headers]
        columns = _service_columns(lows)
        if columns:
            _read_service_table(reader, columns, rest, rows)
        elif len(lows) == 3 and _mentions_all(lows, r"received|enquir", r"investigated", r"upheld"):
            for year, cells in rows:
                where = "the table of Ombudsman cases by year"
                for name, cell in zip(
                    ("ombudsman", "ombudsman_investigated", "ombudsman_upheld"),
                    cells,
                    strict=True,
                ):
                    reader.observe(year, name, _read_count(reader, cell, year, name), where)
        elif len(lows) == 2 and _mentions_all(
            lows, r"partially upheld", r"(?:wholly|fully)? ?upheld"
        ):
            for year, cells in rows:
                where = "the table of independent investigator outcomes"
                for name, cell in zip(
                    (
                        "independent_investigator_partially_upheld",
                        "independent_investigator_upheld",
                    ),
                    cells,
                    strict=True,
                ):
                    reader.observe(year, name, _read_sum_cell(reader, cell, year, name), where)
        elif lows and all(  # noqa: SIM102
            re.search(
                r"e-?mail|\bweb|online|tele?phone|\bphone|face to face|in person|letter"
                r"|social media|\btext\b|post",
                h,
            )
            for h in lows
        ):
            if all(c.endswith("%") for _, cells in rows for c in cells):
                for year, cells in rows:
                    target = reader.year(year).channels_percent
                    for name, cell in zip(headers, cells, strict=True):
                        target[name] = to_number(cell.rstrip("%").strip())
                    total = sum(v for v in target.values() if v is not None)
                    if abs(total - 100) > len(target) / 2:
                        reader.warn(
                            f"{year}: the shares of complaints by channel add up to "
                            f"{format_figure(total)}%, not 100%"
                        )


def _service_columns(lows: list[str]) -> list[str] | None:
    found = []
    for h in lows:
        name = next((n for n, p in SERVICE_COLUMNS if p.match(h)), None)
        if name is None or name in found:
            return None
        found.append(name)
    if "complaints" not in found or len(found) < 2:
        return None
    return found


def _read_service_table(reader: ReportReader, columns: list[str], rest: list[str], rows) -> None:
    label = rest[-1] if rest else None
    heading = rest[-2] if len(rest) >= 2 else None
    if label and (label_of(label) or VALUE_TOKEN.match(label)):
        label = None
    if heading and not _plausible_heading(heading):
        heading = None
    service = heading or label
    if not service:
        reader.warn("A table of service figures has no service name; it was left out")
        return
    kind = "service"
    if "multi_service" not in columns and re.search(r"multi-? ?service", service, re.I):
        kind = "multi-service"
    area = None if kind != "service" else (ombudsman_area(heading) or None)
    if area is None and kind == "service" and not heading:
        area = ombudsman_area(label)
    for year, cells in rows:
        row = ServiceYear(
            service=service,
            year=year,
            ombudsman_service_area=area,
            table_label=label if label and label != service else None,
            kind=kind,
        )
        for name, cell in zip(columns, cells, strict=True):
            value = _read_service_cell(reader, cell, name, f"{service}, {year}", row)
            setattr(row, name, value)
        reader.report.services.append(row)


def _read_service_cell(reader: ReportReader, cell: str, name: str, where: str, row: ServiceYear):
    """A cell printed ``-`` is a recorded zero (the report's "none"), listed in the row's
    ``printed_as_dash``. A negative count (the ``-8`` compliments cell) or a percentage
    above 100 is stored as ``None`` with a warning, never "corrected"."""
    column = name.replace("_percent", "").replace("_", " ")
    if cell == "-":
        row.printed_as_dash.append(name)
        return 0
    if cell.lower() in ("n/a", "na"):
        return None
    is_pct = cell.endswith("%")
    value = to_number(cell.rstrip("%").strip())
    if value is None:
        reader.warn(f'{where}: {column} printed as "{cell}" could not be read; left blank')
        return None
    if value < 0:
        reader.warn(
            f'{where}: {column} is printed as "{cell}"; a count cannot be negative, '
            "so it was left blank (check the original report)"
        )
        return None
    if name in PERCENT_FIELDS:
        if value > 100:
            reader.warn(f'{where}: {column} printed as "{cell}" is over 100%; left blank')
            return None
        return value
    if is_pct or not isinstance(value, int):
        reader.warn(f'{where}: {column} printed as "{cell}" is not a count; left blank')
        return None
    return value


def _read_count(reader: ReportReader, cell: str, year: str, name: str) -> int | None:
    if cell == "-":
        return 0
    value = to_number(cell)
    if isinstance(value, int) and value >= 0:
        return value
    reader.warn(f'{year}: {FIELD_NAMES.get(name, name)} printed as "{cell}" could not be read')
    return None


def _read_sum_cell(reader: ReportReader, cell: str, year: str, name: str) -> int | None:
    """A count printed as a sum ("2 + 1*"): recorded as the total, with a warning."""
    m = re.fullmatch(r"(\d+)(\*?)\s*\+\s*(\d+)(\*?)", cell)
    if not m:
        return _read_count(reader, cell, year, name)
    total = int(m[1]) + int(m[3])
    note = " (the starred part is explained in a note under the table)" if "*" in cell else ""
    reader.warn(
        f'{year}: {FIELD_NAMES.get(name, name)} is printed as "{cell}"; recorded as {total}{note}'
    )
    return total


def _mentions_all(lows: list[str], *patterns: str) -> bool:
    return all(any(re.search(p, h) for h in lows) for p in patterns)


def _plausible_heading(line: str) -> bool:
    return (
        len(line) <= 90
        and not line.rstrip().endswith((".", ":", ","))
        and not VALUE_TOKEN.match(line)
        and not label_of(line)
        and not re.search(r"\b(?:cases by|resolution themes?|service comments)\b", line, re.I)
    )


def _service_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def match_service(label: str, rows: list[ServiceYear]) -> ServiceYear | None:
    """The one service row whose heading or table label is ``label`` (or, failing that,
    whose heading contains it as whole words); None when there is no single match."""
    key = _service_key(label)
    if not key:
        return None
    tiers = [
        lambda s: key in (_service_key(s.service), _service_key(s.table_label or "")),
        lambda s: re.search(rf"\b{re.escape(key)}\b", _service_key(s.service)) is not None,
        lambda s: (
            re.search(rf"\b{re.escape(key)}\b", _service_key(s.table_label or "")) is not None
        ),
    ]
    for tier in tiers:
        found = {s.service: s for s in rows if tier(s)}
        if len(found) == 1:
            return next(iter(found.values()))
    # 'Waste Services' in prose for a service headed 'Greater Cambridge Shared Waste Service'
    words = [w for w in key.split() if w not in ("services", "service", "and", "the")]
    if words:
        found = {
            s.service: s
            for s in rows
            if all(re.search(rf"\b{re.escape(w)}\b", _service_key(s.service)) for w in words)
        }
        if len(found) == 1:
            return next(iter(found.values()))
    return None

"""Building the reference file (places/data/places.csv) from mySociety's published data.
Pure Python: no Django, so the refresh command, the tests and a shell can all run it.

Sources (both mySociety, CC-BY-4.0):
- the council register, uk_local_authorities.csv: type, county (``county-la``), region,
  population (2020), area (km²), British National Grid x/y and latitude/longitude;
- the la_distance similarity data: councils sharing a boundary (touching_las), rural-urban
  class and deprivation quintile (ruc and imd la_labels).

Both are wrong for county councils (see the similarity data's "Known faults"): the county
codes in the boundary lists are scrambled (Canterbury "touches" Lancashire) and county
coordinates are misplaced (Kent's sit in east London). So only boundaries between two
lower-tier councils are read; a district's county is the register's ``county-la``; a
council's boundary with another council's area is a boundary with that council's county
too (two counties are neighbours when any of their districts are); and a county is placed
at the mean of its current districts' positions.

The similarity data predates April 2023: councils abolished since are read as their
successors (``replaced-by``), so Cumberland borders what Allerdale, Carlisle and Copeland
bordered; the councils created then have no rural-urban class or deprivation quintile.
"""

from __future__ import annotations

import csv
import io
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ENGLISH_TYPES = ("CTY", "NMD", "MD", "UA", "LBO", "CC")  # the Ombudsman's five groups
COUNTY = "CTY"
BEYOND_ENGLAND = {"WPA": "Wales", "SCO": "Scotland"}  # lower-tier councils over the border
RURAL_URBAN = ("Urban", "Urban with rural areas", "Rural", "Sparse and rural")

# The published files, and the names the copies in ../shared/data/la-similarity use.
SIMILARITY_URL = "https://raw.githubusercontent.com/mysociety/la_distance/main/data/outputs/"
SIMILARITY_FILES = {
    "touching": "geographic_distance/touching_las.csv",
    "rural_urban": "ruc/la_labels.csv",
    "deprivation": "imd/la_labels.csv",
}
REGISTER_FILENAME = "uk_local_authorities.csv"

COLUMNS = (
    "code",  # the register's local-authority-code (Council.register_code)
    "name",  # the register's nice-name, for people reading the file
    "type",  # the register's type: CTY, NMD, MD, UA, LBO, CC
    "county",  # a district's county council (code)
    "region",
    "population",  # 2020
    "area",  # km²
    "x",  # British National Grid, metres
    "y",
    "lat",
    "long",
    "position",  # "register", or "centre of N districts" for a county
    "rural_urban",  # one of RURAL_URBAN, or empty
    "deprivation",  # IMD quintile, 1 (most deprived) to 5, or empty
    "neighbours",  # English councils sharing a boundary, |-separated codes
    "nearest",  # where there are none (islands): the three nearest councils' codes
    "beyond",  # councils over the border sharing one: "Flintshire, Wales|..."
)


class SourceUnavailable(Exception):
    """A source could not be read; the message is for the person refreshing the file."""


@dataclass
class Sources:
    """The rows of each published file, as csv.DictReader gives them."""

    register: list[dict[str, str]]
    touching: list[dict[str, str]]
    rural_urban: list[dict[str, str]]
    deprivation: list[dict[str, str]]


# Reading the sources -----------------------------------------------------------------------


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _read(location: str, *, timeout: float = 30) -> str:
    if location.startswith(("https://", "http://")):
        try:
            with urllib.request.urlopen(location, timeout=timeout) as response:  # noqa: S310
                return response.read().decode("utf-8-sig")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise SourceUnavailable(f"Could not download {location} ({reason}).") from exc
    try:
        return Path(location).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SourceUnavailable(f"Could not read {location}: {exc.strerror or exc}.") from exc


def _similarity_location(source: str, key: str) -> str:
    """A similarity file in a folder or at a URL: the published layout
    (``geographic_distance/touching_las.csv``), or the flat names of a copy
    (``geographic_distance_touching_las.csv``, ``ruc_la_labels.csv``)."""
    nested = SIMILARITY_FILES[key]
    if source.startswith(("https://", "http://")):
        return source.rstrip("/") + "/" + nested
    folder = Path(source)
    flat = folder / nested.replace("/", "_")
    return str(flat if flat.exists() else folder / nested)


def read_sources(*, register: str, similarity: str) -> Sources:
    """Every source, from paths or URLs: `register` is uk_local_authorities.csv (or the
    folder holding it), `similarity` the folder or URL holding la_distance's outputs."""
    if not register.startswith(("https://", "http://")) and Path(register).is_dir():
        register = str(Path(register) / REGISTER_FILENAME)
    return Sources(
        register=_rows(_read(register)),
        **{key: _rows(_read(_similarity_location(similarity, key))) for key in SIMILARITY_FILES},
    )


# Building the rows -------------------------------------------------------------------------


def _split(value: str, sep: str) -> list[str]:
    return [part.strip() for part in (value or "").split(sep) if part.strip()]


def _exists_on(row: dict[str, str], on: date) -> bool:
    start, end = row.get("start-date") or "", row.get("end-date") or ""
    return (not start or date.fromisoformat(start) <= on) and (
        not end or date.fromisoformat(end) > on
    )


def _number(value: str) -> float | None:
    return float(value) if value not in ("", None) else None


class _Register:
    """England's councils in the register, which exist on a day, and what became of
    the others."""

    def __init__(self, rows: list[dict[str, str]], on: date):
        self.all = {row["local-authority-code"]: row for row in rows}
        self.english = {
            code: row
            for code, row in self.all.items()
            if row["nation"] == "England" and row["local-authority-type"] in ENGLISH_TYPES
        }
        self.current = {code: row for code, row in self.english.items() if _exists_on(row, on)}

    def type(self, code: str) -> str:
        return self.all[code]["local-authority-type"]

    def is_lower_tier(self, code: str) -> bool:
        return code in self.english and self.type(code) != COUNTY

    def now(self, code: str, seen: frozenset = frozenset()) -> set[str]:
        """The current council(s) a council is now part of: itself, or its successors'."""
        if code in self.current:
            return {code}
        if code in seen or code not in self.all:
            return set()
        return {
            later
            for successor in _split(self.all[code].get("replaced-by", ""), ",")
            for later in self.now(successor, seen | {code})
        }

    def county(self, code: str) -> str | None:
        county = self.current[code].get("county-la") or ""
        return county if county in self.current and self.type(county) == COUNTY else None


def _lower_tier_pairs(sources: Sources, register: _Register) -> set[tuple[str, str]]:
    """Boundaries between two lower-tier English councils, as the councils now are."""
    pairs = set()
    for row in sources.touching:
        code = row["local-authority-code"]
        if not register.is_lower_tier(code):
            continue
        for other in _split(row["overlap"], "|"):
            if not register.is_lower_tier(other):
                continue  # a county (scrambled), a combined authority, outside England
            for a in register.now(code):
                for b in register.now(other):
                    if a != b and register.type(a) != COUNTY and register.type(b) != COUNTY:
                        pairs |= {(a, b), (b, a)}
    return pairs


def neighbours(sources: Sources, register: _Register) -> dict[str, set[str]]:
    """Each current English council's neighbours: lower-tier boundaries, each side's
    county standing for its districts, and every district with its county."""
    found: dict[str, set[str]] = defaultdict(set)

    def areas(code: str) -> set[str]:
        county = register.county(code)
        return {code, county} if county else {code}

    for a, b in _lower_tier_pairs(sources, register):
        for p in areas(a):
            for q in areas(b):
                if p != q:
                    found[p].add(q)
                    found[q].add(p)
    for code in register.current:
        county = register.county(code)
        if county:
            found[code].add(county)
            found[county].add(code)
    return found


def _beyond_england(sources: Sources, register: _Register) -> dict[str, set[str]]:
    """Lower-tier councils in Wales and Scotland that share a boundary with each English one."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in sources.touching:
        code = row["local-authority-code"]
        if not register.is_lower_tier(code):
            continue
        for other in _split(row["overlap"], "|"):
            nation = BEYOND_ENGLAND.get(register.all.get(other, {}).get("local-authority-type"))
            if nation:
                for now in register.now(code):
                    found[now].add(f"{register.all[other]['nice-name']}, {nation}")
    return found


def _nearest(rows: list[dict[str, str]], code: str, count: int = 3) -> list[str]:
    """The `count` lower-tier councils whose centres are nearest this council's."""
    here = next(row for row in rows if row["code"] == code)
    others = [row for row in rows if row["code"] != code and row["type"] != COUNTY]
    return [
        row["code"]
        for row in sorted(
            others,
            key=lambda row: (
                (float(row["x"]) - float(here["x"])) ** 2
                + (float(row["y"]) - float(here["y"])) ** 2
            ),
        )[:count]
    ]


def _labels(rows: list[dict[str, str]]) -> dict[str, str]:
    return {row["local-authority-code"]: row["label"].strip() for row in rows}


def _quintile(label: str) -> str:
    """ "1st IMD quintile" -> "1"."""
    return label[0] if label[:1] in "12345" and label[:1] else ""


def _round(value: float | None, places: int) -> str:
    if value is None:
        return ""
    return str(round(value)) if places == 0 else f"{value:.{places}f}"


def _position(register: _Register, code: str) -> dict[str, str]:
    """Where to put a council: the register's coordinates, or for a county the mean of its
    current districts' (the register's own county coordinates are wrong)."""
    if register.type(code) == COUNTY:
        districts = [
            row for other, row in register.current.items() if register.county(other) == code
        ]
        if districts:
            mean = {
                key: sum(float(row[key]) for row in districts) / len(districts)
                for key in ("x", "y", "lat", "long")
            }
            return {
                "x": _round(mean["x"], 0),
                "y": _round(mean["y"], 0),
                "lat": _round(mean["lat"], 4),
                "long": _round(mean["long"], 4),
                "position": f"centre of {len(districts)} districts",
            }
    row = register.current[code]
    return {
        "x": _round(_number(row["x"]), 0),
        "y": _round(_number(row["y"]), 0),
        "lat": _round(_number(row["lat"]), 4),
        "long": _round(_number(row["long"]), 4),
        "position": "register",
    }


def build(sources: Sources, *, on: date | None = None) -> list[dict[str, str]]:
    """The reference file's rows: one per English council existing on `on` (today)."""
    register = _Register(sources.register, on or date.today())
    found = neighbours(sources, register)
    beyond = _beyond_england(sources, register)
    rural_urban, deprivation = _labels(sources.rural_urban), _labels(sources.deprivation)
    rows = []
    for code, row in sorted(register.current.items()):
        ruc = rural_urban.get(code, "")
        rows.append(
            {
                "code": code,
                "name": row["nice-name"].strip() or row["official-name"].strip(),
                "type": row["local-authority-type"],
                "county": register.county(code) or "",
                "region": row["region"].strip(),
                "population": _round(_number(row["pop-2020"]), 0),
                "area": _round(_number(row["area"]), 0),
                **_position(register, code),
                "rural_urban": ruc if ruc in RURAL_URBAN else "",
                "deprivation": _quintile(deprivation.get(code, "")),
                "neighbours": "|".join(sorted(found.get(code, ()))),
                "nearest": "",
                "beyond": "|".join(sorted(beyond.get(code, ()))),
            }
        )
    for row in rows:  # islands: the nearest councils over the water
        if not row["neighbours"]:
            row["nearest"] = "|".join(_nearest(rows, row["code"]))
    return rows


def problems(rows: list[dict[str, str]]) -> list[str]:
    """What makes a built file unfit to replace the shipped one (a truncated download, a
    changed layout): too few councils, councils without a position, a county with no
    districts, mainland councils without neighbours, many without a class."""
    found = []
    if len(rows) < 250:
        found.append(f"only {len(rows)} councils")
    unplaced = [row["name"] for row in rows if not (row["x"] and row["y"])]
    if unplaced:
        found.append(f"no position for {', '.join(unplaced[:5])}")
    lost = [r["name"] for r in rows if r["type"] == COUNTY and r["position"] == "register"]
    if lost:
        found.append(f"no districts for the counties {', '.join(lost[:5])}")
    alone = [row["name"] for row in rows if not row["neighbours"]]
    if len(alone) > 5:
        found.append(f"{len(alone)} councils without neighbours")
    unclassed = [row["name"] for row in rows if not row["rural_urban"]]
    if len(unclassed) > 0.1 * len(rows):
        found.append(f"{len(unclassed)} councils without a rural-urban class")
    return found


def as_text(rows: Iterable[dict[str, str]]) -> str:
    """The reference file's text: a header, then a row per council, LF line ends."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()

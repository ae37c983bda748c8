"""The reference file shipped with the app (places/data/places.csv, built by places.build
from mySociety's register and similarity data; see places/data/README.md): where each
current English council is, its population, area, rural-urban class and deprivation
quintile, and which councils share a boundary with it. Read once per process; pure Python.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from places.build import COUNTY, RURAL_URBAN

DATA_FILE = Path(__file__).resolve().parent / "data" / "places.csv"


@dataclass(frozen=True)
class Place:
    code: str  # Council.register_code
    name: str
    register_type: str  # CTY, NMD, MD, UA, LBO, CC
    county: str  # a district's county council's code, or ""
    region: str
    population: int | None
    area: int | None  # km²
    x: int  # British National Grid, metres east
    y: int  # metres north
    lat: float
    long: float
    position: str  # "register", or "centre of 12 districts"
    rural_urban: str  # one of RURAL_URBAN, or "" (councils created in 2023)
    deprivation: int | None  # IMD quintile: 1 most deprived, 5 least
    neighbours: tuple[str, ...]  # codes of English councils sharing a boundary
    nearest: tuple[str, ...]  # an island's nearest councils
    beyond: tuple[str, ...]  # "Flintshire, Wales"

    @property
    def is_county(self) -> bool:
        return self.register_type == COUNTY

    @property
    def has_classes(self) -> bool:
        """Whether the similarity data gives it a rural-urban class and deprivation quintile."""
        return bool(self.rural_urban) and self.deprivation is not None

    @property
    def rural_urban_step(self) -> int:
        return RURAL_URBAN.index(self.rural_urban)

    @property
    def deprivation_label(self) -> str:
        """ "3rd most deprived fifth"."""
        if self.deprivation is None:
            return "not known"
        ordinal = {1: "Most", 2: "2nd most", 3: "3rd most", 4: "4th most", 5: "Least"}
        return f"{ordinal[self.deprivation]} deprived fifth"


def _int(value: str) -> int | None:
    return int(value) if value else None


def _codes(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split("|") if part)


def read(path: Path) -> dict[str, Place]:
    """The reference file at `path`, by register code."""
    with Path(path).open(encoding="utf-8", newline="") as source:
        return {
            row["code"]: Place(
                code=row["code"],
                name=row["name"],
                register_type=row["type"],
                county=row["county"],
                region=row["region"],
                population=_int(row["population"]),
                area=_int(row["area"]),
                x=int(row["x"]),
                y=int(row["y"]),
                lat=float(row["lat"]),
                long=float(row["long"]),
                position=row["position"],
                rural_urban=row["rural_urban"],
                deprivation=_int(row["deprivation"]),
                neighbours=_codes(row["neighbours"]),
                nearest=_codes(row["nearest"]),
                beyond=_codes(row["beyond"]),
            )
            for row in csv.DictReader(source)
        }


@functools.cache
def places() -> dict[str, Place]:
    """The shipped reference file, read once per process."""
    return read(DATA_FILE)

"""Which councils are like a council, and how its neighbours relate to it. Pure Python,
over places.reference.Place.

Similar councils: the five of the same Ombudsman type that are nearest in steps, where a
doubling (or halving) of population is one step, each rural-urban class between them one
step and each deprivation quintile one step. Councils created in April 2023 (which the
similarity data predates) have no class or quintile: a pair where either lacks them is
measured on what the register gives every council instead, population, area (a doubling
one step) and region (one step when they differ).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from places.reference import Place

PEER_COUNT = 5

BY_CLASSES = "classes"  # population, rural-urban class, deprivation quintile
BY_REGISTER = "register"  # population, area, region


def _steps(a: int | None, b: int | None) -> float:
    """Doublings between two positive figures (a missing one counts as far)."""
    if not a or not b:
        return 10.0
    return abs(math.log2(a) - math.log2(b))


def basis(a: Place, b: Place) -> str:
    return BY_CLASSES if a.has_classes and b.has_classes else BY_REGISTER


def distance(a: Place, b: Place) -> float:
    """How unlike two councils are, in steps (0 for twins)."""
    if basis(a, b) == BY_CLASSES:
        return (
            _steps(a.population, b.population)
            + abs(a.rural_urban_step - b.rural_urban_step)
            + abs(a.deprivation - b.deprivation)
        )
    return (
        _steps(a.population, b.population)
        + _steps(a.area, b.area)
        + (0 if a.region == b.region else 1)
    )


def similar(subject: Place, candidates: Iterable[Place], count: int = PEER_COUNT) -> list[Place]:
    """The `count` candidates most like `subject` (nearest first; ties by population, then
    name). The caller passes councils of the subject's type that exist."""
    others = [c for c in candidates if c.code != subject.code]
    return sorted(
        others,
        key=lambda c: (
            round(distance(subject, c), 9),
            _steps(subject.population, c.population),
            c.name,
        ),
    )[:count]


COUNTY = "county"  # the district's county council
DISTRICT = "district"  # one of the county's districts
BOUNDARY = "boundary"  # any other council sharing a boundary


def relation(subject: Place, other: Place) -> str:
    """How a neighbour relates to a council: its county, one of its districts, or another
    council sharing a boundary with it."""
    if subject.county and subject.county == other.code:
        return COUNTY
    if other.county and other.county == subject.code:
        return DISTRICT
    return BOUNDARY

"""Map a council's own service names to the Ombudsman's service areas, only where clear.

A name maps to an area when it matches exactly one area's keywords; a name matching none
(e.g. "Customer Services", "Commercial Services", "Community Services": they span several
Ombudsman areas) or more than one maps to ``None``, never to a guess.
"""

from __future__ import annotations

import re

_AREA_KEYWORDS: list[tuple[str, re.Pattern]] = [
    ("Adult Care Services", re.compile(r"\badult|social care\b|\bcare homes?\b", re.I)),
    (
        "Benefits and Tax",
        re.compile(r"\brevenues?\b|\bbenefits?\b|council tax|business rates", re.I),
    ),
    (
        "Corporate and Other Services",
        re.compile(
            r"\bcorporate\b|human resources|\blegal\b|\bfinance\b|property services"
            r"|electoral|democratic services",
            re.I,
        ),
    ),
    (
        "Education and Children's Services",
        re.compile(r"\beducation\b|\bchildren|\bschools?\b|\bSEND\b", re.I),
    ),
    (
        "Environment Services",
        re.compile(
            r"\bwaste\b|\brefuse\b|recycling|environmental (?:health|services)"
            r"|streets? (?:&|and) open spaces|street cleaning|pest control|public protection",
            re.I,
        ),
    ),
    ("Highways and Transport", re.compile(r"highways?|\btransport\b|\bparking\b", re.I)),
    ("Housing", re.compile(r"\bhousing\b|\bhomelessness\b|\btenancy\b", re.I)),
    ("Planning and Development", re.compile(r"\bplanning\b|building control", re.I)),
]


def ombudsman_area(name: str | None) -> str | None:
    """The Ombudsman's service area for a council's service name, or None if not clear."""
    if not name:
        return None
    found = {area for area, pattern in _AREA_KEYWORDS if pattern.search(name)}
    # "Environmental Services & Public Protection & Regulation" is the Ombudsman's own name
    # for its environment area; "Planning & Development", "Corporate & Other Services" too.
    if len(found) == 1:
        return found.pop()
    return None

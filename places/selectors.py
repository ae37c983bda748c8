"""Read-side queries of the places pages: which councils exist (joined to the reference
file by register code), a council's similar and neighbouring councils, the letters of
councils compared, and the map's councils and figures. Each is one query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Q

from councils.measures import MEASURES, Measure
from councils.models import Council
from letters.models import AnnualLetter
from places import similarity
from places.reference import Place, places

COUNCIL_FIELDS = (
    "pk",
    "official_name",
    "short_name",
    "slug",
    "register_code",
    "authority_type",
    "population",
    "start_date",
    "end_date",
)


@dataclass(frozen=True)
class Placed:
    """A council with its row of the reference file."""

    council: Council
    place: Place


@dataclass
class CouncilPlaces:
    """What the council page's two cards show."""

    subject: Place
    peers: list[Placed]
    county: list[Placed] = field(default_factory=list)  # a district's county
    districts: list[Placed] = field(default_factory=list)  # a county's districts
    boundary: list[Placed] = field(default_factory=list)  # every other neighbour
    nearest: list[Placed] = field(default_factory=list)  # an island's nearest councils
    peer_basis: str = similarity.BY_CLASSES

    @property
    def neighbours(self) -> list[Placed]:
        return [*self.county, *self.districts, *self.boundary]


def council_places(council: Council) -> CouncilPlaces | None:
    """A current council's five similar councils and its neighbours (one query), or None
    for a council that is abolished or not in the reference file."""
    reference = places()
    subject = reference.get(council.register_code)
    if subject is None or not council.exists_on(date.today()):
        return None
    wanted = {*subject.neighbours, *subject.nearest}
    existing = {
        c.register_code: c
        for c in Council.objects.current()
        .filter(Q(authority_type=council.authority_type) | Q(register_code__in=wanted))
        .exclude(pk=council.pk)
        .only(*COUNCIL_FIELDS)
        if c.register_code in reference
    }
    candidates = [
        reference[code]
        for code, c in existing.items()
        if c.authority_type == council.authority_type
    ]
    peers = similarity.similar(subject, candidates)
    found = CouncilPlaces(
        subject=subject,
        peers=[Placed(existing[p.code], p) for p in peers],
        peer_basis=(similarity.BY_CLASSES if subject.has_classes else similarity.BY_REGISTER),
    )
    neighbours = sorted(
        (Placed(existing[c], reference[c]) for c in subject.neighbours if c in existing),
        key=lambda placed: placed.council.short_name,
    )
    groups = {
        similarity.COUNTY: found.county,
        similarity.DISTRICT: found.districts,
        similarity.BOUNDARY: found.boundary,
    }
    for placed in neighbours:
        groups[similarity.relation(subject, placed.place)].append(placed)
    found.nearest = [
        Placed(existing[code], reference[code]) for code in subject.nearest if code in existing
    ]
    return found


# The comparison of any councils ------------------------------------------------------------


def councils_by_slug(slugs: Iterable[str]) -> dict[str, Council]:
    """The councils with these addresses (any, current or abolished), by slug."""
    return {c.slug: c for c in Council.objects.filter(slug__in=list(slugs)).only(*COUNCIL_FIELDS)}


LETTER_VALUES = (
    "council_id",
    "year",
    "period_end",
    *{
        name
        for measure in MEASURES
        for name in (measure.rate, measure.numerator, measure.base, measure.stated_average)
        if name
    },
)


def letters_of(councils: Iterable[Council]) -> list[dict]:
    """The current letters of these councils with every measure's figure, counts and
    stated average, newest year first."""
    return list(
        AnnualLetter.objects.current()
        .with_figures()
        .filter(council__in=[c.pk for c in councils])
        .order_by("-period_end", "council_id")
        .values(*sorted(LETTER_VALUES))
    )


def comparison_choices() -> list[tuple[str, str]]:
    """(slug, name) of every current council, for the comparison's "add a council"."""
    return list(Council.objects.current().order_by("short_name").values_list("slug", "short_name"))


# The map ------------------------------------------------------------------------------------


class Listed(NamedTuple):
    """What the map needs of a council (lighter than a model instance, for 300 of them)."""

    pk: int
    slug: str
    short_name: str
    register_code: str
    authority_type: str


def current_councils() -> list[Listed]:
    """Every current council, in name order."""
    return [
        Listed(*row)
        for row in Council.objects.current().order_by("short_name").values_list(*Listed._fields)
    ]


def letters_in(year: int, measure: Measure) -> dict[int, dict]:
    """The current letters ending in `year`, by council id, with one measure's figure, its
    counts and the average the letter states."""
    names = [n for n in (measure.rate, measure.numerator, measure.base) if n]
    return {
        row["council_id"]: row
        for row in AnnualLetter.objects.current()
        .with_figures()
        .filter(period_end__year=year)
        .values("council_id", measure.stated_average, *names)
    }

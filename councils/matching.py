"""Map the many ways a letter names a council to one council in the register.

"London Borough of Croydon", "Croydon Council" and "Croydon" are one council;
"North Yorkshire County Council" (abolished 2023) and "North Yorkshire Council"
(its successor) are two, told apart by name and, failing that, by date.
"""

from datetime import date

from django.db.models import Q

from councils.models import AuthorityType, Council, CouncilName
from councils.names import core_name, normalise_name

_TYPE_HINTS = (
    ("london borough", AuthorityType.LONDON),
    ("metropolitan", AuthorityType.METROPOLITAN),
    ("county council", AuthorityType.COUNTY),
    ("district council", AuthorityType.DISTRICT),
)


class CouncilNotMatched(Exception):
    """No single council answers to a name; the message says why, for a person."""


def _narrow(candidates: list[Council], normalised: str, on: date | None) -> list[Council]:
    for phrase, authority_type in _TYPE_HINTS:
        if phrase in normalised:
            typed = [c for c in candidates if c.authority_type == authority_type]
            if typed:
                candidates = typed
            break
    if len(candidates) > 1:
        when = on or date.today()
        alive = [c for c in candidates if c.exists_on(when)]
        if alive:
            candidates = alive
    return candidates


class CouncilIndex:
    """Council names in memory, keyed the way matching looks them up."""

    def __init__(self, names):
        self._by_key: dict[str, dict[int, Council]] = {}
        for entry in names:
            for key in (f"n:{entry.normalised}", f"c:{entry.core}"):
                self._by_key.setdefault(key, {})[entry.council_id] = entry.council

    @classmethod
    def load(cls, lookup: Q | None = None) -> "CouncilIndex":
        names = CouncilName.objects.select_related("council")
        return cls(names.filter(lookup) if lookup is not None else names)

    def match(self, name: str, *, on: date | None = None) -> Council:
        """The one council a name refers to, existing on `on` (e.g. a letter's period end)
        where the name alone is ambiguous. Raises CouncilNotMatched otherwise."""
        normalised = normalise_name(name or "")
        if not normalised:
            raise CouncilNotMatched("No council name was given.")
        for key in (f"n:{normalised}", f"c:{core_name(normalised)}"):
            candidates = list(self._by_key.get(key, {}).values())
            if not candidates:
                continue
            candidates = _narrow(candidates, normalised, on)
            if len(candidates) == 1:
                return candidates[0]
            listed = ", ".join(sorted(c.official_name for c in candidates))
            raise CouncilNotMatched(f"“{name}” could mean more than one council: {listed}.")
        raise CouncilNotMatched(f"“{name}” is not a council in the register.")


def match_council(name: str, *, on: date | None = None) -> Council:
    """Match one name, loading only the register entries that could answer to it.
    To match many names, load a CouncilIndex once and call its match()."""
    normalised = normalise_name(name or "")
    lookup = Q(normalised=normalised) | Q(core=core_name(normalised))
    return CouncilIndex.load(lookup if normalised else Q(pk__in=[])).match(name, on=on)

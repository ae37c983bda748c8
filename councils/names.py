"""Council names without their dressing: pure normalisation, no database.

"London Borough of Croydon", "Croydon Council" and "Croydon" share the core name "croydon".
"""

import re
import unicodedata

# Generic words around the place name, longest first so "metropolitan borough
# council" is removed whole rather than leaving "metropolitan borough".
_PREFIXES = (
    "the city and county of the city of ",
    "city and county of ",
    "london borough of ",
    "royal borough of ",
    "metropolitan borough of ",
    "borough of ",
    "city of ",
    "council of the ",
    "the ",
)
_SUFFIXES = (
    " metropolitan borough council",
    " metropolitan district council",
    " metropolitan council",
    " borough council",
    " district council",
    " county council",
    " city council",
    " corporation",
    " council",
    " city",
)


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("&", " and ").replace("\u2019", "").replace("'", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def core_name(normalised: str) -> str:
    """The place name alone: 'london borough of croydon' -> 'croydon'."""
    core = normalised
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if core.startswith(prefix) and len(core) > len(prefix):
                core, changed = core[len(prefix) :], True
        for suffix in _SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix):
                core, changed = core[: -len(suffix)], True
    return core

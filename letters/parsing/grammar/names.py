"""Names in a letter: the council's name as printed ("Borsetshire County Council", "London
Borough of ..."), the officers' titles printed before it, the "Local Authority Report:"
heading and the "Adjusted for X's population" line that name it too, and the salutation
("Dear ...") that ends the letter's address block.
"""

from __future__ import annotations

import re

I = re.I  # noqa: E741 - short alias used in many patterns below

SALUTATION = re.compile(r"^\s*Dear\b[ \t]*(?P<name>[^\n,:]*)", re.M)
SIGN_OFF = re.compile(r"\bYours\s+(?:sincerely|faithfully)\b", I)

# --------------------------------------------------------------------------- council names

_CAP = r"[A-Z][A-Za-z'.&]*(?:-[A-Za-z][A-Za-z']*)*"
_CONN = r"(?:of|and|upon|on|under|the|in|le|by|with|&)"
_WORDS = rf"{_CAP}(?:(?:[ \t]+|,[ \t]+)(?:{_CAP}|{_CONN}))*?"
_NAMED = rf"{_CAP}(?:[ \t]+(?:{_CAP}|{_CONN}))*"
COUNCIL_NAME = re.compile(
    rf"(?:(?:The[ \t]+)?(?:London|Royal)[ \t]+Borough[ \t]+of[ \t]+{_NAMED}"
    rf"|City[ \t]+of[ \t]+London[ \t]+Corporation"
    rf"|(?:The[ \t]+)?Council[ \t]+of[ \t]+the[ \t]+Isles[ \t]+of[ \t]+Scilly"
    rf"|Borough[ \t]+Council[ \t]+of[ \t]+{_NAMED}"
    rf"|{_WORDS}[ \t]+(?:Council|Corporation)"
    rf"|(?:Greater[ \t]+London|{_WORDS}[ \t]+Combined(?:[ \t]+County)?)[ \t]+Authority"
    rf"|City[ \t]+of[ \t]+Westminster|Borough[ \t]+of[ \t]+{_NAMED})\b"
)
TITLES = re.compile(
    r"\b(?:Chief\s+Executive(?:\s+Officer)?|Chief\s+Operating\s+Officer|Interim|Acting|Deputy|"
    r"Joint|Managing\s+Director|Town\s+Clerk|Clerk|Head\s+of\s+Paid\s+Service|"
    r"(?:Corporate|Strategic|Executive|Service)\s+Director|Director(?:\s+of\s+[A-Z][a-z]+)?|"
    r"Monitoring\s+Officer|Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Cllr|Councillor|Prof|Professor)"
    r"\b\.?(?:\s*(?:&|and)\s*)?"
)
LOCAL_AUTHORITY_REPORT = re.compile(
    r"^[ \t]*Local\s+Authority\s+Report\s*[:\-][ \t]*(?P<name>[^\t\n]+)", I | re.M
)
ADJUSTED_FOR = re.compile(r"Adjusted for (?P<name>.{3,80}?)'s? population", I)

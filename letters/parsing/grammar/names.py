"""Names in a letter: the council's name as printed ("Borsetshire County Council", "London
Borough of ..."), the officers' titles printed before it, the "Local Authority Report:"
heading and the "Adjusted for X's population" line that name it too, and the salutation
("Dear ...") that ends the letter's address block.
"""

from __future__ import annotations

import re

I = re.I  # noqa: E741 - short alias used in many patterns below

# Spaces before "Dear" on its own line only ("^\s*" with re.M read every run of blank lines
# to its end from each of its lines). The same "Dear" and name; the match no longer starts
# at the blank lines above it, which the address block drops anyway.
SALUTATION = re.compile(r"^[^\S\n]*Dear\b[ \t]*(?P<name>[^\n,:]*)", re.M)
SIGN_OFF = re.compile(r"\bYours\s+(?:sincerely|faithfully)\b", I)

# --------------------------------------------------------------------------- council names

_CAP = r"[A-Z][A-Za-z'.&]*(?:-[A-Za-z][A-Za-z']*)*"
_CONN = r"(?:of|and|upon|on|under|the|in|le|by|with|&)"
_WORDS = rf"{_CAP}(?:(?:[ \t]+|,[ \t]+)(?:{_CAP}|{_CONN}))*?"
_NAMED = rf"{_CAP}(?:[ \t]+(?:{_CAP}|{_CONN}))*"
_COUNCIL_NAME = re.compile(
    rf"(?:(?:The[ \t]+)?(?:London|Royal)[ \t]+Borough[ \t]+of[ \t]+{_NAMED}"
    rf"|City[ \t]+of[ \t]+London[ \t]+Corporation"
    rf"|(?:The[ \t]+)?Council[ \t]+of[ \t]+the[ \t]+Isles[ \t]+of[ \t]+Scilly"
    rf"|Borough[ \t]+Council[ \t]+of[ \t]+{_NAMED}"
    rf"|{_WORDS}[ \t]+(?:Council|Corporation)"
    rf"|(?:Greater[ \t]+London|{_WORDS}[ \t]+Combined(?:[ \t]+County)?)[ \t]+Authority"
    rf"|City[ \t]+of[ \t]+Westminster|Borough[ \t]+of[ \t]+{_NAMED})\b"
)
# The alternatives that begin with words of their own, not with any run of capitalised words.
_NAMED_FIRST = re.compile(
    rf"(?:(?:The[ \t]+)?(?:London|Royal)[ \t]+Borough[ \t]+of[ \t]+{_NAMED}"
    rf"|City[ \t]+of[ \t]+London[ \t]+Corporation"
    rf"|(?:The[ \t]+)?Council[ \t]+of[ \t]+the[ \t]+Isles[ \t]+of[ \t]+Scilly"
    rf"|Borough[ \t]+Council[ \t]+of[ \t]+{_NAMED}"
    rf"|Greater[ \t]+London[ \t]+Authority"
    rf"|City[ \t]+of[ \t]+Westminster|Borough[ \t]+of[ \t]+{_NAMED})\b"
)
# A run of capitalised words (and joining words) as _WORDS reads it, to its end.
_CHAIN = re.compile(rf"{_CAP}(?:(?:[ \t]+|,[ \t]+)(?:{_CAP}|{_CONN}))*")
_CAPITAL = re.compile(r"[A-Z]")
# The words _NAMED_FIRST's alternatives begin with (and the space after them).
_FIRST_WORD = re.compile(r"(?:The|London|Royal|City|Council|Borough|Greater)[ \t]")
_LONGEST_FIRST_WORD = len("Borough ")


class CouncilNamePattern:
    """``COUNCIL_NAME``: a council's name as printed, found as the pattern ``_COUNCIL_NAME``
    finds it (``search`` gives the same match) in time linear in the text.

    Tried at each capital letter, the pattern reads the run of capitalised words that starts
    there to its end looking for "Council" (or "Corporation", "Combined Authority"): a long
    run without one was read once from each of its words. Where the run from a capital
    fails, so does the run from every later word of it (the same run's tail), and from every
    later capital in the same word (the same word's tail: "[A-Z][A-Za-z'.&]*"). Those are
    then tried only for the alternatives that begin with words of their own (``London
    Borough of ...``, ``City of ...``). One exception: a run whose last word ends in a
    hyphenated part followed by "." or "&" ("Ab-Cd.e"), where "Cd.e" reads further than
    "-Cd" did: that part's first capital is tried in full."""

    pattern = _COUNCIL_NAME.pattern
    flags = _COUNCIL_NAME.flags

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return _COUNCIL_NAME.match(text, pos, len(text) if endpos is None else endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return _COUNCIL_NAME.fullmatch(text, pos, len(text) if endpos is None else endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else min(endpos, len(text))
        read_to = pos  # the runs of words from capitals before this failed...
        retry = -1  # ...except from this one
        at = pos
        while at < end:
            if at < read_to:
                # Only the alternatives that begin with words of their own can match here.
                word = _FIRST_WORD.search(text, at, min(end, read_to + _LONGEST_FIRST_WORD))
                q = word.start() if word and word.start() < read_to else read_to
                if at <= retry <= q:
                    q = retry
                elif q < read_to:
                    if _NAMED_FIRST.match(text, q, end):
                        return _COUNCIL_NAME.match(text, q, end)
                    at = q + 1
                    continue
                else:
                    at = read_to
                    continue
            else:
                capital = _CAPITAL.search(text, at, end)
                if capital is None:
                    return None
                q = capital.start()
            if found := _COUNCIL_NAME.match(text, q, end):
                return found
            chain_end = _CHAIN.match(text, q, end).end()
            read_to = max(read_to, chain_end)
            retry = _hyphen_part_retry(text, q, chain_end, end)
            at = q + 1
        return None


def _hyphen_part_retry(text: str, start: int, chain_end: int, end: int) -> int:
    """The first capital of the run's last hyphenated part when "." or "&" follows it (the
    part a capital inside would read further than the run did), else -1."""
    if chain_end >= end or text[chain_end] not in ".&":
        return -1
    hyphen = text.rfind("-", start, chain_end)
    if hyphen < 0 or not text[hyphen + 1 : chain_end].replace("'", "").isalpha():
        return -1
    capital = _CAPITAL.search(text, hyphen + 1, chain_end)
    return capital.start() if capital else -1


COUNCIL_NAME = CouncilNamePattern()
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

"""A letter being read: its flattened text and the ``ParsedLetter`` being filled
(``Reading``), where every figure is set together with its evidence, the words it was read
from; ``sentence`` finds those words, the sentence around a match as printed (or, where the
text runs on without full stops, the words within a hundred characters of it).
"""

from __future__ import annotations

import bisect
import re

from .result import ParsedLetter


class Reading:
    """The flattened text and the letter being filled: every figure is set with the words it
    was read from (its evidence)."""

    def __init__(self, flat: str, letter: ParsedLetter, breaks: list[int] | None = None):
        self.flat = flat
        self.letter = letter
        self.breaks = breaks or []  # where a line break may start a sentence

    def set(self, path: str, value, source: re.Match | str) -> None:
        section, _, key = path.rpartition(".")
        target = getattr(self.letter, section) if section else self.letter
        setattr(target, key, value)
        self.letter.evidence[path] = (
            source
            if isinstance(source, str)
            else sentence(self.flat, source.start(), source.end(), self.breaks)
        )

    def has(self, path: str) -> bool:
        section, _, key = path.rpartition(".")
        target = getattr(self.letter, section) if section else self.letter
        return getattr(target, key) is not None


_SENTENCE_END = re.compile(r"[.!?](?=\s|[A-Z]|$)")
_EVIDENCE_REACH = 100  # characters of the sentence kept either side of what was read


def sentence(flat: str, start: int, end: int, breaks: list[int] = ()) -> str:
    """The sentence of ``flat`` around [start, end), as printed; where it runs on (a
    statistics page's lines, a letter's address block, have no full stops), the words
    within a hundred characters of what was read, with "…" for the rest."""
    left = max(0, start - _EVIDENCE_REACH)
    cut_left = left > 0
    for m in _SENTENCE_END.finditer(flat, left, start):
        left, cut_left = m.end(), False
    right = min(len(flat), end + _EVIDENCE_REACH)
    cut_right = right < len(flat)
    if m := _SENTENCE_END.search(flat, end, right):
        right, cut_right = m.end(), False
    i = bisect.bisect_right(breaks, start)  # line breaks that start a sentence
    if i and breaks[i - 1] > left:
        left, cut_left = breaks[i - 1], False
    j = bisect.bisect_left(breaks, end)
    if j < len(breaks) and breaks[j] < right:
        right, cut_right = breaks[j], False
    text = flat[left:right]
    if cut_left and " " in text[: start - left]:
        text = "…" + text[text.index(" ") :]
    if cut_right and " " in text[len(text) - (right - end) :]:
        text = text[: text.rindex(" ")] + " …"
    return text.strip()

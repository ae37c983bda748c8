"""Patterns searched only around their anchor words (``Anchored``, made by ``anchored``), and
several patterns searched as one (``AnyOf``): the machinery that lets the wordings of
``grammar`` run over a long letter in a fraction of the time one regex search would take,
always finding what the whole pattern finds.
"""

from __future__ import annotations

import re


class Anchored:
    """A pattern every match of which contains one of ``anchors`` (lower case), starting at
    most ``reach`` characters before it and at most ``span`` characters long. Only the text
    around each anchor is searched: a long letter's prose is skipped by ``str.find``
    instead of the regex engine (the statistics' patterns begin with a number, which the
    engine would try at every position)."""

    __slots__ = ("pattern", "anchors", "reach", "span")

    def __init__(self, pattern: re.Pattern, anchors: tuple[str, ...], reach: int, span: int):
        self.pattern, self.anchors, self.reach, self.span = pattern, anchors, reach, span

    def _windows(self, text: str, pos: int, endpos: int):
        """(start, end) around each anchor, in order and merged where they overlap."""
        low = _lower(text)
        if len(low) != len(text):  # a character whose lower case is longer: no shortcut
            yield pos, endpos
            return
        starts = []
        for anchor in self.anchors:
            i = low.find(anchor, pos, endpos)
            while i >= 0:
                starts.append(i)
                i = low.find(anchor, i + 1, endpos)
        lo = hi = None
        # Slack past the longest match, so that a look-ahead at a match's end sees the text.
        for i in sorted(starts):
            a, b = max(pos, i - self.reach), min(endpos, i + self.span + _SLACK)
            if hi is not None and a <= hi:
                hi = max(hi, b)
                continue
            if hi is not None:
                yield lo, hi
            lo, hi = a, b
        if hi is not None:
            yield lo, hi

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        last = pos
        for lo, hi in self._windows(text, pos, end):
            for m in self.pattern.finditer(text, max(lo, last), hi):
                last = m.end()
                yield m

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)


_SLACK = 40
_lowered: tuple[str, str] = ("", "")  # the last text lowered, and its lower case


def _lower(text: str) -> str:
    """``text.lower()``, once for the many patterns run over the same text (the pair is
    replaced whole, so threads never see one text's lower case for another)."""
    global _lowered
    last = _lowered
    if last[0] is text:
        return last[1]
    pair = (text, text.lower())
    _lowered = pair
    return pair[1]


class AnyOf:
    """Several patterns, each beginning with a literal word (which the engine finds at C
    speed, where one alternation would be tried at every position)."""

    __slots__ = ("patterns",)

    def __init__(self, *patterns: re.Pattern):
        self.patterns = patterns

    def search(self, text: str) -> re.Match | None:
        found = [m for p in self.patterns if (m := p.search(text))]
        return min(found, key=lambda m: m.start()) if found else None


def anchored(pattern: str, flags: int, *anchors: str, reach: int, span: int = 200) -> Anchored:
    return Anchored(re.compile(pattern, flags), anchors, reach, span)

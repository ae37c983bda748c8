"""Text normalisation: make every extraction of a letter look alike before reading it.

``normalise`` keeps line breaks and tabs (tables need them) but removes the noise seen in
real extractions: non-breaking and odd spaces, curly quotes, en/em dashes, ligatures,
markdown-like ``**bold**`` and ``[links](#)``, bullets, and words hyphenated across lines.
``flatten`` then collapses all whitespace so that sentences wrapped over lines read as one.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = dict.fromkeys(
    map(
        ord,
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
        "\u200a\u202f\u205f\u3000",
    ),
    " ",
)
# soft hyphens, zero-width characters, and PDFium's markers for a hyphen at a line end
_DELETE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe\x02"), None)
_QUOTES = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"'),
}
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"
)
_PDFIUM_HYPHEN = re.compile(r"\x02[ \t]*\n[ \t]*")
_TABLE = {**_SPACES, **_DELETE, **_QUOTES, **_DASHES}

_BOLD = re.compile(r"(\*\*|__)(.+?)\1", re.S)
# "[text](address)" and "<www.address>", read in one pass. A link's text runs to the first
# "]" (or the line's end) and its address to the first ")" (or the line's end), whatever
# "[" comes on the way: when one "[" is not a link, none before those ends is, so the
# pattern takes the whole run (without its closing group) and it is put back unchanged.
# (Tried at each "[" instead, a line of "[" read to the line's end from every one of them.)
_LINK = re.compile(r"\[([^\]\n]*)(?:\]\([^)\n]*(\))?)?")
_ANGLE_URL = re.compile(r"<((?:https?://|www\.)[^>\s]*)(>)?")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_BULLET_CHARS = "\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\u25a0\uf0b7\uf0a7\u27a2"
_BULLET = re.compile(rf"[ \t]*(?:[{_BULLET_CHARS}][ \t]+|[o*+-] +)")
_BULLET_START = frozenset(_BULLET_CHARS + "o*+-")
# Starts with its literal hyphen, so the engine skips to each hyphen at C speed.
_HYPHEN_WRAP = re.compile(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z])")


def normalise(text: str) -> str:
    """Return ``text`` with extraction noise removed; lines and tabs are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    if "\x02" in text:  # PDFium's mark of a word hyphenated at a line end: join the word
        text = _PDFIUM_HYPHEN.sub("", text).replace("\x02", "")
    if not text.isascii():  # plain ASCII has nothing to fold
        text = text.translate(_TABLE)
        text = unicodedata.normalize("NFKC", text)
        text = text.translate(_TABLE)  # NFKC can produce new odd spaces; translate is cheap
    # Each markup pattern only where its telltale character is (most letters have none).
    if "<" in text:
        text = strip_angle_urls(text)
    if "](" in text:
        text = strip_links(text)
    if "**" in text or "__" in text:
        text = _BOLD.sub(r"\2", text).replace("**", "")
    if "#" in text:
        text = _HEADING.sub("", text)
    text = _HYPHEN_WRAP.sub("", text)
    return "\n".join(_clean_line(line) for line in text.split("\n"))


def _inner_when_closed(m: re.Match) -> str:
    return m[1] if m[2] else m[0]


def strip_links(text: str) -> str:
    """'[text](address)' -> 'text' (markdown links)."""
    return _LINK.sub(_inner_when_closed, text)


def strip_angle_urls(text: str) -> str:
    """'<www.address>' -> 'www.address'."""
    return _ANGLE_URL.sub(_inner_when_closed, text)


def _clean_line(line: str) -> str:
    """A line without its bullet and trailing spaces (line by line: a regex " +$" over the
    whole text is quadratic on long runs of spaces, and "^" with re.M is tried everywhere)."""
    line = line.rstrip(" ")
    if line.lstrip(" \t")[:1] in _BULLET_START and (bullet := _BULLET.match(line)):
        return line[bullet.end() :]
    return line


def flatten(text: str) -> str:
    """Collapse all whitespace (line breaks and tabs included) to single spaces."""
    return " ".join(text.split())


_SHORT_LINE = 60  # a heading or a statistics page's line, not wrapped prose


def flatten_with_breaks(text: str) -> tuple[str, list[int]]:
    """``flatten(text)``, and the offsets in it where a new sentence may start at a line
    break: a line that begins with a capital or a bullet after a short line, or after one
    that ends a clause. (Wrapped prose, "this is" / "2.7 upheld decisions", runs on.)"""
    words: list[str] = []
    breaks: list[int] = []
    offset = 0
    previous = ""
    for line in text.split("\n"):
        tokens = line.split()
        if not tokens:
            continue
        if previous and _starts_sentence(tokens[0], previous):
            breaks.append(offset)
        words.extend(tokens)
        offset += sum(len(t) for t in tokens) + len(tokens)
        previous = line.strip()
    return " ".join(words), breaks


# A short line ending in one of these words runs on: "this is" / "2.7 upheld decisions".
_RUNS_ON = frozenset(
    {"is", "of", "are", "was", "were", "be", "to", "the", "a", "an", "and", "or", "than", "by"}
    | {"for", "in", "with"}
)


def _starts_sentence(first: str, previous: str) -> bool:
    ends_clause = previous[-1] in ".:;!?" or previous[-1].isdigit()
    short = len(previous) < _SHORT_LINE
    if first[0].isupper() or first[0] in "-•":
        return short or ends_clause
    if first[0].isdigit():  # a figure after a heading ("Complaints upheld" / "79% of ...")
        return short and previous.rsplit(None, 1)[-1].lower() not in _RUNS_ON
    return False


def clean_cell(cell: object) -> str:
    """A table cell as one line of text: wrapped and hyphenated pieces joined."""
    if cell is None:
        return ""
    text = normalise(str(cell))
    return flatten(_CELL_HYPHEN_WRAP.sub(r"\1\2", text))


# Whitespace up to the first line break, then any: "\s*\n\s*" tried every split of a long
# run of line breaks and spaces. Same matches.
_CELL_HYPHEN_WRAP = re.compile(r"([a-z])-[^\S\n]*\n\s*([a-z])")


NUMBER_WORDS = {
    "no": 0, "none": 0, "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip


def to_number(token: str) -> int | float | None:
    """'1,234' -> 1234, '4.5' -> 4.5, '70' -> 70, 'three' -> 3, 'n/a' -> None."""
    token = token.strip().strip("*").strip()
    low = token.lower()
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low]
    token = token.replace(",", "")
    try:
        value = float(token)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if value.is_integer():
        return int(value)
    return value


def to_count(token: str) -> int | None:
    value = to_number(token)
    if isinstance(value, int) and value >= 0:
        return value
    return None

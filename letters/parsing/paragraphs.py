"""What the Ombudsman said: a letter's text in paragraphs, and the standard text every
council receives that year told apart from what the letter says about this council.

Pure Python (no Django), like the rest of the parser. Public API::

    passages(text, council_names=(), letter=True) -> list[Passage]   # one letter or report
    is_specific(passage, seen_in=..., councils_in_year=...) -> bool   # given the year's counts
    separate(passages, seen_in={fingerprint: councils}, councils_in_year=n) -> Separation
    separate_year({key: (text, council_names)}) -> {key: Separation}  # a whole year at once

**Paragraphs.** Text extracts separate paragraphs with blank lines; a PDF's text layer does
not (every line ends the same way). A line ends its paragraph when it ends a sentence and the
next line's first word would have fitted on it (so the writer, not the page width, ended
it), when it is much shorter than the page's lines, or when it is the last of its block.
A short line with no closing punctuation followed by a capital is a heading. A letter's
body runs from the salutation ("Dear ...") to the sign-off ("Yours sincerely"); the address
above it and the signature and statistics below it are kept as asides (for the full text),
never as something the Ombudsman said. A page with no salutation (the Ombudsman's
statistics page) has no such frame: its statistics sentences are asides.

**Standard or specific.** The Ombudsman sends every council the same paragraphs each year,
with its own figures in some of them. A paragraph is compared with other letters of the same
year by its ``fingerprint`` (its words, case and punctuation folded, every figure masked).
It is specific to the council when

1. it names the council (any of the names given, of two words or more) or one of its cases
   (an Ombudsman case reference such as "20 000 721"), whatever else it shares; otherwise
2. it is standard when letters to at least ``MIN_SHARED`` councils that year, and at
   least ``STANDARD_SHARE`` of them, carry it; otherwise
3. it is specific when the year has letters to ``FULL_YEAR`` councils or more (what no one
   else received is this council's own); in a thinner year it is specific only when it
   speaks of this council's cases, reports, compliance or complaint handling
   (``Passage.about_council``), since an unseen paragraph may still be standard text.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .grammar.names import SALUTATION, SIGN_OFF

# What a passage is.
HEADING = "heading"  # a heading printed above paragraphs
BODY = "body"  # a paragraph of what the letter (or report) says
ASIDE = "aside"  # the address, the signature, the statistics: never "what was said"
_OPEN = "open"  # text with no letter frame around it: statistics are asides, the rest body
_ADDRESS = "address"  # down to the salutation, and the signature: a line each

MIN_SHARED = 2  # councils whose letters carry a paragraph before it can be standard...
STANDARD_SHARE = 0.1  # ...and at least this share of the year's councils
FULL_YEAR = 2  # from this many councils a year, a paragraph no one else has is specific

UNWRAPPED = 150  # a line this long was never wrapped at a page width: one line, one paragraph
SHORT_SHARE = 0.6  # a line shorter than this share of the page's lines ends its paragraph
HEADING_MAX = 80
SIGNATURE_LINES = 6  # the signatory's name, title and chair, and blank lines among them

# The topics a paragraph may be about (shown as tags beside what was said).
TOPICS: dict[str, re.Pattern] = {
    "Public interest report": re.compile(r"\bpublic\s+(?:interest\s+)?reports?\b", re.I),
    "Witness summons": re.compile(r"\bwitness\s+summons", re.I),
    "Compliance with recommendations": re.compile(
        r"\bnon-?compliance\b|\b(?:not|failed\s+to|fail\s+to|failure\s+to)\s+comply"
        r"|\bcomplied\b|\bcompliance\b|\brecommendations?\b[^.]{0,60}\b(?:late|not\s+"
        r"(?:completed|implemented)|outstanding|overdue)\b",
        re.I,
    ),
    "Complaint handling": re.compile(
        r"\bcomplaints?[- ]handling\b(?!\s+code)|\bresponses?\s+to\s+(?:our|my)\s+enquiries"
        r"|\blate\s+responses?\b|\bdelay(?:s|ed)?\s+in\s+respond|\bfailed\s+to\s+respond"
        r"|\b(?:answer|answers|answered|respond|responds|responded|reply|replies|replied)\b"
        r"[^.]{0,40}\b(?:our|my)\s+enquiries\b|\breplied\s+late\b",
        re.I,
    ),
    "Complaint Handling Code": re.compile(r"\bComplaint\s+Handling\s+Code\b|\bthe\s+Code\b"),
    "Service improvements": re.compile(
        r"\bservice\s+improvements?\b|\bimprovements?\s+to\s+(?:its|your|the\s+council's)\s+"
        r"services\b",
        re.I,
    ),
}
# This council spoken of, as in "your Council failed", "the Council agreed", "I ask you".
_THIS_COUNCIL = re.compile(
    r"(?i:\byour\s+(?:council|authority|organisation|organization|staff|officers)\b)"
    r"|\bthe\s+(?:Council|Authority)\b|\byou\s+(?:to|have|had|did|were)\b"
    r"|\b(?:contacted|reminded|asked|told|reported\s+to)\s+you\b",
)
# What the Ombudsman observed or asks, in the first person.
_OBSERVED = re.compile(
    r"\b(?:I|we)\s+(?:note|noted|ask|asked|urge|welcome|issued|found|had\s+to|was|were|am"
    r"|are|remain|have\s+(?:seen|had|been))\b|\bit\s+is\s+(?:disappointing|concerning)\b"
    r"|\b(?:concern(?:s|ed)?|disappoint(?:ed|ing)|pleased)\b",
)
# Pointers to the Ombudsman's website and tools, in the standard text.
_SIGNPOST = re.compile(
    r"\byou\s+can\s+(?:find|read|view)\b|\bvisit\s+our\b|\bfind\s+out\s+more\b"
    r"|\binteractive\s+map\b",
    re.I,
)
_SIGNATORY = re.compile(r"\bOmbudsman\b|\bCommission\s+for\s+Local\s+Administration\b", re.I)
_PAGE = re.compile(r"(?:Page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\Z", re.I)
CASE_REFERENCE = re.compile(r"\b\d{2}\s?\d{3}\s?\d{3}\b")
# Statistics sentences of a page with no letter frame (the Ombudsman's statistics page).
_STATISTICS = re.compile(
    r"\d\s?%|per\s+100,?000|\bStatistics\s+are\s+based\s+on\b|\bupheld\s+decisions?\b"
    r"|\bcompliance\s+outcomes?\b|\bremedy\s+decisions?\b|\bcompares\s+to\s+an\s+average\b"
    r"|\bwe\s+(?:dealt\s+with|investigated|assessed\s+and\s+closed)\s+\d",
    re.I,
)
_TERMINAL = ".!?:"
_CLOSERS = "\"')]"
_RUNS_ON = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "of", "on"}
    | {"or", "than", "that", "the", "to", "was", "were", "which", "with", "who"}
)


@dataclass(frozen=True)
class Passage:
    """One paragraph (or heading) of a document's text, in the order printed."""

    number: int  # 1, 2, ...: its place in the text (the anchor "passage-<number>")
    text: str  # its lines joined with single spaces
    role: str  # HEADING, BODY or ASIDE
    heading: str = ""  # the heading it is printed under ("" before the first)
    fingerprint: str = ""  # the same for the same paragraph in another council's letter
    names_council: bool = False  # names the council or one of its cases
    about_council: bool = False  # speaks of this council's cases, reports, compliance...
    topics: tuple[str, ...] = ()  # the TOPICS it touches, in TOPICS' order

    @property
    def is_body(self) -> bool:
        return self.role == BODY


@dataclass(frozen=True)
class Separation:
    """A letter's body paragraphs, told apart."""

    specific: tuple[Passage, ...]  # what the letter says about this council
    standard: tuple[Passage, ...]  # the text every council received that year


# --------------------------------------------------------------------------- paragraphs


def passages(text: str, *, council_names: Iterable[str] = (), letter: bool = True) -> list[Passage]:
    """Every paragraph and heading of ``text`` (a letter's, or with ``letter=False`` a
    council report's, normalised text), numbered in order. ``council_names`` are the names
    the council goes by, so that a paragraph naming it is known for specific."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    width = _page_width(lines)
    names = _names_pattern(council_names)
    regions = _regions(lines) if letter else [(0, len(lines), BODY)]
    running = _running_lines(lines)
    found: list[Passage] = []
    heading = ""
    for start, end, role in regions:
        if role == _ADDRESS:  # the date, the addressee, the salutation: a line each
            found += [
                _passage(len(found) + 1 + i, line, ASIDE, "", names)
                for i, line in enumerate(line for line in lines[start:end] if line)
            ]
            continue
        region = lines[start:end]
        if role == BODY and letter:  # a page's running header or number: not the letter's
            region = [line for line in region if line not in running and not _PAGE.match(line)]
        for paragraph, is_heading in _paragraphs(region, width):
            if is_heading:
                heading = paragraph
                kind = HEADING
            elif role == _OPEN:
                kind = ASIDE if _STATISTICS.search(paragraph) else BODY
            else:
                kind = role
            found.append(_passage(len(found) + 1, paragraph, kind, heading, names))
    return found


def _passage(number: int, text: str, role: str, heading: str, names) -> Passage:
    topics = (
        tuple(topic for topic, pattern in TOPICS.items() if pattern.search(text))
        if role == BODY
        else ()
    )
    names_council = bool(CASE_REFERENCE.search(text) or (names and names.search(text)))
    about = (
        role == BODY
        and (names_council or bool(_THIS_COUNCIL.search(text)))
        and (bool(topics) or bool(_OBSERVED.search(text)))
        and not _SIGNPOST.search(text)
    )
    return Passage(
        number=number,
        text=text,
        role=role,
        heading=heading if role != HEADING else "",
        fingerprint=fingerprint(text),
        names_council=names_council,
        about_council=names_council or about,
        topics=topics,
    )


def fingerprint(text: str) -> str:
    """The paragraph's words, case and punctuation folded and every figure masked: the same
    for the same standard paragraph in every council's letter of a year."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    folded = " ".join("#" if word[0].isdigit() else word for word in words)
    return hashlib.md5(folded.encode("utf-8"), usedforsecurity=False).hexdigest()


def _names_pattern(council_names: Iterable[str]) -> re.Pattern | None:
    """The council's names of two words or more ("Leeds" alone is a city the standard text
    may mention; "Leeds City Council" is the council)."""
    wanted = sorted(
        {" ".join(name.split()) for name in council_names if len(name.split()) >= 2},
        key=len,
        reverse=True,
    )
    if not wanted:
        return None
    alternatives = [r"\s+".join(re.escape(word) for word in name.split()) for name in wanted]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I)


def _regions(lines: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, role) of the address, the body and what follows the sign-off."""
    salutation = next((i for i, line in enumerate(lines) if SALUTATION.match(line)), None)
    if salutation is None:
        return [(0, len(lines), _OPEN)]
    sign_off = next(
        (i for i in range(salutation + 1, len(lines)) if SIGN_OFF.search(lines[i])), None
    )
    if sign_off is None:
        return [(0, salutation + 1, _ADDRESS), (salutation + 1, len(lines), _OPEN)]
    signed = _signature_end(lines, sign_off)
    return [
        (0, salutation + 1, _ADDRESS),
        (salutation + 1, sign_off, BODY),
        (sign_off, signed, _ADDRESS),
        (signed, len(lines), ASIDE),
    ]


def _signature_end(lines: list[str], sign_off: int) -> int:
    """Where the signature under "Yours sincerely" ends: after the last of the next few
    lines that names the Ombudsman or the Commission (the signatory's name is above it),
    else at the first blank line after a name."""
    window = range(sign_off + 1, min(len(lines), sign_off + 1 + SIGNATURE_LINES))
    signed = [i for i in window if _SIGNATORY.search(lines[i])]
    if signed:
        return signed[-1] + 1
    for i in window:
        if not lines[i] and any(lines[sign_off + 1 : i]):
            return i
    return sign_off + 1


def _running_lines(lines: list[str]) -> set[str]:
    """Short lines printed more than once that end no sentence: a page's running header or
    footer ("Local Government & Social Care OMBUDSMAN" at the top of every page)."""
    counts = Counter(line for line in lines if line and len(line) <= HEADING_MAX)
    return {line for line, n in counts.items() if n >= 2 and not _ends_sentence(line)}


def _page_width(lines: list[str]) -> int:
    """How long the page's full lines are: the longest lines, outliers aside."""
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, math.floor(len(lengths) * 0.95))]


def _paragraphs(lines: list[str], width: int) -> list[tuple[str, bool]]:
    """(text, is a heading) for each paragraph of these lines."""
    unwrapped = width >= UNWRAPPED
    found: list[tuple[str, bool]] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        after = following or next((later for later in lines[i + 1 :] if later), "")
        if not current and _is_heading(line, after, width, unwrapped, gap=not following):
            found.append((line, True))
            continue
        current.append(line)
        if not following:
            ends = not _runs_on_after_gap(line, lines, i + 1)
        elif unwrapped:
            ends = _ends_sentence(line) or not following[:1].islower()
        else:
            ends = _ends_paragraph(line, following, width)
        if ends:
            found.append((" ".join(current), False))
            current = []
    if current:
        found.append((" ".join(current), False))
    return found


def _runs_on_after_gap(last: str, lines: list[str], gap: int) -> bool:
    """A sentence broken by blank lines (a page break in the extract): the line before ends
    no sentence and the next line starts in lower case."""
    following = next((line for line in lines[gap:] if line), "")
    return bool(following) and not _ends_sentence(last) and following[:1].islower()


def _starts_new(line: str) -> bool:
    first = line[:1]
    return first.isupper() or first.isdigit() or first in "\"'(-"


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _is_heading(line: str, after: str, width: int, unwrapped: bool, *, gap: bool) -> bool:
    """A short line that ends no sentence, followed (after any blank lines: ``gap``) by
    one that starts a new one."""
    if len(line) > HEADING_MAX or not line[:1].isupper() or line[-1] in _TERMINAL + ",;":
        return False
    if line.rsplit(None, 1)[-1].lower() in _RUNS_ON:
        return False
    if after and not _starts_new(after):
        return False
    return unwrapped or gap or len(line) < SHORT_SHARE * width


def _ends_paragraph(line: str, following: str, width: int) -> bool:
    if not _starts_new(following):
        return False
    if _ends_sentence(line) or line.endswith(";"):
        next_word = following.split(None, 1)[0]
        if len(line) + 1 + len(next_word) <= width:
            return True  # the next word would have fitted: the writer ended the paragraph
    if len(line) < SHORT_SHARE * width:
        return line.rsplit(None, 1)[-1].lower() not in _RUNS_ON
    return False


# --------------------------------------------------------------------------- standard or specific


def standard_threshold(councils_in_year: int) -> int:
    """How many councils' letters of a year must carry a paragraph for it to be standard."""
    return max(MIN_SHARED, math.ceil(STANDARD_SHARE * councils_in_year))


def is_specific(passage: Passage, *, seen_in: int, councils_in_year: int) -> bool:
    """Whether a body paragraph is about this council rather than the year's standard text.
    ``seen_in``: how many councils' letters that year carry its fingerprint (this one
    included); ``councils_in_year``: how many councils have a letter that year."""
    if not passage.is_body:
        return False
    if passage.names_council:
        return True
    if seen_in >= standard_threshold(councils_in_year):
        return False
    if councils_in_year >= FULL_YEAR:
        return True
    return passage.about_council


def separate(
    found: Sequence[Passage], *, seen_in: Mapping[str, int], councils_in_year: int
) -> Separation:
    """A letter's body paragraphs, specific and standard, given how many councils' letters
    of its year carry each fingerprint (``seen_in``; a fingerprint missing counts as this
    letter's alone)."""
    specific, standard = [], []
    for passage in found:
        if not passage.is_body:
            continue
        count = max(1, seen_in.get(passage.fingerprint, 1))
        if is_specific(passage, seen_in=count, councils_in_year=councils_in_year):
            specific.append(passage)
        else:
            standard.append(passage)
    return Separation(specific=tuple(specific), standard=tuple(standard))


def separate_year(
    letters: Mapping[Hashable, tuple[str, Iterable[str]]],
) -> dict[Hashable, Separation]:
    """Every letter of one year, each to a different council: ``{key: (text,
    council_names)}`` -> ``{key: Separation}``."""
    found = {key: passages(text, council_names=names) for key, (text, names) in letters.items()}
    seen_in: Counter[str] = Counter()
    for letter_passages in found.values():
        seen_in.update({p.fingerprint for p in letter_passages if p.is_body})
    return {
        key: separate(letter_passages, seen_in=seen_in, councils_in_year=len(found))
        for key, letter_passages in found.items()
    }

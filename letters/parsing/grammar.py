"""Regular expressions for every family of wordings the Ombudsman has used (2014-2025).

All statistics patterns run on *flattened* text (``text.flatten``: whitespace collapsed, so
wrapped sentences read as one line) with ``re.I``. Council names, letter dates and tables
are read line by line from the normalised text.
"""

from __future__ import annotations

import re
from datetime import date

I = re.I  # noqa: E741 - short alias used in many patterns below


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


# --------------------------------------------------------------------------- numbers

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
WORD_NUMBERS = (
    r"no|none|zero|nil|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
)
# Each begins with a one-character look-ahead: the engine rejects most positions at once
# instead of trying every alternative there.
COUNT = (
    rf"(?=[\dnzoteftsNZOTEFTS])(?<![\w.,])"
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{WORD_NUMBERS})(?!\w|[.,]\d)"
)
PERCENT_SIGN = r"\s?(?:%|per ?cent\b)"


def pct(name: str) -> str:
    """A percentage as printed ('70%', '4.5 %', '70 per cent') or 'n/a', captured as ``name``."""
    return rf"(?=[\dnN])(?:(?P<{name}>{NUM}){PERCENT_SIGN}|(?P<{name}_na>n/a)\s?%?)"


# --------------------------------------------------------------------------- dates

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4})"
)
DATE_RE = re.compile(rf"(?<![\d/.-]){DATE}(?![\d/-])", I)
_DMY_WORDS = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})", I)
_MDY_WORDS = re.compile(rf"({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", I)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_NUM = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def parse_date(token: str) -> date | None:
    """'18 July 2018', 'July 18, 2018', '2018-07-18', '18/07/2018' -> date (None if invalid)."""
    token = token.strip()
    try:
        if m := _DMY_WORDS.fullmatch(token):
            return date(int(m[3]), MONTHS[m[2][:3].lower()], int(m[1]))
        if m := _MDY_WORDS.fullmatch(token):
            return date(int(m[3]), MONTHS[m[1][:3].lower()], int(m[2]))
        if m := _ISO.fullmatch(token):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY_NUM.fullmatch(token):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except (ValueError, OverflowError):
        return None
    return None


PERIOD_RANGE = anchored(
    rf"(?:between|from)\s+(?P<start>{DATE})\s+(?:to|and|until|-)\s+(?P<end>{DATE})",
    I,
    "between",
    "from",
    reach=0,
)
PERIOD_END = anchored(
    rf"(?:year|period|twelve months|12 months|reporting year)\s+(?:ended|ending|to)\s*:?\s*"
    rf"(?:on\s+)?(?P<end>{DATE})",
    I,
    "ended",
    "ending",
    "year to",
    "period to",
    "months to",
    reach=20,
)
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

# --------------------------------------------------------------------------- key statistics

_ORG = r"(?:authority|organisation|organization|council|local authority|body)"

UPHELD_PCT = [
    anchored(
        rf"{pct('v')} of (?:the )?(?:complaints|cases|investigations) (?:we|the Ombudsman) "
        rf"investigated (?:were|was) upheld",
        I,
        "investigated",
        reach=80,
    ),
    anchored(
        rf"(?:we|the Ombudsman) upheld {pct('v')} of (?:the )?(?:complaints|cases)",
        I,
        "upheld",
        reach=20,
    ),
]
# "In 100% of cases we were satisfied the council had successfully implemented our
# recommendations" (letters) and "100% of cases we were satisfied the Council had ..."
# (statistics pages).
COMPLIANCE_PCT = [
    anchored(
        rf"(?<![\w%]){pct('v')} of (?:the )?(?:cases|complaints),? (?:we|the Ombudsman) "
        rf"(?:were|was|are|is) satisfied\b[^.%]{{0,80}}?\b(?:implemented|complied)",
        I,
        "satisfied",
        reach=70,
    ),
    anchored(
        rf"In {pct('v')} of (?:the )?cases,? (?:we|the Ombudsman) (?:were|was|are|is) satisfied",
        I,
        "satisfied",
        reach=70,
    ),
]
REMEDY_PCT = [
    anchored(
        rf"In {pct('v')} of (?:the )?upheld (?:cases|complaints),? (?:we|the Ombudsman) found"
        rf"[^.]{{0,60}}?satisfactory remedy",
        I,
        "upheld",
        reach=35,
    ),
]
UPHELD_NONE = anchored(
    r"(?:carried out|completed|conducted|made|did) no (?:detailed )?investigations"
    r"|did not (?:carry out|complete|conduct|make) any (?:detailed )?investigations"
    r"|no (?:detailed )?investigations were (?:carried out|completed|conducted)"
    r"|we did not investigate any complaints|we investigated no complaints",
    I,
    "investigat",
    reach=40,
)
COMPLIANCE_NONE = anchored(
    r"no recommendations (?:were|was) due(?: for compliance)?|no compliance outcomes"
    r"|no recommendations (?:were|fell) due",
    I,
    "no recommendations",
    "no compliance",
    reach=0,
)
REMEDY_NONE = anchored(
    r"did not uphold any (?:detailed )?(?:investigations|complaints|cases)"
    r"|no (?:detailed )?investigations were upheld|upheld no (?:detailed )?(?:investigations|"
    r"complaints)",
    I,
    "uphold",
    "upheld",
    reach=45,
)
SECTION_HEADINGS = anchored(
    r"(?P<u>Complaints upheld)|(?P<c>Compliance with (?:Ombudsman )?recommendations)"
    r"|(?P<r>Satisfactory remed(?:y|ies) provided by)",
    I,
    "complaints upheld",
    "compliance with",
    "satisfactory remed",
    reach=0,
)

AVERAGE_PCT = anchored(
    rf"compares? (?:to|with) an? average of {pct('v')}(?!\s*upheld decisions? per)"
    rf"(?:\s+(?:in|for|across) (?:similar|comparable) (?:authorities|councils|organisations))?",
    I,
    "compare",
    reach=0,
)
# The statistics pages' charts: "25% Complaints upheld by Borsetshire County Council".
CHART_LABEL = anchored(
    rf"(?<![\w%]){pct('v')} (?P<what>Complaints upheld|Compliance with (?:Ombudsman )?"
    r"recommendations|Satisfactory remed(?:y|ies)(?: provided)?) by\b",
    I,
    "complaints upheld",
    "compliance with",
    "satisfactory remed",
    reach=20,
)
PER_100K = anchored(
    rf"(?:(?P<n>{NUM})|(?P<na>n/a))\s?(?P<stray>[^\w\s.,]{{1,3}})?\s?upheld decisions? per "
    r"100,?000",
    I,
    "upheld decision",
    reach=30,
)
UPHELD_COUNT = anchored(
    rf"(?<![\d.,%])(?<!total of )\b(?P<n>{COUNT}) upheld decisions?\b(?!\s*per\b)",
    I,
    "upheld decision",
    reach=25,
)
# The figure printed after its label (odd extraction order of the big-number graphics).
UPHELD_COUNT_AFTER = anchored(
    rf"\bupheld decisions? (?P<n>{COUNT}) (?=This is|Statistics|Adjusted|Compliance|Satisf)",
    I,
    "upheld decision",
    reach=0,
)
REMEDY_COUNT_AFTER = anchored(
    rf"\bsatisfactory remedy decisions? (?P<n>{COUNT}) (?=Statistics|This|$)",
    I,
    "satisfactory remedy decision",
    reach=0,
)
REMEDY_COUNT = anchored(
    rf"(?<![\d.,%])\b(?P<n>{COUNT}) satisfactory remed(?:y|ies)(?: decisions?)?\b(?! provided)",
    I,
    "satisfactory remed",
    reach=25,
)
BASED_ON = anchored(
    rf"based on (?:a total of |the )?(?P<n>{COUNT}) (?P<unit>detailed investigations?|"
    r"investigations?|compliance outcomes?|outcomes|upheld decisions?|upheld cases|"
    r"upheld complaints|upheld investigations|decisions|cases|complaints)",
    I,
    "based on",
    reach=0,
)

# --------------------------------------------------------------------------- 2024-25 overview

OV_DEALT = anchored(
    rf"we (?:dealt with|handled|received) (?P<n>{COUNT}) (?:complaints|cases|enquiries)",
    I,
    "we dealt with",
    "we handled",
    "we received",
    reach=0,
)
OV_NOT_FOR_US = anchored(
    rf"(?P<n>{COUNT}) (?:of (?:these|them) )?(?:complaints |cases |enquiries )?"
    rf"(?:were|was) not for us",
    I,
    "not for us",
    reach=60,
)
OV_ASSESSED = anchored(
    rf"we assessed and closed (?P<n>{COUNT})\b"
    rf"|(?P<m>{COUNT}) (?:complaints |cases )?were assessed and closed",
    I,
    "assessed and closed",
    reach=40,
)
OV_INVESTIGATED = anchored(
    rf"we investigated (?P<n>{COUNT}) (?:complaints?|cases?)\b", I, "we investigated", reach=0
)
INVESTIGATED_UPHELD = anchored(
    rf"we investigated (?P<i>{COUNT}) (?:complaints?|cases?),? and upheld "
    rf"(?P<u>all(?: of them)?|them all|none(?: of them)?|it|{COUNT})\b",
    I,
    "we investigated",
    reach=0,
)

# --------------------------------------------------------------------------- document kinds

LGSCO = re.compile(
    r"Local Government (?:and|&) Social Care Ombudsman|Local Government Ombudsman|\bLGSCO\b"
    r"|\bLGO\b|\bOmbudsman\b",
    I,
)
OTHER_OMBUDSMAN = anchored(
    r"Public Services Ombudsman for Wales|Scottish Public Services Ombudsman"
    r"|Northern Ireland Public Services Ombudsman|Parliamentary and Health Service Ombudsman"
    r"|Housing Ombudsman Service|\bthe Housing Ombudsman\b",
    I,
    "public services ombudsman",
    "health service ombudsman",
    "housing ombudsman",
    reach=40,
)
LGSCO_FULL = re.compile(
    r"Local Government (?:and|&) Social Care Ombudsman|Local Government Ombudsman|\bLGSCO\b"
    r"|\bLGO\b",
    I,
)
LETTER_MARKERS = re.compile(
    r"Annual Review letter|Local Authority Report\s*:|complaints we investigated were upheld"
    r"|Statistics are based on|annual summary of (?:complaint )?statistics"
    r"|Complaints and enquiries received|Decisions made",
    I,
)
# Headings of the 2014-2018 tables (case matters: "the decisions made by" is body text).
TABLE_ERA = AnyOf(
    re.compile(r"Decisions\s*[Mm]ade\b"),
    re.compile(r"Complaints\s+and\s+[Ee]nquiries\s+[Rr]eceived\s*(?:\n|\t|$)", re.M),
    re.compile(r"Local\s+Authority\s+Report\s*[:\-]"),
    re.compile(r"Uphold\s+[Rr]ate\b"),
    re.compile(r"Closed\s+[Aa]fter\s+[Ii]nitial\s+[Ee]nquiries\s*(?:\t|  |$)", re.M),
)
COUNCIL_REPORT_TITLE = re.compile(
    r"(?:annual|yearly)\s+(?:complaints?|customer feedback|feedback)(?:\s+(?:and|&)\s+"
    r"compliments)?\s+(?:report|review)"
    r"|complaints?(?:\s+(?:and|&)\s+compliments)?\s+annual\s+report"
    r"|annual\s+report\s+on\s+(?:complaints|customer feedback)"
    r"|complaints?,?\s+(?:comments\s+)?(?:and|&)\s+compliments\s+report",
    I,
)
COUNCIL_REPORT_MARKERS = re.compile(
    r"\bstage (?:one|two|three|1|2|3)\b|\bcompliments?\b|independent complaints investigator"
    r"|our complaints (?:procedure|process|policy)|\bescalated\b|within (?:the )?target|"
    r"\bFig(?:ure)?\.? \d",
    I,
)

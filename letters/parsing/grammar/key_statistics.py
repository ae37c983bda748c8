"""The wordings of the figures: numbers and percentages as printed, the key statistics'
sentences (complaints upheld, compliance with recommendations, satisfactory remedy, their
averages, counts and bases, upheld decisions per 100,000 residents, the statistics pages'
chart labels) and the 2024-25 overview (complaints dealt with, not for us, assessed and
closed, investigated). They run on flattened text.
"""

from __future__ import annotations

import re

from .anchored import anchored

I = re.I  # noqa: E741 - short alias used in many patterns below


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

"""What sort of document it is: the Local Government and Social Care Ombudsman named (or
another ombudsman), an annual review letter's markers, the headings of the 2014-2018
tables (``TABLE_ERA``), and a council's own annual complaints report (its title and the
words that mark one).
"""

from __future__ import annotations

import re

from .anchored import AnyOf, anchored

I = re.I  # noqa: E741 - short alias used in many patterns below

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

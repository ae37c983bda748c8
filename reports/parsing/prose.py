"""Figures the report states in sentences: the summary's totals and shares, services it
sums up in one sentence, and one service's share of all complaints."""

from __future__ import annotations

import re

from core.periods import ReportingYear, label_of

from .areas import ombudsman_area
from .reader import COUNT, COUNT_FIRST, NUMBER, NUMBER_FIRST, YEAR, ReportReader, whole_number
from .result import ServiceYear
from .tables import match_service

# The sentences, each read in time linear in the text: a pattern that begins with a figure
# reads it from its first digit only (NUMBER_FIRST, COUNT_FIRST), and where a sentence may
# offer several places to go on from, the first one decides (an atomic group) when the
# later ones could only fail the same way.

# "... changed by N ... from A to B": the first "by N" or "from A to B" decides; trying
# each "by N" in turn read the rest of the sentence again from each.
TOTAL_CHANGED = re.compile(
    rf"In ({YEAR}),? the total number of complaints "
    rf"(?>[^.]*?(?=\bby (?:{COUNT})\b|\bfrom (?:{NUMBER}) to (?:{NUMBER})))"
    rf"(?:\bby ({COUNT})\b[^.]*?)?\bfrom ({NUMBER}) to ({NUMBER})",
    re.I,
)
ESCALATED = re.compile(
    rf"({COUNT_FIRST}) complaints were escalated to stage (?:two|2),? and a further "
    rf"({COUNT}) (?:were )?escalated to the Independent Complaints? Investigator",
    re.I,
)
# The next sentence's first "where N% were" decides: a later one would look for the same
# years in less of the same sentence.
IN_TARGET = re.compile(
    rf"({NUMBER_FIRST})% were (?:resolved|responded to|answered) within the target time"
    rf"(?:[^.]*\.(?>[^.]*?\bwhere ({NUMBER})% were )[^.]*?in ({YEAR}),? "
    rf"and ({NUMBER})% in ({YEAR}))?",
    re.I,
)
SUBMITTED_TO_ICI = re.compile(
    rf"({COUNT_FIRST}) new complaints were submitted to the (?:ICI|Independent Complaints? "
    rf"Investigator) in ({YEAR})",
    re.I,
)
MADE_TO_OMBUDSMAN = re.compile(
    rf"({COUNT_FIRST}) complaints were made to the Local Government (?:and Social Care )?"
    rf"Ombudsman\.? Of these,? ({COUNT}) were investigated and,? of those,? ({COUNT}) "
    r"were upheld",
    re.I,
)
SERVICE_SHARE = re.compile(
    rf"({NUMBER_FIRST}) \(({NUMBER})%\) of all complaints received by the Council were for "
    rf"([^.]+?)\. "
    rf"This represented an? (?:decrease|increase|reduction|rise) of ({NUMBER}) from the "
    rf"({NUMBER}) complaints(?: \(({NUMBER})% of the total\))? received in ({YEAR})",
    re.I,
)


def read_summary(reader: ReportReader, y: str | None) -> None:
    """The figures the summary and the Ombudsman, independent investigator and compliments
    sections state in sentences, observed for their years."""
    flat = reader.flat
    if y is None:
        return
    summary = "the summary"
    m = TOTAL_CHANGED.search(flat)
    if m:
        year = label_of(m[1]) or y
        prev, cur = whole_number(m[3]), whole_number(m[4])
        reader.observe(year, "total_complaints", cur, summary)
        reader.observe(_previous_year(year), "total_complaints", prev, summary)
        if m[2] and whole_number(m[2]) != abs(prev - cur):
            reader.warn(
                f"The summary says complaints changed by {m[2]} from {prev} to {cur}, "
                f"but the difference is {abs(prev - cur)}"
            )
    m = re.search(
        rf"Of (?:those|these|the) ({NUMBER}) complaints,? ({NUMBER})% were resolved"
        rf"[^.]*?first stage(?:[^.]*\.\s*This compares with ({NUMBER})% in ({YEAR}),? "
        rf"and ({NUMBER})% in ({YEAR}))?",
        flat,
        re.I,
    )
    if m:
        reader.observe(y, "stage_1", whole_number(m[1]), summary)
        reader.observe(y, "resolved_at_stage_1_percent", whole_number(m[2]), summary)
        if m[3]:
            name = "resolved_at_stage_1_percent"
            reader.observe(label_of(m[4]), name, whole_number(m[3]), summary)
            reader.observe(label_of(m[6]), name, whole_number(m[5]), summary)
    m = ESCALATED.search(flat)
    if m:
        reader.observe(y, "stage_2", whole_number(m[1]), summary)
        reader.observe(y, "independent_investigator", whole_number(m[2]), summary)
    m = IN_TARGET.search(flat)
    if m:
        reader.observe(y, "in_target_percent", whole_number(m[1]), summary)
        if m[2]:
            reader.observe(label_of(m[3]), "in_target_percent", whole_number(m[2]), summary)
            reader.observe(label_of(m[5]), "in_target_percent", whole_number(m[4]), summary)
    for m in SUBMITTED_TO_ICI.finditer(flat):
        reader.observe(label_of(m[2]), "independent_investigator", whole_number(m[1]), summary)
    for m in re.finditer(
        rf"During ({YEAR}),? ({COUNT}) complaints were escalated to the (?:ICI|Independent)",
        flat,
        re.I,
    ):
        where = "the independent investigator section"
        reader.observe(label_of(m[1]), "independent_investigator", whole_number(m[2]), where)
    m = re.search(
        rf"submitted to the ICI in ({YEAR})\.? Of these complaints, ({COUNT}) were "
        rf"investigated and of these ({COUNT}) were partially upheld",
        flat,
        re.I,
    )
    if m:
        year = label_of(m[1])
        name = "independent_investigator_partially_upheld"
        reader.observe(year, name, whole_number(m[3]), summary)
    m = MADE_TO_OMBUDSMAN.search(flat)
    if m:
        reader.observe(y, "ombudsman", whole_number(m[1]), summary)
        reader.observe(y, "ombudsman_investigated", whole_number(m[2]), summary)
        reader.observe(y, "ombudsman_upheld", whole_number(m[3]), summary)
    for m in re.finditer(
        rf"In ({YEAR}),? the Local Government (?:and Social Care )?Ombudsman received "
        rf"({COUNT}) complaints",
        flat,
        re.I,
    ):
        where = "the Ombudsman section"
        reader.observe(label_of(m[1]), "ombudsman", whole_number(m[2]), where)
    for m in re.finditer(rf"In ({YEAR}),? the Council received ({COUNT}) compliments", flat, re.I):
        reader.observe(label_of(m[1]), "compliments", whole_number(m[2]), summary)


_NAME = r"(?:[A-Z][A-Za-z-]+|&)(?: (?:[A-Z][A-Za-z-]+|&))*"
# "<Service> received two stage one complaints[, and one stage two complaint], <how>resolved
# within target". Read in one pass: a run of capitalised words that is not followed by
# "received ..." is taken whole (every later word of it would end the same way), and a
# sentence that never says "resolved within target" is taken to its end. Either way there
# is no group "target" and the match is skipped. (Tried at each capitalised word, and each
# "<Service> received" of a sentence, the same run and sentence were read again and again.)
BRIEF_SERVICE = re.compile(
    rf"(?<![\w])({_NAME})(?: received ({COUNT}) stage (?:one|1) complaints?"
    rf"(?:,? and ({COUNT}) stage (?:two|2) complaints?)?,? "
    r"(?:([^.]*?)(?P<target>resolved within target)|[^.]*))?"
)


def read_brief_services(reader: ReportReader, y: str | None) -> None:
    """'Property Services received two stage one complaints which were both resolved
    within target.' (services the report summarises in one sentence)."""
    if y is None:
        return
    for m in BRIEF_SERVICE.finditer(reader.flat):
        if not m["target"]:
            continue  # a run of capitalised words, or a sentence, that is not one
        words = m[1].split(" ")
        half = len(words) // 2
        if len(words) % 2 == 0 and words[:half] == words[half:]:
            words = words[:half]  # the heading printed right before the sentence
        service = " ".join(words)
        if reader.report.service(service, y):
            continue
        # the sentence lists every stage the service had complaints at: others are zero
        stage_1, stage_2 = whole_number(m[2]), whole_number(m[3]) if m[3] else 0
        all_in_target = re.search(r"\b(?:both|all)\b|which was", m[4])
        reader.report.services.append(
            ServiceYear(
                service=service,
                year=y,
                ombudsman_service_area=ombudsman_area(service),
                complaints=stage_1 + stage_2,
                stage_2=stage_2,
                independent_investigator=0,
                in_target_percent=100 if all_in_target else None,
                source="text",
            )
        )


def read_service_share_sentence(reader: ReportReader, y: str | None) -> None:
    """The sentence giving one service's share of all complaints and its change from the
    year before, checked against itself, the service tables and the totals:

    '398 (35%) of all complaints received by the Council were for Waste Services. This
    represented a decrease of 149 from the 526 complaints (45% of the total) received in
    2018-19.'"""
    m = SERVICE_SHARE.search(reader.flat)
    if not m or y is None:
        return
    cur, diff, prev = whole_number(m[1]), whole_number(m[4]), whole_number(m[5])
    if abs(prev - cur) != diff:
        reader.warn(
            f"The summary says complaints about {m[3]} changed by {diff} from {prev} to "
            f"{cur}, but the difference is {abs(prev - cur)}"
        )
    prev_year = label_of(m[7])
    rows = [s for s in reader.report.services if s.source == "table"]
    for year, value in ((y, cur), (prev_year, prev)):
        match = match_service(m[3], [s for s in rows if s.year == year])
        if match and match.complaints is not None and match.complaints != value:
            reader.warn(
                f"{match.service}, {year}: the table gives {match.complaints} complaints "
                f"but the summary gives {value}"
            )
    for year, share, value in ((y, m[2], cur), (prev_year, m[6], prev)):
        fig = reader.years.get(year)
        if share and fig and fig.total_complaints:
            actual = 100 * value / fig.total_complaints
            if abs(actual - int(share)) > 1:
                reader.warn(
                    f"{year}: {value} of {fig.total_complaints} complaints is "
                    f"{actual:.0f}%, but the summary says {share}%"
                )


def _previous_year(year: str) -> str:
    return ReportingYear.from_label(year).previous.label

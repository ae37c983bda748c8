"""Every figure of a letter once: its label, where it sits in the parser's JSON contract,
and the AnnualLetter column it is stored in. Used by the preview, the letter page and
reparse_letters, so the three always agree.

A figure's evidence (the letter's own words it was read from) is keyed by its dotted path
in the contract, ``Figure.path``; ``evidence_for`` looks any key up, figures and the rest
("council", "period_end", "received_by_service.Housing") alike."""

from dataclasses import dataclass
from decimal import Decimal

from core.periods import METHOD_CHANGE_YEAR, year_label


@dataclass(frozen=True)
class Figure:
    label: str
    section: str
    key: str
    column: str
    is_percent: bool = False

    @property
    def path(self) -> str:
        """Its dotted name in the contract, e.g. "complaints_upheld.percent": the key of its
        evidence."""
        return f"{self.section}.{self.key}"

    def from_parsed(self, parsed: dict):
        return parsed.get(self.section, {}).get(self.key)

    def evidence_in(self, evidence: dict | None) -> str | None:
        return evidence_for(evidence, self.path)

    def from_letter(self, letter):
        value = getattr(letter, self.column)
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        return value


FIGURES = [
    Figure("Complaints dealt with", "overview", "dealt_with", "overview_dealt_with"),
    Figure("Not for us or not ready", "overview", "not_for_us", "overview_not_for_us"),
    Figure(
        "Assessed and closed", "overview", "assessed_and_closed", "overview_assessed_and_closed"
    ),
    Figure("Investigated (overview)", "overview", "investigated", "overview_investigated"),
    Figure("Upheld", "complaints_upheld", "percent", "upheld_percent", True),
    Figure(
        "Upheld, similar authorities",
        "complaints_upheld",
        "average_percent",
        "upheld_average_percent",
        True,
    ),
    Figure("Upheld decisions", "complaints_upheld", "upheld", "upheld_count"),
    Figure("Detailed investigations", "complaints_upheld", "investigations", "investigations"),
    Figure("Upheld per 100,000 residents", "complaints_upheld", "per_100k", "upheld_per_100k"),
    Figure(
        "Upheld per 100,000, similar authorities",
        "complaints_upheld",
        "average_per_100k",
        "upheld_average_per_100k",
    ),
    Figure("Compliance with recommendations", "compliance", "percent", "compliance_percent", True),
    Figure(
        "Compliance, similar authorities",
        "compliance",
        "average_percent",
        "compliance_average_percent",
        True,
    ),
    Figure("Compliance outcomes", "compliance", "outcomes", "compliance_outcomes"),
    Figure(
        "Satisfactory remedy by the council",
        "satisfactory_remedy",
        "percent",
        "remedy_percent",
        True,
    ),
    Figure(
        "Satisfactory remedy, similar authorities",
        "satisfactory_remedy",
        "average_percent",
        "remedy_average_percent",
        True,
    ),
    Figure("Satisfactory remedy decisions", "satisfactory_remedy", "remedies", "remedies"),
    Figure("Remedy rate based on", "satisfactory_remedy", "basis", "remedy_basis"),
    Figure(
        "Incomplete or invalid",
        "decisions",
        "incomplete_or_invalid",
        "decisions_incomplete_or_invalid",
    ),
    Figure("Advice given", "decisions", "advice_given", "decisions_advice_given"),
    Figure(
        "Referred back for local resolution",
        "decisions",
        "referred_back",
        "decisions_referred_back",
    ),
    Figure(
        "Closed after initial enquiries",
        "decisions",
        "closed_after_initial_enquiries",
        "decisions_closed_after_initial_enquiries",
    ),
    Figure("Not upheld", "decisions", "not_upheld", "decisions_not_upheld"),
    Figure("Upheld (decisions table)", "decisions", "upheld", "decisions_upheld"),
    Figure(
        "Uphold rate (decisions table)", "decisions", "uphold_rate", "decisions_uphold_rate", True
    ),
    Figure("Total decisions", "decisions", "total", "decisions_total"),
    Figure("Remedied by the Ombudsman", "remedied", "by_ombudsman", "remedied_by_ombudsman"),
    Figure(
        "Remedied by the council before the Ombudsman",
        "remedied",
        "by_authority",
        "remedied_by_authority",
    ),
]


# The parts of a letter its figures are printed in, as the letters head them.
SECTIONS = {
    "overview": "Complaint overview",
    "complaints_upheld": "Complaints upheld",
    "compliance": "Compliance with recommendations",
    "satisfactory_remedy": "Satisfactory remedy by the council",
    "decisions": "Decisions made",
    "remedied": "Complaints remedied",
}
# A percentage the letter leaves out when the count it would be of is nought ("we did not
# investigate any complaints", "no recommendations were due"), and the average it would be
# compared with: that count, and why in words.
RATE_BASES = {
    "complaints_upheld.percent": ("complaints_upheld.investigations", "no investigations"),
    "compliance.percent": ("compliance.outcomes", "no recommendations due"),
    "satisfactory_remedy.percent": ("satisfactory_remedy.basis", "no upheld cases"),
}
AVERAGE_BASES = {
    "complaints_upheld.average_percent": RATE_BASES["complaints_upheld.percent"],
    "compliance.average_percent": RATE_BASES["compliance.percent"],
    "satisfactory_remedy.average_percent": RATE_BASES["satisfactory_remedy.percent"],
}


@dataclass(frozen=True)
class Era:
    """Letters of a run of years printed the same figures: the sections, in the letter's
    order, and the figures a letter of those years states (when it has something to count)."""

    first: int | None  # the first reporting year's end year (None: the earliest letters)
    last: int | None  # the last (None: to this day)
    layout: str  # what the letters of these years print, in a phrase
    sections: tuple[str, ...]
    paths: tuple[str, ...]
    # Its letters open with "Complaints and enquiries received", service by service.
    prints_received: bool = False

    @property
    def label(self) -> str:
        first = year_label(self.first) if self.first else None
        last = year_label(self.last) if self.last else None
        if first and last:
            return f"{first} to {last}"
        return f"{first} onwards" if first else f"{last} and earlier"

    def holds(self, end_year: int) -> bool:
        return (self.first is None or end_year >= self.first) and (
            self.last is None or end_year <= self.last
        )


_UPHELD = ("percent", "average_percent", "upheld", "investigations")
_KEY_STATISTICS = (
    *(f"complaints_upheld.{key}" for key in _UPHELD),
    *(f"compliance.{key}" for key in ("percent", "average_percent", "outcomes")),
    *(f"satisfactory_remedy.{key}" for key in ("percent", "average_percent", "remedies", "basis")),
)
_PER_100K = ("complaints_upheld.per_100k", "complaints_upheld.average_per_100k")
_DECISIONS = tuple(f.path for f in FIGURES if f.section == "decisions")
ERAS = (
    Era(
        None,
        2018,
        "tables of complaints received, decisions made and complaints remedied",
        ("decisions", "complaints_upheld", "remedied"),
        (
            *_DECISIONS,
            "complaints_upheld.percent",
            "complaints_upheld.upheld",
            "complaints_upheld.investigations",
            "remedied.by_ombudsman",
            "remedied.by_authority",
        ),
        prints_received=True,
    ),
    Era(
        2019,
        METHOD_CHANGE_YEAR - 1,
        "key statistics (complaints upheld, compliance and satisfactory remedy), each beside "
        "the average for similar authorities",
        ("complaints_upheld", "compliance", "satisfactory_remedy"),
        _KEY_STATISTICS,
    ),
    Era(
        METHOD_CHANGE_YEAR,
        2024,
        "key statistics, with upheld decisions per 100,000 residents (from the Ombudsman's "
        "2022-23 change of method)",
        ("complaints_upheld", "compliance", "satisfactory_remedy"),
        (*_KEY_STATISTICS[:4], *_PER_100K, *_KEY_STATISTICS[4:]),
    ),
    Era(
        2025,
        None,
        "a complaint overview, then the key statistics with upheld decisions per 100,000 residents",
        ("overview", "complaints_upheld", "compliance", "satisfactory_remedy"),
        (
            *(f"overview.{key}" for key in ("dealt_with", "not_for_us", "assessed_and_closed")),
            "overview.investigated",
            *_KEY_STATISTICS[:4],
            *_PER_100K,
            *_KEY_STATISTICS[4:],
        ),
    ),
)


def era_of(end_year: int) -> Era:
    """The era of a letter about the reporting year ending in `end_year`."""
    return next(era for era in ERAS if era.holds(end_year))


def service_path(service: str) -> str:
    """The evidence key of one row of "complaints and enquiries received"."""
    return f"received_by_service.{service}"


def evidence_for(evidence: dict | None, path: str) -> str | None:
    """The letter's words behind one figure, or None when none were recorded (blank text
    counts as none)."""
    text = (evidence or {}).get(path)
    return (text.strip() or None) if isinstance(text, str) else None


def display(value, is_percent: bool = False) -> str:
    if value is None:
        return "not stated"
    return f"{value}%" if is_percent else f"{value:,}" if isinstance(value, int) else str(value)


FIGURE_COLUMNS = {figure.column: figure for figure in FIGURES}
FIGURE_PATHS = {figure.path: figure for figure in FIGURES}


def show_value(value, *, is_percent: bool = False) -> str:
    """A stored value as people read it: 68.00 -> "68", 12.50 -> "12.5", None -> "–"."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else value.normalize()
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text}%" if is_percent else text

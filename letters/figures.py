"""Every figure of a letter once: its label, where it sits in the parser's JSON contract,
and the AnnualLetter column it is stored in. Used by the preview, the letter page and
reparse_letters, so the three always agree.

A figure's evidence (the letter's own words it was read from) is keyed by its dotted path
in the contract, ``Figure.path``; ``evidence_for`` looks any key up, figures and the rest
("council", "period_end", "received_by_service.Housing") alike."""

from dataclasses import dataclass
from decimal import Decimal


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

"""The parsed letter: a dataclass whose ``to_dict()`` is exactly the JSON contract
(../shared/contracts/parsed-letter.schema.json): every key present, null where the letter
does not state a figure."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import ClassVar

Number = int | float
SERVICE_ORDER = "received_by_service_order"  # stored beside the contract, not part of it


def _in_printed_order(services: dict, order: list | None) -> dict:
    if not order or set(order) != set(services):
        return dict(services)
    return {name: services[name] for name in order}


@dataclass
class Overview:
    dealt_with: int | None = None
    not_for_us: int | None = None
    assessed_and_closed: int | None = None
    investigated: int | None = None


@dataclass
class ComplaintsUpheld:
    percent: Number | None = None
    average_percent: Number | None = None
    upheld: int | None = None
    investigations: int | None = None
    per_100k: Number | None = None
    average_per_100k: Number | None = None


@dataclass
class Compliance:
    percent: Number | None = None
    average_percent: Number | None = None
    outcomes: int | None = None


@dataclass
class SatisfactoryRemedy:
    percent: Number | None = None
    average_percent: Number | None = None
    remedies: int | None = None
    basis: int | None = None


@dataclass
class Decisions:
    incomplete_or_invalid: int | None = None
    advice_given: int | None = None
    referred_back: int | None = None
    closed_after_initial_enquiries: int | None = None
    not_upheld: int | None = None
    upheld: int | None = None
    uphold_rate: Number | None = None
    total: int | None = None


@dataclass
class Remedied:
    by_ombudsman: int | None = None
    by_authority: int | None = None


@dataclass
class ParsedLetter:
    """One Ombudsman annual review letter (or statistics page), as read."""

    KIND: ClassVar[str] = "lgsco-letter"

    council: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    letter_date: date | None = None
    overview: Overview = field(default_factory=Overview)
    complaints_upheld: ComplaintsUpheld = field(default_factory=ComplaintsUpheld)
    compliance: Compliance = field(default_factory=Compliance)
    satisfactory_remedy: SatisfactoryRemedy = field(default_factory=SatisfactoryRemedy)
    decisions: Decisions = field(default_factory=Decisions)
    received_by_service: dict[str, int] = field(default_factory=dict)
    remedied: Remedied = field(default_factory=Remedied)
    warnings: list[str] = field(default_factory=list)
    # For each figure read, the letter's own words it was read from: dotted field name
    # ("complaints_upheld.percent", "received_by_service.Housing", "council") -> text.
    evidence: dict[str, str] = field(default_factory=dict)
    # Not part of the JSON contract: how the letter was read, for diagnostics.
    source: str = field(default="text", compare=False)  # "pdf" or "text"
    pages: int = field(default=0, compare=False)
    text: str = field(default="", compare=False, repr=False)  # the normalised text read

    def to_dict(self) -> dict:
        """The JSON contract, key for key (dates as ISO strings)."""

        def iso(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "council": self.council,
            "period_start": iso(self.period_start),
            "period_end": iso(self.period_end),
            "letter_date": iso(self.letter_date),
            "overview": asdict(self.overview),
            "complaints_upheld": asdict(self.complaints_upheld),
            "compliance": asdict(self.compliance),
            "satisfactory_remedy": asdict(self.satisfactory_remedy),
            "decisions": asdict(self.decisions),
            "received_by_service": dict(self.received_by_service),
            "remedied": asdict(self.remedied),
            "warnings": list(self.warnings),
            "evidence": dict(self.evidence),
        }

    def to_stored(self) -> dict:
        """``to_dict()`` for a JSON column: PostgreSQL's jsonb keeps no key order, so the
        service areas' printed order is kept beside them."""
        return {**self.to_dict(), SERVICE_ORDER: list(self.received_by_service)}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict) -> ParsedLetter:
        """Inverse of ``to_dict`` (used to carry results out of the sandbox)."""

        def day(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            council=data.get("council"),
            period_start=day(data.get("period_start")),
            period_end=day(data.get("period_end")),
            letter_date=day(data.get("letter_date")),
            overview=Overview(**data.get("overview", {})),
            complaints_upheld=ComplaintsUpheld(**data.get("complaints_upheld", {})),
            compliance=Compliance(**data.get("compliance", {})),
            satisfactory_remedy=SatisfactoryRemedy(**data.get("satisfactory_remedy", {})),
            decisions=Decisions(**data.get("decisions", {})),
            received_by_service=_in_printed_order(
                data.get("received_by_service", {}), data.get(SERVICE_ORDER)
            ),
            remedied=Remedied(**data.get("remedied", {})),
            warnings=list(data.get("warnings", [])),
            evidence=dict(data.get("evidence", {})),
            source=data.get("source", "text"),
            pages=data.get("pages", 0),
            text=data.get("text", ""),
        )

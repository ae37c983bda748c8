"""The parsed council complaints report: dataclasses whose ``to_dict()`` is the JSON shape
the upload preview and the models use (every key present, ``None`` where the report does not
state a figure; dates as ISO strings)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import ClassVar

from core.periods import ReportingYear

Number = int | float

OMBUDSMAN_SERVICE_AREAS = (
    "Adult Care Services",
    "Benefits and Tax",
    "Corporate and Other Services",
    "Education and Children's Services",
    "Environment Services",
    "Highways and Transport",
    "Housing",
    "Planning and Development",
    "Other",
)


def year_period(year: str) -> tuple[date, date]:
    """'2019-20' (or '2019/20', '2019-2020') -> (2019-04-01, 2020-03-31): a financial year."""
    reporting_year = ReportingYear(int(year[:4]) + 1)
    return reporting_year.start, reporting_year.end


@dataclass
class YearFigures:
    """Council-wide figures for one financial year, as the report states them."""

    year: str
    total_complaints: int | None = None
    stage_1: int | None = None
    stage_2: int | None = None
    independent_investigator: int | None = None  # "ICI" / stage 3
    ombudsman: int | None = None  # complaints (and enquiries) the Ombudsman received
    ombudsman_investigated: int | None = None
    ombudsman_upheld: int | None = None
    resolved_at_stage_1_percent: Number | None = None
    in_target_percent: Number | None = None  # all complaints answered within target
    in_target_by_stage: dict[str, Number] = field(default_factory=dict)  # "stage_1", ...
    channels_percent: dict[str, Number] = field(default_factory=dict)  # as printed -> %
    compliments: int | None = None
    independent_investigator_partially_upheld: int | None = None
    independent_investigator_upheld: int | None = None

    @property
    def period_start(self) -> date:
        return year_period(self.year)[0]

    @property
    def period_end(self) -> date:
        return year_period(self.year)[1]

    def to_dict(self) -> dict:
        out = {"year": self.year, "period_start": self.period_start.isoformat()}
        out["period_end"] = self.period_end.isoformat()
        for f in fields(self):
            if f.name != "year":
                value = getattr(self, f.name)
                out[f.name] = dict(value) if isinstance(value, dict) else value
        return out


SERVICE_FIGURES = (
    "complaints",
    "stage_2",
    "independent_investigator",
    "in_target_percent",
    "multi_service",
    "compliments",
)


@dataclass
class ServiceYear:
    """One service's figures for one year (one row of the report's service tables)."""

    service: str  # as printed (the section heading above the table)
    year: str
    ombudsman_service_area: str | None = None  # only where the mapping is clear
    complaints: int | None = None  # total: stage 1 + stage 2 + independent investigator
    stage_2: int | None = None
    independent_investigator: int | None = None
    in_target_percent: Number | None = None
    multi_service: int | None = None
    compliments: int | None = None
    table_label: str | None = None  # the table's own label, when it differs from ``service``
    kind: str = "service"  # "service", or "multi-service" (the multi-service complaints row)
    source: str = "table"  # "table", "text" (a one-line summary in the report) or "csv"
    printed_as_dash: list[str] = field(default_factory=list)  # figures printed "-" (zero)

    @property
    def period_start(self) -> date:
        return year_period(self.year)[0]

    @property
    def period_end(self) -> date:
        return year_period(self.year)[1]

    def figures(self) -> tuple:
        return tuple(getattr(self, name) for name in SERVICE_FIGURES)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["period_start"] = self.period_start.isoformat()
        out["period_end"] = self.period_end.isoformat()
        return out


@dataclass
class OmbudsmanDecision:
    count: int
    decision: str  # as printed, e.g. "Closed after initial enquiries"


@dataclass
class OmbudsmanCases:
    """One row of the report's own table of Ombudsman cases by department."""

    department: str
    ombudsman_service_area: str | None = None
    received: int | None = None
    decisions: list[OmbudsmanDecision] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ParsedCouncilReport:
    """A council's own annual complaints report (or the CSV template), as read."""

    KIND: ClassVar[str] = "council-report"

    council: str | None = None
    report_year: str | None = None  # the year the report is about, e.g. "2019-20"
    years: list[YearFigures] = field(default_factory=list)  # oldest first
    services: list[ServiceYear] = field(default_factory=list)  # report order, newest year first
    ombudsman_cases_year: str | None = None
    ombudsman_cases: list[OmbudsmanCases] = field(default_factory=list)
    ombudsman_cases_total: OmbudsmanCases | None = None
    warnings: list[str] = field(default_factory=list)
    # Not part of the JSON shape: how the report was read, for diagnostics.
    source: str = field(default="text", compare=False)  # "pdf", "docx", "text" or "csv"
    pages: int = field(default=0, compare=False)
    text: str = field(default="", compare=False, repr=False)

    def year(self, year: str) -> YearFigures | None:
        return next((y for y in self.years if y.year == year), None)

    def service(self, service: str, year: str) -> ServiceYear | None:
        return next((s for s in self.services if s.service == service and s.year == year), None)

    def to_dict(self) -> dict:
        return {
            "council": self.council,
            "report_year": self.report_year,
            "years": [y.to_dict() for y in self.years],
            "services": [s.to_dict() for s in self.services],
            "ombudsman_cases_year": self.ombudsman_cases_year,
            "ombudsman_cases": [c.to_dict() for c in self.ombudsman_cases],
            "ombudsman_cases_total": (
                self.ombudsman_cases_total.to_dict() if self.ombudsman_cases_total else None
            ),
            "warnings": list(self.warnings),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict) -> ParsedCouncilReport:
        """Inverse of ``to_dict`` (used to carry results out of the sandbox)."""

        def strip(row: dict) -> dict:
            return {k: v for k, v in row.items() if k not in ("period_start", "period_end")}

        def cases(row: dict) -> OmbudsmanCases:
            row = dict(row)
            row["decisions"] = [OmbudsmanDecision(**d) for d in row.get("decisions", [])]
            return OmbudsmanCases(**row)

        total = data.get("ombudsman_cases_total")
        return cls(
            council=data.get("council"),
            report_year=data.get("report_year"),
            years=[YearFigures(**strip(y)) for y in data.get("years", [])],
            services=[ServiceYear(**strip(s)) for s in data.get("services", [])],
            ombudsman_cases_year=data.get("ombudsman_cases_year"),
            ombudsman_cases=[cases(c) for c in data.get("ombudsman_cases", [])],
            ombudsman_cases_total=cases(total) if total else None,
            warnings=list(data.get("warnings", [])),
            source=data.get("source", "text"),
            pages=data.get("pages", 0),
            text=data.get("text", ""),
        )

"""Consistency checks: disagreements between figures become plain-English warnings."""

from __future__ import annotations

from .result import ParsedLetter

TOLERANCE = 1.0  # percentage points: printed percentages are rounded to whole numbers


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def check(letter: ParsedLetter) -> list[str]:
    warnings: list[str] = []
    cu = letter.complaints_upheld
    if cu.upheld is not None and cu.investigations is not None:
        if cu.upheld > cu.investigations:
            warnings.append(
                f"The letter gives {cu.upheld} upheld decisions but only {cu.investigations} "
                "investigations; upheld decisions cannot outnumber investigations."
            )
        elif cu.percent is not None and cu.investigations > 0:
            _rate(
                warnings,
                cu.percent,
                cu.upheld,
                cu.investigations,
                "complaints upheld",
                " upheld",
                " investigations",
            )
        elif cu.percent is not None and cu.investigations == 0:
            warnings.append(
                f"The letter gives an uphold rate of {_fmt(cu.percent)}% but no investigations."
            )

    sr = letter.satisfactory_remedy
    if sr.remedies is not None and sr.basis is not None:
        if sr.remedies > sr.basis:
            warnings.append(
                f"The letter gives {sr.remedies} satisfactory remedy decisions out of only "
                f"{sr.basis}; the remedies cannot outnumber the total they are based on."
            )
        elif sr.percent is not None and sr.basis > 0:
            _rate(
                warnings,
                sr.percent,
                sr.remedies,
                sr.basis,
                "satisfactory remedies",
                "",
                "",
            )

    services = letter.received_by_service
    if "Total" in services:
        rows = sum(v for k, v in services.items() if k != "Total")
        if rows != services["Total"]:
            warnings.append(
                f"The complaints received by service add up to {rows}, but the table's total "
                f"is {services['Total']}."
            )

    d = letter.decisions
    parts = [
        d.incomplete_or_invalid,
        d.advice_given,
        d.referred_back,
        d.closed_after_initial_enquiries,
        d.not_upheld,
        d.upheld,
    ]
    known = [p for p in parts if p is not None]
    if d.total is not None and known and len(known) == len(parts) and sum(known) != d.total:
        warnings.append(
            f"The decisions made add up to {sum(known)}, but the table's total is {d.total}."
        )
    if d.upheld is not None and d.not_upheld is not None and d.uphold_rate is not None:
        investigations = d.upheld + d.not_upheld
        if investigations > 0 and (cu.percent != d.uphold_rate or cu.upheld != d.upheld):
            _rate(
                warnings,
                d.uphold_rate,
                d.upheld,
                investigations,
                "the decisions table's uphold rate",
                " upheld",
                " detailed investigations",
            )
    return warnings


def _rate(warnings, percent, part, whole, what, part_name, whole_name) -> None:
    actual = 100.0 * part / whole
    if abs(actual - percent) > TOLERANCE:
        warnings.append(
            f"The letter gives {_fmt(percent)}% for {what}, but {part}{part_name} out of "
            f"{whole}{whole_name} is {_fmt(round(actual, 1))}%."
        )

"""Consistency checks: disagreements between figures become plain-English warnings."""

from __future__ import annotations

from .result import ParsedLetter

TOLERANCE = 1.0  # percentage points: printed percentages are rounded to whole numbers
# A letter is written within months of its year's end (July, or May from 2025).
LETTER_AFTER_YEAR_END_DAYS = (0, 270)
# Upheld per 100,000: printed to one decimal, from the Ombudsman's population estimate of
# that year, which may differ by a few per cent from the register's.
PER_100K_ROUNDING = 0.05
PER_100K_POPULATION_DRIFT = 0.05


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

    ov = letter.overview
    parts = [ov.not_for_us, ov.assessed_and_closed, ov.investigated]
    if ov.dealt_with is not None and None not in parts and sum(parts) != ov.dealt_with:
        warnings.append(
            f"The complaint overview's parts (not for us, assessed and closed, investigated) "
            f"add up to {sum(parts)}, but it says {ov.dealt_with} complaints were dealt with."
        )

    if letter.letter_date and letter.period_end:
        after = (letter.letter_date - letter.period_end).days
        low, high = LETTER_AFTER_YEAR_END_DAYS
        if not low <= after <= high:
            warnings.append(
                f"The letter is dated {letter.letter_date:%-d %B %Y}, but the year it reports "
                f"ends on {letter.period_end:%-d %B %Y}: check that the year was read right."
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


def check_per_100k(letter: ParsedLetter, *, population: int | None) -> list[str]:
    """Upheld decisions per 100,000 residents against upheld / population, where the
    council's population is known (the parser does not know it; the caller does)."""
    cu = letter.complaints_upheld
    if not population or cu.per_100k is None or cu.upheld is None:
        return []
    expected = 100_000 * cu.upheld / population
    if abs(cu.per_100k - expected) <= PER_100K_ROUNDING + PER_100K_POPULATION_DRIFT * expected:
        return []
    return [
        f"The letter gives {_fmt(cu.per_100k)} upheld decisions per 100,000 residents, but "
        f"{cu.upheld} upheld for a population of {population:,} is {expected:.1f}."
    ]

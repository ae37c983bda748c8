"""How figures are written on the pages: whole percentages for councils (as the letters print
them), one decimal place for averages, every rate with its count."""

MINUS = "\u2212"


def percent(value: float | None, places: int = 0) -> str:
    if value is None:
        return "not known"
    return f"{value:.{places}f}%"


def average(value: float | None) -> str:
    return percent(value, 1)


def rate_with_count(
    value: float | None, numerator: float | None, denominator: int | None, noun: str = ""
) -> str:
    """'70%, 21 of 30'; 'none investigated' when the base is zero."""
    if denominator == 0:
        return f"no {noun}".strip() if noun else "none"
    if value is None:
        return "not known"
    if numerator is None or denominator is None:
        return percent(value)
    return f"{percent(value)}, {round(numerator):,} of {denominator:,}"


def difference(value: float | None, unit: str = "points") -> str:
    if value is None:
        return "not known"
    rounded = round(value, 1)
    if rounded == 0:
        return f"0.0 {unit}"
    sign = "+" if rounded > 0 else MINUS
    return f"{sign}{abs(rounded):.1f} {unit}"


def per_100k(value: float | None) -> str:
    if value is None:
        return "not known"
    return f"{value:.1f}"


def raw(value: float | None, places: int = 2) -> float | None:
    """A figure for CSV/JSON: rounded, None stays None."""
    return None if value is None else round(float(value), places)

"""How figures are written on the pages: whole percentages for councils (as the letters print
them), one decimal place for averages, every rate with its count; dates as GOV.UK writes them
("20 July 2024", "20 July 2024 at 2:05pm")."""

from datetime import date, datetime

MINUS = "\u2212"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


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


def long_date(value: date | str | None, missing: str = "not stated") -> str:
    """'20 July 2024', from a date, a datetime (its own calendar day: localise it first) or an
    ISO date as the parsed letters keep them ('2024-07-20'); `missing` for None."""
    if value is None or value == "":
        return missing
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def time_of_day(value: datetime) -> str:
    """'2:05pm', '9am', 'midday', 'midnight' (GOV.UK's style)."""
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def date_and_time(value: datetime | None, missing: str = "not known") -> str:
    """'20 July 2024 at 2:05pm' (localise an aware datetime first)."""
    if value is None:
        return missing
    return f"{long_date(value)} at {time_of_day(value)}"

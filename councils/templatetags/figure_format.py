"""How the council pages write their figures: percentages, differences from an average,
rates per 100,000 residents, reporting years, dates."""

from datetime import datetime

from django import template
from django.utils import timezone

from core import formatting
from core.periods import year_label
from councils.measures import SMALL_BASE

register = template.Library()


@register.filter
def percent(value, places=0):
    return formatting.percent(None if value is None else float(value), int(places))


@register.filter
def average_percent(value):
    return formatting.average(None if value is None else float(value))


@register.filter
def difference_points(value):
    return formatting.difference(None if value is None else float(value))


@register.filter
def per_100k(value):
    return formatting.per_100k(None if value is None else float(value))


@register.simple_tag
def rate(value, numerator, denominator, noun=""):
    return formatting.rate_with_count(
        None if value is None else float(value), numerator, denominator, noun
    )


@register.filter
def reporting_year(year):
    return year_label(int(year))


@register.filter
def stated_pct(value):
    return "not stated" if value is None else formatting.percent(float(value))


@register.filter
def stated_100k(value):
    return "not stated" if value is None else formatting.per_100k(float(value))


@register.filter
def is_small(base, limit=SMALL_BASE):
    """A rate resting on fewer than `limit` cases (but some)."""
    return base is not None and 0 < base < int(limit)


@register.filter
def difference_from(value, other):
    if value is None or other is None:
        return None
    return float(value) - float(other)


@register.filter
def thousands(value):
    return "" if value is None else f"{int(value):,}"


@register.filter
def difference_per_100k(value):
    return formatting.difference(None if value is None else float(value), unit="per 100,000")


def _local(value):
    """An aware datetime in the site's time zone (a date, string or naive value as it is)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def long_date(value, missing="not stated"):
    """'20 July 2024': every date on the letter, preview and reading pages."""
    return formatting.long_date(_local(value), missing)


@register.filter
def date_and_time(value):
    """'20 July 2024 at 2:05pm', in UK time."""
    return formatting.date_and_time(_local(value))

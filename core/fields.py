"""The kinds of column every stored figure is (percentages 0 to 100, counts, rates) and the
rules between columns, for letters and reports alike."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q


def percent_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        **kwargs,
    )


def count_field(verbose_name: str, **kwargs) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(verbose_name, null=True, blank=True, **kwargs)


def rate_field(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


def percent_in_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 100})


def at_most(smaller: str, larger: str) -> Q:
    return (
        Q(**{f"{smaller}__isnull": True})
        | Q(**{f"{larger}__isnull": True})
        | Q(**{f"{smaller}__lte": F(larger)})
    )

"""What every stored figure and original shares: the column kinds (percentages 0 to 100,
counts, rates), the rules between columns, and the abstract stored original."""

from django.conf import settings
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


class StoredDocument(models.Model):
    """What every stored original has: who uploaded which file, when, and what was read
    from it. A newer version for the same council and year becomes the current one."""

    original_filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, unique=True)
    extracted_text = models.TextField(blank=True)
    parser_version = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploaded_%(class)ss",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(
        default=True, help_text="The newest version for this council and period."
    )

    class Meta:
        abstract = True

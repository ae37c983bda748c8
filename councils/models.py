from collections.abc import Callable
from datetime import date
from functools import lru_cache

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import cached_property

from core.history import TRUNCATIONS_TABLE, AppendOnly, history_trackers
from councils.names import core_name, normalise_name


class AuthorityType(models.TextChoices):
    """The Ombudsman's five groups for comparing councils; values double as URL slugs."""

    COUNTY = "county", "County Council"
    DISTRICT = "district", "District Council"
    METROPOLITAN = "metropolitan-borough", "Metropolitan Borough"
    UNITARY = "unitary", "Unitary Council"
    LONDON = "london-borough", "London Borough"


_SLUG_MARK = "council-slug"


@lru_cache(maxsize=16)
def _council_path(urlconf, prefix: str, root_urlconf: str) -> str:
    return reverse("councils:council-detail", kwargs={"slug": _SLUG_MARK}, urlconf=urlconf)


def council_paths() -> Callable[[str], str]:
    """The council page's path of a slug. reverse() matches the URL patterns again on every
    call, and the lists link every council: the path is reversed once (per URL
    configuration and script prefix) and the slug, which needs no quoting, put in its
    place."""
    head, _, tail = _council_path(
        get_urlconf(), get_script_prefix(), settings.ROOT_URLCONF
    ).rpartition(_SLUG_MARK)
    return lambda slug: f"{head}{slug}{tail}"


class CouncilQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        """Councils in existence on a day (today by default)."""
        on = on or date.today()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=on)
        )

    def abolished(self, on: date | None = None):
        """Councils abolished by a day (today by default): the complement of current()
        among councils that have started."""
        return self.filter(end_date__isnull=False, end_date__lte=on or date.today())

    def of_type(self, authority_type: str):
        return self.filter(authority_type=authority_type)


@pghistory.track(*history_trackers())
class Council(models.Model):
    official_name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=120, help_text="e.g. 'Cambridge' or 'Croydon'")
    slug = models.SlugField(max_length=120, unique=True)
    register_code = models.CharField(
        max_length=10,
        unique=True,
        help_text="mySociety register's stable local-authority-code, e.g. CAB.",
    )
    gss_code = models.CharField(
        "ONS/GSS code", max_length=9, unique=True, null=True, blank=True, default=None
    )
    authority_type = models.CharField(max_length=24, choices=AuthorityType.choices)
    region = models.CharField(max_length=60, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="The day the council ceased to exist, if abolished."
    )
    successors = models.ManyToManyField(
        "self", symmetrical=False, related_name="predecessors", blank=True
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="officer_councils",
        blank=True,
        help_text="Council officers who may upload this council's letters.",
    )

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["short_name", "official_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="council_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_year__isnull=False),
                name="council_population_has_year",
            ),
            models.CheckConstraint(
                condition=~Q(gss_code=""), name="council_gss_code_null_not_blank"
            ),
        ]

    def __str__(self):
        return self.official_name

    def get_absolute_url(self):
        return council_paths()(self.slug)

    def exists_on(self, on: date) -> bool:
        """In existence on a day (the same rule as ``Council.objects.current(on)``)."""
        started = self.start_date is None or self.start_date <= on
        return started and (self.end_date is None or self.end_date > on)

    @cached_property
    def is_abolished(self) -> bool:
        """Abolished by today (the same rule as ``Council.objects.abolished()``)."""
        return self.end_date is not None and self.end_date <= date.today()


@pghistory.track(*history_trackers(), obj_field=None)
class CouncilSuccession(Council.successors.through):
    """A council's successor (the public pages link predecessors and successors), as a
    model only so that adding or removing one is in the history like any other change."""

    class Meta:
        proxy = True


@pghistory.track(*history_trackers(), obj_field=None)
class CouncilOfficer(Council.officers.through):
    """A council officer linked to a council (who may upload its letters), tracked as
    CouncilSuccession is."""

    class Meta:
        proxy = True


@pghistory.track(*history_trackers())
class CouncilName(models.Model):
    """Another spelling of a council's name that a letter may use."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, db_index=True, editable=False)
    core = models.CharField(
        max_length=200, db_index=True, editable=False, help_text="The name without 'Council' etc."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "normalised"], name="council_name_unique_per_council"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_match_keys()
        super().save(*args, **kwargs)

    def fill_match_keys(self) -> "CouncilName":
        """Set the keys matching looks names up by (also for bulk_create, which skips save)."""
        self.normalised = normalise_name(self.name)
        self.core = core_name(self.normalised)
        return self


class HistoryTruncation(models.Model):
    """A TRUNCATE of a tracked table: it empties the table without writing a row event, so
    a trigger on every tracked table (core.history.TruncationRecorded) records it here. Rows
    are written by that trigger only and, like the history, never changed or removed.

    It lives in this app because every app with tracked tables builds on it, so the table
    exists before any trigger that writes to it (and the migrations run one way)."""

    table_name = models.CharField(max_length=63)
    truncated_at = models.DateTimeField()
    database_user = models.CharField(max_length=63, help_text="The database role signed in.")
    client_address = models.GenericIPAddressField(null=True, blank=True)
    context = models.JSONField(
        null=True, blank=True, help_text="The app's history context (user, URL, reason), if any."
    )

    class Meta:
        db_table = TRUNCATIONS_TABLE
        ordering = ["-truncated_at", "-pk"]
        triggers = [AppendOnly(name="append_only")]

    def __str__(self):
        return f"TRUNCATE {self.table_name} at {self.truncated_at:%Y-%m-%d %H:%M:%S}"


class TypeYearAverage(models.Model):
    """The type averages of one authority type and reporting year (what
    councils.selectors.averages.TypeAverage holds: pooled and mean for each measure, with
    their counts, and the range of what the letters state), kept by PostgreSQL itself so
    that a page reads them with one indexed query instead of aggregating every letter.

    Rows are written only by the SQL function ``councils_refresh_type_year_averages`` that
    statement-level triggers on the tables it reads (letters_annualletter and
    councils_council) call in the same transaction as the write, for the (type, year) pairs
    the write touched (migration councils/0007): ORM saves, bulk updates, raw SQL and
    TRUNCATE alike. Never save one from Python: the next write to its letters recomputes it.
    ``manage.py check_type_averages`` compares the table with a fresh computation
    (``type_averages_computed``) and ``--refresh`` rebuilds it.

    A model rather than a bare table so that the ORM reads it with typed fields and
    Django's migrations know its schema (``makemigrations --check`` stays clean); a table
    rather than a materialized view, which PostgreSQL can only refresh whole, and not from
    within the writing transaction for the one type and year that changed."""

    authority_type = models.CharField(max_length=24, choices=AuthorityType.choices)
    year = models.PositiveSmallIntegerField(help_text="The year the reporting period ends.")
    letters = models.PositiveIntegerField(help_text="Current letters of this type and year.")

    uphold_councils = models.PositiveIntegerField()
    upheld_total = models.BigIntegerField(null=True)
    investigated_total = models.BigIntegerField(null=True)
    uphold_pooled = models.FloatField(null=True)
    uphold_mean = models.FloatField(null=True)
    uphold_stated_low = models.FloatField(null=True)
    uphold_stated_high = models.FloatField(null=True)
    uphold_stated_letters = models.PositiveIntegerField()

    compliance_councils = models.PositiveIntegerField()
    compliance_pooled = models.FloatField(null=True)
    compliance_mean = models.FloatField(null=True)
    compliance_stated_low = models.FloatField(null=True)
    compliance_stated_high = models.FloatField(null=True)
    compliance_stated_letters = models.PositiveIntegerField()

    remedy_councils = models.PositiveIntegerField()
    remedies_total = models.BigIntegerField(null=True)
    remedy_basis_total = models.BigIntegerField(null=True)
    remedy_pooled = models.FloatField(null=True)
    remedy_mean = models.FloatField(null=True)
    remedy_stated_low = models.FloatField(null=True)
    remedy_stated_high = models.FloatField(null=True)
    remedy_stated_letters = models.PositiveIntegerField()

    per_100k_councils = models.PositiveIntegerField()
    per_100k_pooled = models.FloatField(null=True)
    per_100k_mean = models.FloatField(null=True)
    per_100k_stated_low = models.FloatField(null=True)
    per_100k_stated_high = models.FloatField(null=True)
    per_100k_stated_letters = models.PositiveIntegerField()

    class Meta:
        ordering = ["year", "authority_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority_type", "year"], name="type_year_average_once"
            ),
            models.CheckConstraint(
                condition=Q(letters__gt=0), name="type_year_average_has_letters"
            ),
        ]

    def __str__(self):
        return f"{AuthorityType(self.authority_type).label} averages, {self.year}"

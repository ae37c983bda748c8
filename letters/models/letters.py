"""Ombudsman letters: the letter with every figure, its service rows, and the corrections
data admins make to its figures."""

import operator
import uuid
from functools import reduce
from pathlib import PurePath

import pghistory
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse

from core.fields import at_most, count_field, percent_field, percent_in_range, rate_field
from core.history import history_trackers
from core.periods import year_label
from councils.measures import letter_figures
from councils.models import Council
from documents.current import Withdrawable, current_through, withdrawal_rules
from documents.models import StoredDocument
from letters.figures import FIGURE_COLUMNS, show_value


def original_upload_to(instance, filename: str) -> str:
    """Where an original is stored: named by its content, never by the uploader's filename
    (which may carry personal data or path tricks), so storing it twice is harmless."""
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix not in {".pdf", ".txt"}:
        suffix = ""
    stem = getattr(instance, "sha256", "") or uuid.uuid4().hex
    return f"letters/originals/{stem}{suffix}"


PERCENT_FIELDS = (
    "upheld_percent",
    "upheld_average_percent",
    "compliance_percent",
    "compliance_average_percent",
    "remedy_percent",
    "remedy_average_percent",
    "decisions_uphold_rate",
)


class AnnualLetterQuerySet(models.QuerySet):
    def current(self):
        """Each council's current letter for each year (never a withdrawn one)."""
        return self.filter(is_current=True, withdrawn_at__isnull=True)

    def published(self):
        """The letters the public pages may show: every version, but none withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def for_council(self, council: Council):
        return self.filter(council=council)

    def with_figures(self):
        """These letters with their year (the calendar year the reporting period ends: 2024
        is 2023-24) and every public measure's figure (councils.measures)."""
        return self.annotate(year=ExtractYear("period_end"), **letter_figures())


@pghistory.track(
    *history_trackers(),
    # The extracted text is derived from the stored original; a change to it alone is
    # still recorded (the condition compares whole rows), without copying the text.
    exclude=["extracted_text"],
)
class AnnualLetter(StoredDocument, Withdrawable):
    """One council's LGSCO annual review letter for one reporting year, every figure
    of parsed-letter.schema.json as its own typed, nullable column."""

    # What makes two letters versions of each other (one of them current).
    VERSION_OF = ("council", "period_start", "period_end")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="letters")
    council_name_as_printed = models.CharField(max_length=200, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    letter_date = models.DateField(null=True, blank=True, help_text="Null for a statistics page.")

    # 2024-25 on: the complaint overview.
    overview_dealt_with = count_field("complaints dealt with")
    overview_not_for_us = count_field("not for us or not ready")
    overview_assessed_and_closed = count_field("assessed and closed")
    overview_investigated = count_field("investigated (overview)")

    # Complaints upheld.
    upheld_percent = percent_field("upheld %")
    upheld_average_percent = percent_field("upheld %, similar authorities")
    upheld_count = count_field("upheld decisions")
    investigations = count_field("detailed investigations")
    upheld_per_100k = rate_field("upheld per 100,000 residents")
    upheld_average_per_100k = rate_field("upheld per 100,000, similar authorities")

    # Compliance with recommendations.
    compliance_percent = percent_field("compliance %")
    compliance_average_percent = percent_field("compliance %, similar authorities")
    compliance_outcomes = count_field("compliance outcomes")

    # Satisfactory remedy provided by the council.
    remedy_percent = percent_field("satisfactory remedy %")
    remedy_average_percent = percent_field("satisfactory remedy %, similar authorities")
    remedies = count_field("satisfactory remedy decisions")
    remedy_basis = count_field(
        "remedy basis", help_text="The total the remedy percentage is based on."
    )

    # 2014-2018: the "Decisions made" table.
    decisions_incomplete_or_invalid = count_field("incomplete or invalid")
    decisions_advice_given = count_field("advice given")
    decisions_referred_back = count_field("referred back for local resolution")
    decisions_closed_after_initial_enquiries = count_field("closed after initial enquiries")
    decisions_not_upheld = count_field("not upheld")
    decisions_upheld = count_field("upheld")
    decisions_uphold_rate = percent_field("uphold rate")
    decisions_total = count_field("total decisions")

    # 2014-2018: "Complaints remedied".
    remedied_by_ombudsman = count_field("remedied by the Ombudsman")
    remedied_by_authority = count_field("remedied satisfactorily by the council first")

    warnings = models.JSONField(default=list, blank=True)
    evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "For each figure read, the letter's own words it was read from: dotted field "
            "name of the parser's contract (“complaints_upheld.percent”) -> text."
        ),
    )

    original = models.FileField(upload_to=original_upload_to, max_length=200)

    objects = AnnualLetterQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-period_end", "-uploaded_at"]
        permissions = [("upload_for_any_council", "Can upload letters for any council")]
        indexes = [
            models.Index(fields=["period_end", "is_current"]),
            # Each council's newest current letter: the /councils/ table's row for it.
            models.Index(
                fields=["council", "-period_end", "-id"],
                condition=Q(is_current=True, withdrawn_at__isnull=True),
                name="letter_newest_current",
            ),
            # The latest uploads (the home page's list).
            models.Index(
                fields=["-uploaded_at", "-id"],
                condition=Q(is_current=True, withdrawn_at__isnull=True),
                name="letter_latest_current_upload",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "period_start", "period_end"],
                condition=Q(is_current=True),
                name="one_current_letter_per_council_and_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="letter_period_in_order"
            ),
            models.CheckConstraint(
                condition=at_most("upheld_count", "investigations"),
                name="letter_upheld_at_most_investigations",
            ),
            models.CheckConstraint(
                condition=at_most("decisions_upheld", "decisions_total"),
                name="letter_decisions_upheld_at_most_total",
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="letter_sha256_is_hex"
            ),
            *withdrawal_rules("letter"),
            *[
                models.CheckConstraint(
                    condition=percent_in_range(field), name=f"letter_{field}_0_100"
                )
                for field in PERCENT_FIELDS
            ],
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
                    name=f"letter_{field}_not_negative",
                )
                for field in ("upheld_per_100k", "upheld_average_per_100k")
            ],
        ]

    def __str__(self):
        return f"{self.council} {self.period_label}"

    kind_label = "letter"

    def get_absolute_url(self):
        return reverse("letters:letter-detail", kwargs={"pk": self.pk})

    @property
    def period_label(self) -> str:
        """'2023-24' for 1 April 2023 to 31 March 2024."""
        return year_label(self.period_end.year)

    @property
    def title(self) -> str:
        return f"{self.period_label} letter"


class ServiceComplaintStatsQuerySet(models.QuerySet):
    def current(self):
        """The rows the public pages show: a letter's rows through its current letter, a
        report's rows through the newest current report that gives that year's service
        rows (documents.current). Rows of older documents are kept, not shown."""
        same = ("source", "council", "period_start", "period_end")
        return self.filter(
            Q(source=ServiceComplaintStats.Source.LGSCO_LETTER)
            & current_through(ServiceComplaintStats, "letter", same=same)
            | Q(source=ServiceComplaintStats.Source.COUNCIL_REPORT)
            & current_through(ServiceComplaintStats, "report", same=same)
        )


@pghistory.track(*history_trackers())
class ServiceComplaintStats(models.Model):
    """Complaints about one service area, for one council and reporting year, from one
    kind of source document."""

    # The figures a data admin may correct (a Correction each, with the reason).
    FIGURE_COLUMNS = (
        "complaints",
        "stage_2",
        "independent_investigator",
        "in_target_percent",
        "multi_service",
        "compliments",
    )

    class Source(models.TextChoices):
        LGSCO_LETTER = "lgsco-letter", "Ombudsman letter (complaints and enquiries received)"
        COUNCIL_REPORT = "council-report", "Council's own annual complaints report"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="service_stats")
    period_start = models.DateField()
    period_end = models.DateField()
    source = models.CharField(max_length=20, choices=Source.choices)
    letter = models.ForeignKey(
        AnnualLetter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_stats",
        help_text="The letter the figures came from, for Ombudsman figures.",
    )
    report = models.ForeignKey(
        "reports.CouncilReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_stats",
        help_text="The council's report the figures came from, for the council's own figures.",
    )
    service = models.CharField(max_length=120, help_text="The service area as printed.")
    ombudsman_service_area = models.CharField(
        max_length=60,
        blank=True,
        help_text="The Ombudsman's service area it falls in, where the mapping is clear.",
    )
    complaints = count_field("complaints", help_text="Total received (or total in the report).")
    stage_2 = count_field("stage 2")
    independent_investigator = count_field("independent investigator / stage 3")
    in_target_percent = percent_field("answered within target %")
    multi_service = count_field("multi-service")
    compliments = count_field("compliments")

    objects = ServiceComplaintStatsQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-period_end", "source", "service"]
        verbose_name_plural = "service complaint stats"
        constraints = [
            # One row per service in each document (and year, for a report): every
            # version's rows are kept, and which are current is a query (current()).
            models.UniqueConstraint(
                fields=["letter", "service"],
                condition=Q(source="lgsco-letter"),
                name="service_stats_unique_per_letter_service",
            ),
            models.UniqueConstraint(
                fields=["report", "period_start", "period_end", "service"],
                condition=Q(source="council-report"),
                name="service_stats_unique_per_report_period_service",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="service_stats_period_in_order"
            ),
            models.CheckConstraint(
                condition=percent_in_range("in_target_percent"),
                name="service_stats_in_target_0_100",
            ),
            models.CheckConstraint(
                condition=~Q(source="lgsco-letter") | Q(letter__isnull=False),
                name="service_stats_letter_rows_name_their_letter",
            ),
            models.CheckConstraint(
                condition=~Q(source="council-report") | Q(report__isnull=False),
                name="service_stats_report_rows_name_their_report",
            ),
        ]

    def __str__(self):
        return f"{self.council} {self.period_start.year}-{self.period_end.year}: {self.service}"


# What a correction corrects: exactly one of these.
CORRECTED = ("letter", "report_year", "service_row")


class CorrectionQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(withdrawn_at__isnull=True)


@pghistory.track(*history_trackers())
class Correction(models.Model):
    """A figure set by hand by a data admin, with the reason: a figure of a letter, of one
    year of a council's report, or of a service row (exactly one of ``letter``,
    ``report_year`` and ``service_row``).

    The change itself is recorded in the history of what it corrects (PostgreSQL
    triggers); this row says which column is held against re-parsing and gives the public
    pages the old value and the reason in one cheap query. At most one correction per
    column is in force; a newer correction of the same column supersedes it, reverting it
    withdraws it."""

    letter = models.ForeignKey(
        AnnualLetter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
    )
    report_year = models.ForeignKey(
        "reports.CouncilReportYear",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The year of a council's report corrected (for a report's figure).",
    )
    service_row = models.ForeignKey(
        ServiceComplaintStats,
        # A corrected row is never deleted (a re-parse keeps it): refused if tried.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The service row corrected (for a service figure).",
    )
    column = models.CharField(max_length=60)
    old_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    new_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    reason = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    made_at = models.DateTimeField(auto_now_add=True)
    history_id = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="The history event (change #N) of what it corrected that it made.",
    )
    supersedes = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "column"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_correction_in_force_per_letter_column",
            ),
            models.UniqueConstraint(
                fields=["report_year", "column"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_correction_in_force_per_report_year_column",
            ),
            models.UniqueConstraint(
                fields=["service_row", "column"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_correction_in_force_per_service_row_column",
            ),
            models.CheckConstraint(
                condition=reduce(
                    operator.or_,
                    [
                        Q(**{f"{other}__isnull": other != owner for other in CORRECTED})
                        for owner in CORRECTED
                    ],
                ),
                name="correction_of_one_letter_report_year_or_service_row",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.corrected}: {self.column} {self.old_value} -> {self.new_value}"

    @property
    def corrected(self):
        """The letter, report year or service row corrected."""
        return self.letter or self.report_year or self.service_row

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None

    def _figure(self) -> tuple[str, bool]:
        """(label, is a percentage) of the corrected column."""
        if self.letter_id is not None:
            figure = FIGURE_COLUMNS.get(self.column)
            return (figure.label, figure.is_percent) if figure else (self.column, False)
        # The corrected model, named by the foreign key (letters does not import reports).
        owner = "report_year" if self.report_year_id is not None else "service_row"
        model = self._meta.get_field(owner).related_model
        try:
            label = str(model._meta.get_field(self.column).verbose_name)
        except FieldDoesNotExist:
            label = self.column
        return label, self.column.endswith("_percent")

    @property
    def label(self) -> str:
        return self._figure()[0]

    def _show(self, value) -> str:
        if value is None:
            return "not stated"
        return show_value(value, is_percent=self._figure()[1])

    @property
    def old_display(self) -> str:
        return self._show(self.old_value)

    @property
    def new_display(self) -> str:
        return self._show(self.new_value)

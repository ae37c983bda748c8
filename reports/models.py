"""Councils' own annual complaints reports and the council-wide figures they give per
year. The tables (and their history tables) keep the names they had in the letters app."""

import uuid
from pathlib import PurePath

import pghistory
from django.db import models
from django.db.models import F, Q

from core.fields import count_field, percent_field, percent_in_range
from core.history import history_trackers
from core.periods import year_label
from councils.models import Council
from documents.current import Withdrawable, current_through, withdrawal_rules
from documents.models import StoredDocument


def report_upload_to(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix not in {".pdf", ".txt", ".docx", ".csv"}:
        suffix = ""
    return f"reports/originals/{instance.sha256 or uuid.uuid4().hex}{suffix}"


class CouncilReportQuerySet(models.QuerySet):
    def current(self):
        """Each council's current report for each year (never a withdrawn one)."""
        return self.filter(is_current=True, withdrawn_at__isnull=True)

    def published(self):
        """The reports the public pages may show: none withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


@pghistory.track(
    *history_trackers(),
    # Derived from the stored original: a change to them alone is still recorded (the
    # condition compares whole rows), without copying them into every event.
    exclude=["extracted_text", "parsed"],
    meta={"db_table": "letters_councilreportevent"},
)
class CouncilReport(StoredDocument, Withdrawable):
    """A council's own annual complaints report (or the CSV template filled in), with the
    figures it gives for each year it covers."""

    # What makes two reports versions of each other (one of them current).
    VERSION_OF = ("council", "period_end")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="reports")
    council_name_as_printed = models.CharField(max_length=200, blank=True)
    report_year = models.CharField(max_length=7, help_text="The report's own year, e.g. 2019-20.")
    period_start = models.DateField(help_text="Start of the earliest year the report covers.")
    period_end = models.DateField(help_text="End of the report's own year.")
    parsed = models.JSONField(help_text="Everything the parser read (channels, Ombudsman cases).")
    warnings = models.JSONField(default=list, blank=True)
    original = models.FileField(upload_to=report_upload_to, max_length=200)

    objects = CouncilReportQuerySet.as_manager()

    class Meta:
        db_table = "letters_councilreport"
        ordering = ["council", "-period_end", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "period_end"],
                condition=Q(is_current=True),
                name="one_current_report_per_council_and_year",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="report_period_in_order"
            ),
            *withdrawal_rules("report"),
        ]

    kind_label = "complaints report"

    def __str__(self):
        return f"{self.council} complaints report {self.report_year}"

    @property
    def title(self) -> str:
        return f"{self.report_year} complaints report"

    def get_absolute_url(self):
        """The report on its council's page (where it is listed, with its download)."""
        return f"{self.council.get_absolute_url()}#report-{self.pk}"


class CouncilReportYearQuerySet(models.QuerySet):
    def current(self):
        """The rows the public pages show: each year from the newest current report that
        gives it (documents.current). Older reports' rows for the year are kept."""
        return self.filter(current_through(CouncilReportYear, "report"))


@pghistory.track(*history_trackers(), meta={"db_table": "letters_councilreportyearevent"})
class CouncilReportYear(models.Model):
    """The council-wide figures a report gives for one year."""

    # The figures a data admin may correct (a Correction each, with the reason).
    FIGURE_COLUMNS = (
        "total_complaints",
        "stage_1",
        "stage_2",
        "independent_investigator",
        "ombudsman",
        "ombudsman_investigated",
        "ombudsman_upheld",
        "resolved_at_stage_1_percent",
        "in_target_percent",
        "compliments",
    )

    report = models.ForeignKey(CouncilReport, on_delete=models.CASCADE, related_name="years")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="report_years")
    period_start = models.DateField()
    period_end = models.DateField()
    total_complaints = count_field("complaints in all")
    stage_1 = count_field("stage 1")
    stage_2 = count_field("stage 2")
    independent_investigator = count_field("independent investigator / stage 3")
    ombudsman = count_field("to the Ombudsman")
    ombudsman_investigated = count_field("investigated by the Ombudsman")
    ombudsman_upheld = count_field("upheld by the Ombudsman")
    resolved_at_stage_1_percent = percent_field("resolved at stage 1 %")
    in_target_percent = percent_field("answered within target %")
    compliments = count_field("compliments")
    channels_percent = models.JSONField(default=dict, blank=True)

    objects = CouncilReportYearQuerySet.as_manager()

    class Meta:
        db_table = "letters_councilreportyear"
        ordering = ["council", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "period_start", "period_end"], name="report_year_unique"
            ),
            models.CheckConstraint(
                condition=percent_in_range("in_target_percent")
                & percent_in_range("resolved_at_stage_1_percent"),
                name="report_year_percents_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.council} {year_label(self.period_end.year)}"

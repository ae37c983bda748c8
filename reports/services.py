"""Writing councils' own annual complaints reports: the report, its council-wide figures
per year, and its per-service figures (ServiceComplaintStats with the report as source),
in one transaction. Nothing an older report said is deleted: which rows are current is
documents.current's rule."""

from pathlib import PurePath

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from councils.matching import CouncilNotMatched, match_council
from councils.models import Council
from documents.ingest import (
    COUNCIL_NOT_IN_REGISTER,
    INVALID_FIGURES,
    IngestResult,
    UploadRefused,
    constraint_broken,
    decimal_or_none,
)
from documents.signals import documents_saved
from documents.storage import sha256_of, store_original
from letters.models import ServiceComplaintStats
from reports.models import CouncilReport, CouncilReportYear, report_upload_to
from reports.parsing import REPORT_PARSER_VERSION, ParsedCouncilReport
from reports.parsing.result import year_period

NO_REPORT_YEARS = "The report does not say which years its figures are for."
NO_REPORT_COUNCIL = "The report does not say which council it is about."


def check_report_has_figures(report: ParsedCouncilReport) -> None:
    if not report.years and not report.services:
        raise UploadRefused(NO_REPORT_YEARS)


def council_for_report(report: ParsedCouncilReport) -> Council:
    if not report.council:
        raise UploadRefused(NO_REPORT_COUNCIL)
    try:
        return match_council(report.council, on=_last_period(report)[1])
    except CouncilNotMatched as exc:
        raise UploadRefused(COUNCIL_NOT_IN_REGISTER.format(error=exc)) from exc


def _years(report: ParsedCouncilReport) -> list[str]:
    labels = {y.year for y in report.years} | {s.year for s in report.services}
    if report.report_year:
        labels.add(report.report_year)
    return sorted(labels)


def _first_period(report: ParsedCouncilReport):
    return year_period(_years(report)[0])


def _last_period(report: ParsedCouncilReport):
    return year_period(report.report_year or _years(report)[-1])


def report_ingest(
    *,
    parsed: ParsedCouncilReport,
    data: bytes,
    filename: str,
    council: Council,
    uploaded_by: AbstractBaseUser | None,
) -> IngestResult:
    """Save a council's report. The same file again is already present (nothing written).
    Every report keeps its own rows: a newer report covering years already stored is what
    the pages show for those years (``current()``), the older report's rows stay."""
    if not _years(parsed):
        raise UploadRefused(NO_REPORT_YEARS)
    sha256 = sha256_of(data)
    try:
        with transaction.atomic():
            Council.objects.select_for_update().only("pk").get(pk=council.pk)
            existing = CouncilReport.objects.filter(sha256=sha256).first()
            if existing is not None:
                return IngestResult(existing, IngestResult.ALREADY_PRESENT)
            start, _ = _first_period(parsed)
            _, end = _last_period(parsed)
            previous = CouncilReport.objects.current().filter(council=council, period_end=end)
            previous = previous.first()
            if previous is not None:
                previous.is_current = False
                previous.save(update_fields=["is_current"])
            report = CouncilReport(
                council=council,
                council_name_as_printed=parsed.council or "",
                report_year=parsed.report_year or _years(parsed)[-1],
                period_start=start,
                period_end=end,
                parsed=parsed.to_dict(),
                warnings=list(parsed.warnings),
                original_filename=PurePath(filename).name[:255],
                sha256=sha256,
                extracted_text=parsed.text,
                parser_version=REPORT_PARSER_VERSION,
                uploaded_by=uploaded_by,
            )
            report.original.name = report_upload_to(report, filename)
            report.full_clean(exclude=["sha256", "council", "uploaded_by"])
            store_original(name=report.original.name, data=data)
            report.save()
            _save_years(report, parsed)
            _save_services(report, parsed)
            documents_saved.send(CouncilReport, documents=[report])
            status = IngestResult.REPLACED if previous else IngestResult.IMPORTED
            return IngestResult(report, status, replaced=previous)
    except IntegrityError as exc:
        raise UploadRefused(INVALID_FIGURES.format(errors=constraint_broken(exc))) from exc


def _save_years(report: CouncilReport, parsed: ParsedCouncilReport) -> None:
    CouncilReportYear.objects.bulk_create(
        [
            CouncilReportYear(
                report=report,
                council=report.council,
                period_start=year.period_start,
                period_end=year.period_end,
                total_complaints=year.total_complaints,
                stage_1=year.stage_1,
                stage_2=year.stage_2,
                independent_investigator=year.independent_investigator,
                ombudsman=year.ombudsman,
                ombudsman_investigated=year.ombudsman_investigated,
                ombudsman_upheld=year.ombudsman_upheld,
                resolved_at_stage_1_percent=decimal_or_none(year.resolved_at_stage_1_percent),
                in_target_percent=decimal_or_none(year.in_target_percent),
                compliments=year.compliments,
                channels_percent={k: float(v) for k, v in year.channels_percent.items()},
            )
            for year in parsed.years
        ]
    )


def _save_services(report: CouncilReport, parsed: ParsedCouncilReport) -> None:
    rows = [
        ServiceComplaintStats(
            council=report.council,
            period_start=row.period_start,
            period_end=row.period_end,
            source=ServiceComplaintStats.Source.COUNCIL_REPORT,
            report=report,
            service=row.service[:120],
            ombudsman_service_area=row.ombudsman_service_area or "",
            complaints=row.complaints,
            stage_2=row.stage_2,
            independent_investigator=row.independent_investigator,
            in_target_percent=decimal_or_none(row.in_target_percent),
            multi_service=row.multi_service,
            compliments=row.compliments,
        )
        for row in parsed.services
    ]
    ServiceComplaintStats.objects.bulk_create(rows)

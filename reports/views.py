from django.shortcuts import get_object_or_404

from documents.storage import original_attachment
from reports.models import CouncilReport


def report_original(request, pk: int):
    report = get_object_or_404(CouncilReport.objects.published().select_related("council"), pk=pk)
    return original_attachment(
        report.original, f"{report.council.slug}-complaints-report-{report.report_year}"
    )

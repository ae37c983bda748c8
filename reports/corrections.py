"""Hand corrections of a council report's figures, the same way as a letter's: each figure
of a report's year a data admin changes gets a ``Correction`` with the reason (shown
beside the figure on the council page), and the change is in the year's history with the
reason and the user."""

from letters.corrections import figures_correct
from letters.models import Correction
from reports.models import CouncilReportYear


def report_year_correct(*, report_year: CouncilReportYear, reason: str, user=None) -> list:
    """Save `report_year`, changed in memory by a data admin, recording why (one
    transaction). Raises letters.corrections.CorrectionRefused without a reason."""
    return figures_correct(
        obj=report_year,
        columns=CouncilReportYear.FIGURE_COLUMNS,
        owner="report_year",
        reason=reason,
        user=user,
    )


def report_year_columns_in_force(report_year: CouncilReportYear) -> set[str]:
    """The columns of a report's year with a correction in force: what anything that
    writes the year's figures again from the report must leave alone."""
    return set(
        Correction.objects.in_force()
        .filter(report_year_id=report_year.pk)
        .values_list("column", flat=True)
    )

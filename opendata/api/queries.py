"""What the API reads, through the apps' own selectors and querysets: the register's
councils, letters with every measure's figure (``AnnualLetter.objects.with_figures()``,
councils.measures), the corrections in force (letters.selectors) and the type averages
(councils.selectors). Nothing here computes a figure."""

from django.db.models import Prefetch, QuerySet

from councils.models import Council
from councils.selectors.council_page import council_for_page
from letters.models import AnnualLetter, ServiceComplaintStats

STATUSES = ("current", "abolished", "all")


def councils(
    *, authority_type: str | None = None, region: str | None = None, status: str = "current"
) -> QuerySet[Council]:
    """The register's councils, in name order (as /councils/ lists them)."""
    found = {
        "current": Council.objects.current,
        "abolished": Council.objects.abolished,
        "all": Council.objects.all,
    }[status]()
    if authority_type:
        found = found.filter(authority_type=authority_type)
    if region:
        found = found.filter(region__iexact=region)
    return found.order_by("short_name", "official_name", "pk")


def council(*, slug: str) -> Council:
    """One council with its predecessors and successors (Council.DoesNotExist if none)."""
    return council_for_page(slug=slug)


def current_letters_of(council: Council) -> list[AnnualLetter]:
    """The council's current letter for each year, newest first."""
    return list(
        AnnualLetter.objects.current()
        .filter(council=council)
        .only("pk", "period_end")
        .order_by("-period_end")
    )


def letters(
    *,
    council: str | None = None,
    authority_type: str | None = None,
    year: int | None = None,
    versions: str = "current",
) -> QuerySet[AnnualLetter]:
    """Letters with every figure and measure, their council and their service rows in
    printed order; newest year first, then by council name."""
    # Every version the public pages show (never a withdrawn letter), or the current ones.
    published = AnnualLetter.objects.published()
    found = published if versions == "all" else AnnualLetter.objects.current()
    if council:
        found = found.filter(council__slug=council)
    if authority_type:
        found = found.filter(council__authority_type=authority_type)
    if year is not None:
        found = found.filter(period_end__year=year)
    return (
        found.with_figures()
        .select_related("council")
        .defer("extracted_text")
        .prefetch_related(
            Prefetch(
                "service_stats",
                queryset=ServiceComplaintStats.objects.order_by("pk"),
                to_attr="printed_services",
            )
        )
        .order_by("-period_end", "council__short_name", "-uploaded_at", "-pk")
    )


def letter(*, pk: int) -> AnnualLetter:
    """One letter (any version the pages show: not a withdrawn one), as letters() gives it
    (AnnualLetter.DoesNotExist)."""
    return letters(versions="all").get(pk=pk)

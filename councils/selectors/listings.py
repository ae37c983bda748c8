"""Listings: the /councils/ table's rows, the compare page's league table of one type and
year, and the home page's lists."""

import functools
from datetime import date

from django.db.models import (
    Case,
    F,
    FilteredRelation,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import ExtractYear, Rank

from core.prepared import prepared
from councils.measures import (
    COMPLIANCE,
    PER_100K_RESIDENTS,
    REMEDY,
    UPHOLD,
    letter_figures,
)
from councils.models import AuthorityType, Council, TypeYearAverage
from letters.models import AnnualLetter

# The councils table ---------------------------------------------------------------------


def council_table_rows(*, year: int | None = None) -> QuerySet[Council]:
    """Councils annotated with their latest letter's figures (or that year's, when `year`
    is given, keeping only councils with a letter that year), the type's pooled uphold
    average for that letter's year (from the summary table, by its unique key) and the
    difference from it; filter it further as any queryset.

    One query: each council joined to the one letter it shows (a LEFT JOIN restricted to
    its latest current letter, so councils without one, or whose letters were all
    withdrawn, stay in, once, with no figures)."""
    return _annotated_councils(year).all()


# Building these annotations costs the councils page more than PostgreSQL takes to run
# them: each process builds them once for each year asked for, and every request starts
# from a copy (``.all()``; the kept queryset itself is never run).
@functools.lru_cache(maxsize=32)
def _annotated_councils(year: int | None) -> QuerySet[Council]:
    queryset = Council.objects.all()
    if year is None:
        latest = (
            AnnualLetter.objects.current()
            .filter(council=OuterRef("pk"))
            .order_by("-period_end", "-pk")
            .values("pk")[:1]
        )
        queryset = queryset.annotate(shown_letter_id=Subquery(latest)).annotate(
            shown=FilteredRelation("letters", condition=Q(letters__pk=F("shown_letter_id")))
        )
    else:
        queryset = queryset.annotate(
            shown=FilteredRelation(
                "letters",
                condition=Q(letters__is_current=True, letters__period_end__year=year),
            )
        ).filter(shown__pk__isnull=False)
    figures = letter_figures(prefix="shown__")
    queryset = queryset.annotate(
        letter_year=ExtractYear("shown__period_end"),
        uphold_rate=figures["uphold_rate"],
        upheld=figures["upheld_n"],
        investigated=figures["investigated_n"],
        compliance_rate=figures["compliance_rate"],
        compliance_outcomes=F("shown__compliance_outcomes"),
        remedy_rate=figures["remedy_rate"],
        remedies=F("shown__remedies"),
        remedy_basis=F("shown__remedy_basis"),
        per_100k=figures["per_100k"],
    )
    average = (
        TypeYearAverage.objects.filter(
            authority_type=OuterRef("authority_type"), year=OuterRef("letter_year")
        )
        .order_by()  # one row: no sort
        .values("uphold_pooled")
    )
    return queryset.annotate(type_average=Subquery(average)).annotate(
        difference=F("uphold_rate") - F("type_average")
    )


def letter_years() -> list[int]:
    """Every year with a current letter, newest first (from the type averages' summary
    table, which has a row for each type and year with one)."""
    return list(TypeYearAverage.objects.order_by("-year").values_list("year", flat=True).distinct())


def regions() -> list[str]:
    return list(
        Council.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )


# The comparison page ---------------------------------------------------------------------


def council_comparison_rows(
    *, authority_type: str, year: int, average: float | None
) -> QuerySet[AnnualLetter]:
    """Every current letter of one type and year with its council, figures, difference from
    `average` (the pooled type average) and rank (1 = lowest uphold rate; ties share)."""
    return (
        _comparison_letters()
        .filter(council__authority_type=authority_type, period_end__year=year)
        .annotate(difference=F("uphold_rate") - Value(average, output_field=FloatField()))
    )


@functools.lru_cache(maxsize=1)  # built once per process, as _annotated_councils
def _comparison_letters() -> QuerySet[AnnualLetter]:
    return (
        AnnualLetter.objects.current()
        .with_figures()
        .select_related("council")
        .only(
            "pk",
            "period_start",
            "period_end",
            UPHOLD.column,
            UPHOLD.stated_average,
            PER_100K_RESIDENTS.column,
            *COMPLIANCE.counts,
            *REMEDY.counts,
            "council__official_name",
            "council__short_name",
            "council__slug",
            "council__end_date",
        )
        .annotate(
            rank=Case(
                When(uphold_rate__isnull=True, then=Value(None)),
                default=Window(Rank(), order_by=F("uphold_rate").asc(nulls_last=True)),
            ),
        )
    )


# Home -------------------------------------------------------------------------------------


# The home page's "Letters added most recently".
LATEST_LETTERS = 8


@prepared
def _latest_letters():
    return (
        AnnualLetter.objects.current()
        .annotate(council_name=F("council__official_name"), council_slug=F("council__slug"))
        .only("pk", "period_start", "period_end", "uploaded_at")
        .order_by("-uploaded_at", "-pk")[:LATEST_LETTERS]
    )


def latest_letters() -> list[AnnualLetter]:
    """The letters added most recently, each with its council's ``council_name`` and
    ``council_slug``."""
    return _latest_letters()


@prepared
def _council_names(*, on: date):
    return Council.objects.current(on).values("official_name", "slug", "authority_type")


def council_names_by_type() -> list[tuple[str, list[tuple[str, str]]]]:
    """[(type label, [(official name, slug)] of its current councils)] in the Ombudsman's
    order, by short name (the home page lists every council: rows, not model instances)."""
    grouped: dict[str, list[tuple[str, str]]] = {value: [] for value in AuthorityType.values}
    for row in _council_names(on=date.today()):
        grouped[row["authority_type"]].append((row["official_name"], row["slug"]))
    return [(AuthorityType(value).label, grouped[value]) for value in AuthorityType.values]

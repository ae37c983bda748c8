"""The public pages take a constant number of queries, at most six, however many councils
and letters there are: the type averages come from their summary table, and what the council
page reads of its own (councils.selectors.council_page) is two queries: the council with its
links, its type's averages and its service rows, and its letters with their corrections; a
third, its reports' years with theirs, only where its own reports gave figures. (The page's
cards of other apps, what the Ombudsman said and the three years pooled, and the page
cache's versions add their own.) The council page's two are compiled once per process
(core.prepared)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Value
from django.test.utils import CaptureQueriesContext

from bench.generate_data import generate
from core.prepared import prepared
from councils.models import Council, TypeYearAverage
from councils.selectors.averages import type_averages
from councils.selectors.council_page import council_page
from letters.models import AnnualLetter, ServiceComplaintStats
from tests.support.factories import make_council, make_letter

pytestmark = pytest.mark.django_db

MOST = 6


def pages() -> dict[str, str]:
    council = (
        Council.objects.filter(authority_type="district", end_date__isnull=True)
        .filter(letters__isnull=False)
        .order_by("pk")
        .first()
    )
    return {
        "home": "/",
        "councils": "/councils/",
        "councils, a year": "/councils/?year=2024&sort=-difference",
        "council page": council.get_absolute_url(),
        "compare": "/compare/district/2025/",
        "compare, highlighted": f"/compare/district/2025/?highlight={council.slug}",
        "CSV export": "/councils/?_export=csv",
    }


def queries(client) -> dict[str, int]:
    counts = {}
    for name, url in pages().items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(captured.captured_queries)
    return counts


def test_each_page_takes_the_same_few_queries_for_20_and_for_120_councils(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    generate(councils=20, years=3, prefix="few")
    few = queries(client)
    generate(councils=100, years=3, prefix="more")
    assert Council.objects.count() == 120
    more = queries(client)
    assert more == few
    assert max(few.values()) <= MOST, few


def test_a_public_page_writes_no_history_context(client, ambridge):
    """The history's context (who, from which page) is set on requests that write, not on
    every page (a query each)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/councils/ambridge/").status_code == 200
    assert not [q for q in captured.captured_queries if "pghistory" in q["sql"]]


def test_the_council_page_reads_its_own_in_two_queries(
    ambridge, corrected, django_assert_num_queries
):
    letter = AnnualLetter.objects.get(council__slug="ambridge", period_end__year=2024)
    for service, complaints in (("Housing", 7), ("Planning", None)):
        ServiceComplaintStats.objects.create(
            council=letter.council, letter=letter, source="lgsco-letter", service=service,
            period_start=letter.period_start, period_end=letter.period_end,
            complaints=complaints, in_target_percent=Decimal("62.50"),
        )  # fmt: skip
    with django_assert_num_queries(2):
        page = council_page(slug="ambridge")
    # The service rows, read with the council, are what the ORM reads, field for field.
    orm = ServiceComplaintStats.objects.current().filter(council__slug="ambridge")
    fields = [f.attname for f in ServiceComplaintStats._meta.concrete_fields]
    assert [[getattr(row, name) for name in fields] for row in page.service_stats] == [
        [getattr(row, name) for name in fields]
        for row in orm.order_by("-period_end", "source", "service")
    ]
    assert [row.service for row in page.service_stats] == ["Housing", "Planning"]
    assert [year.year for year in page.years] == [2024, 2023, 2022, 2021, 2020, 2019]
    average = page.years[0].average  # Ambridge, Borchester and Cambridge in 2023-24
    assert average == type_averages(authority_type="district", year=2024)[0]
    assert isinstance(average.per_100k_mean, float)
    assert [c.slug for c in page.council.predecessors.all()] == ["old-ambridge"]
    with django_assert_num_queries(2):
        page = council_page(slug="cambridge")
    [year] = page.years
    [correction] = year.corrections.values()
    assert (correction.column, correction.old_value, correction.new_value) == (
        "upheld_percent",
        Decimal("70.00"),
        Decimal("68.00"),
    )
    assert correction.made_at == corrected.corrections.get().made_at


def test_a_prepared_query_reads_what_its_queryset_reads(ambridge, corrected):
    """core.prepared: the same rows, fields and annotations (converted as the ORM does:
    the year an int, the corrections' JSON objects) for any council, compiled once."""

    @prepared
    def letters(*, council_id: int):
        return (
            AnnualLetter.objects.filter(council_id=council_id)
            .with_figures()
            .defer("extracted_text")
            .annotate(corrections_json=Count("corrections"))
            .order_by("-period_end")
        )

    for council in (ambridge, corrected.council):
        orm = list(letters.__wrapped__(council_id=council.pk))
        read = letters(council_id=council.pk)
        assert [letter.pk for letter in read] == [letter.pk for letter in orm]
        for a, b in zip(orm, read, strict=True):
            for name in ("year", "uphold_rate", "upheld_n", "period_end", "upheld_percent"):
                assert (getattr(a, name), type(getattr(a, name))) == (
                    getattr(b, name),
                    type(getattr(b, name)),
                )
            assert a.corrections_json == b.corrections_json


def test_a_prepared_query_refuses_an_argument_that_is_not_a_parameter(db):
    @prepared
    def named_like(*, name: str):
        return Council.objects.filter(official_name__icontains=name)

    with pytest.raises(ValueError, match="not a parameter"):
        named_like(name="Ambridge")


def test_a_prepared_query_takes_any_columns_ints_and_tells_constants_from_arguments(db):
    """A small positive int column takes the argument (an int stand-in out of its range
    would compile to no rows), and a constant equal to a stand-in stays a constant."""
    make_letter(make_council(), year_end=2024)

    @prepared
    def averages_of(*, year: int):
        return TypeYearAverage.objects.filter(year=year).values("year")

    @prepared
    def council_numbered(*, number: int):
        constant = Value(30_001)  # the first stand-in of the first int argument
        return Council.objects.annotate(c=constant).filter(pk=number).values("pk", "c")

    assert averages_of(year=2024) == [{"year": 2024}]
    assert averages_of(year=2023) == []
    council = Council.objects.get()
    assert council_numbered(number=council.pk) == [{"pk": council.pk, "c": 30_001}]


def test_a_councils_address_is_what_reverse_gives(ambridge):
    """Council.get_absolute_url reverses once and puts each slug in place: the same address
    as reverse() for every council, under a script prefix too."""
    from django.urls import reverse, set_script_prefix

    councils = list(Council.objects.all())
    assert len(councils) == 3
    for prefix in ("/", "/explorer/"):
        set_script_prefix(prefix)
        try:
            for council in councils:
                expected = reverse("councils:council-detail", kwargs={"slug": council.slug})
                assert council.get_absolute_url() == expected
                assert expected.startswith(f"{prefix}councils/")
        finally:
            set_script_prefix("/")

"""Fixtures of the briefing's tests: Lower Loxley, a small district with five years of
letters (tests/support/briefings.py), with corrections, a report of its own, service rows and
what the Ombudsman said; councils with no letters, and one whose letter was withdrawn."""

from datetime import date

import pytest


@pytest.fixture
def loxley_world(db):
    from tests.support.briefings import small_district_world

    return small_district_world()


@pytest.fixture
def loxley(loxley_world, data_admin):
    """Lower Loxley with a corrected letter figure, its own 2023-24 complaints report (a
    corrected figure), and service rows from its letter and its report."""
    from letters import corrections
    from letters.models import ServiceComplaintStats
    from reports.corrections import report_year_correct
    from reports.models import CouncilReportYear
    from tests.support.factories import make_report

    council = loxley_world["loxley"]
    letter = loxley_world["letters"][2024]
    letter.remedies = 1
    corrections.letter_correct(
        letter=letter, reason="The letter's table says 1 remedy.", user=data_admin
    )
    report = make_report(council, report_year="2023-24")
    year = CouncilReportYear.objects.create(
        report=report, council=council, period_start=date(2023, 4, 1),
        period_end=date(2024, 3, 31), stage_1=140, stage_2=31, independent_investigator=2,
        ombudsman=9, in_target_percent=81,
    )  # fmt: skip
    year.stage_2 = 33
    report_year_correct(
        report_year=year, reason="Two late stage 2 cases left out.", user=data_admin
    )
    period = {"council": council, "period_start": date(2023, 4, 1), "period_end": date(2024, 3, 31)}
    ServiceComplaintStats.objects.create(
        source="lgsco-letter", letter=letter, service="Planning and development", complaints=7,
        **period,
    )  # fmt: skip
    ServiceComplaintStats.objects.create(
        source="council-report", report=report, service="Waste collection", complaints=61,
        stage_2=12, in_target_percent=88, **period,
    )  # fmt: skip
    return council


@pytest.fixture
def abolished(db):
    """Old Loxley Rural District Council, abolished in 2009, with no letters."""
    from tests.support.factories import make_council

    return make_council(
        official_name="Old Loxley Rural District Council", short_name="Old Loxley",
        slug="old-loxley", end_date=date(2009, 3, 31),
    )  # fmt: skip


@pytest.fixture
def withdrawn_only(db, data_admin):
    """Darrington, whose only letter (2023-24) was withdrawn: the letter."""
    from documents.current import withdraw
    from tests.support.factories import make_council, make_letter

    letter = make_letter(make_council(short_name="Darrington", slug="darrington"))
    withdraw(letter, reason="A draft uploaded by mistake.", user=data_admin)
    return letter


@pytest.fixture
def said_borsetshire(db):
    """Borsetshire County Council with the fictional letters written for what the Ombudsman
    said (tests/support/said.py), saved as uploads are: the letters by stem."""
    from councils.models import AuthorityType
    from tests.support.factories import make_council
    from tests.support.said import COUNCILS, STEMS, ingest_said

    borsetshire = make_council(
        official_name=COUNCILS["borsetshire"], short_name="Borsetshire", slug="borsetshire",
        authority_type=AuthorityType.COUNTY,
    )  # fmt: skip
    felpersham = make_council(official_name=COUNCILS["felpersham"], slug="felpersham")
    councils = {"borsetshire": borsetshire, "felpersham": felpersham}
    return {stem: ingest_said(stem, councils[stem.split("-", 1)[0]]) for stem in STEMS}


# --- In Chromium --------------------------------------------------------------------------


@pytest.fixture
def printed(browser, live_server):
    """A tab to print from (page.emulate_media, page.pdf)."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()

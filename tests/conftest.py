"""The test suite's fixtures. Plain helpers (builders, paths, renderers) are in
tests/support/; test modules import those, never this file or each other."""

import os
from datetime import date
from pathlib import Path

import pytest

from tests.support.paths import PROJECT_ROOT, REGISTER_CSV, SEED_LETTER_2018, require_shared

# --- Side by side (make test runs the suite in pytest-xdist's workers) ----------------------
#
# Each worker has its own test database (test_<name>_gw0, _gw1, ...), its own in-memory page
# cache, its own MEDIA_ROOT (tmp_path) and live server port, and the Redis test its own key
# prefix (its process id). Two things are not per worker:
# - pg_locks lists the locks of every database in the cluster, and
#   tests/councils/test_average_summary.py counts the writers waiting there for a type and
#   year's advisory lock. So the tests whose writers wait on that lock at once (transactional
#   tests with threads or worker processes, in the modules below) run on one worker, one
#   after another, never beside each other: the xdist_group below, with `--dist loadgroup`.
# - The order: pytest-django runs the transactional tests after the others, because their
#   flush empties tables the migrations filled (the groups' permissions: make_user refills
#   only some). Each worker keeps that order as long as xdist does not move the biggest
#   groups first, hence `--no-loadscope-reorder` (both options in pyproject.toml).

ONE_WORKER_FOR_ADVISORY_LOCKS = (
    "tests/councils/test_average_summary.py",
    "tests/documents/test_upload_concurrency.py",
    "tests/letters/test_import_queue.py",
)


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return marker is not None and marker.kwargs.get("transaction", False)


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items):
    for path in ONE_WORKER_FOR_ADVISORY_LOCKS:
        assert (PROJECT_ROOT / path).is_file(), f"{path} is gone: update this list"
    group = pytest.mark.xdist_group("advisory-locks")
    for item in items:
        if item.nodeid.split("::")[0] in ONE_WORKER_FOR_ADVISORY_LOCKS and _transactional(item):
            item.add_marker(group)


# --- Every test -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded originals go to a throwaway folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def quick_password_hashes(settings):
    """Passwords are hashed in one cheap step, as Django's docs advise for tests: the
    default (PBKDF2, a million rounds) costs most of a second of CPU for each user a test
    makes and each time one signs in. Signing in, refusals and lockouts work the same."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def versions_read_each_time(settings):
    """Each request reads the data's versions, so a test sees its own writes at once
    (tests/site/test_http_revalidation.py tests the memo itself)."""
    from complaints_site.cache import forget_versions

    settings.PAGE_VERSIONS_MEMO_SECONDS = 0
    forget_versions()
    yield
    forget_versions()


@pytest.fixture(autouse=True)
def empty_cache():
    """The public pages are cached (in this process's memory): no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- Councils and the people who work for them -------------------------------------------


@pytest.fixture
def cambridge(db):
    """Cambridge City Council, a district, as the seed letters and report name it."""
    from councils.models import AuthorityType
    from tests.support.factories import make_council

    return make_council(
        official_name="Cambridge City Council",
        short_name="Cambridge",
        slug="cambridge",
        register_code="CAB",
        authority_type=AuthorityType.DISTRICT,
    )


@pytest.fixture
def borsetshire(db):
    """Borsetshire District Council, a district with no letters."""
    from tests.support.factories import make_council

    return make_council(
        official_name="Borsetshire District Council", short_name="Borsetshire", slug="borsetshire"
    )


@pytest.fixture
def borsetshire_with_a_letter(borsetshire):
    """Borsetshire with a 2023-24 letter, and Felpersham, another district, with one too."""
    from tests.support.factories import make_council, make_letter

    make_letter(borsetshire, year_end=2024, upheld_per_100k=3)
    make_letter(make_council(short_name="Felpersham", slug="felpersham"), year_end=2024)
    return borsetshire


@pytest.fixture
def districts_without_counts(db):
    """Two districts whose 2023-24 letters give only percentages (no counts to pool), with a
    stated average far from their mean."""
    from tests.support.factories import make_council, make_letter

    councils = [make_council(slug=f"no-counts-{n}") for n in (1, 2)]
    for council, upheld in zip(councils, (60, 80), strict=True):
        make_letter(council, year_end=2024, upheld_percent=upheld, upheld_count=None,
                    investigations=None, upheld_average_percent=30)  # fmt: skip
    return councils


@pytest.fixture
def ambridge(db):
    """A district with six years of letters (one with no investigations), a neighbour and
    an abolished predecessor."""
    from tests.support.factories import make_council, make_letter

    council = make_council(
        official_name="Ambridge District Council", short_name="Ambridge", slug="ambridge"
    )
    neighbour = make_council(short_name="Borchester", slug="borchester")
    old = make_council(
        official_name="Old Ambridge Rural District Council",
        short_name="Old Ambridge",
        slug="old-ambridge",
        start_date=date(1974, 4, 1),
        end_date=date(2009, 3, 31),
    )
    council.predecessors.add(old)
    for year in range(2020, 2025):
        make_letter(council, year_end=year, upheld_per_100k=3, upheld_average_per_100k=4.5)
        make_letter(neighbour, year_end=year, upheld_count=5, investigations=10,
                    upheld_percent=50, compliance_percent=80, compliance_outcomes=5,
                    remedies=1, remedy_basis=5, remedy_percent=20)  # fmt: skip
    make_letter(council, year_end=2019, upheld_count=0, investigations=0, upheld_percent=None,
                compliance_percent=None, compliance_outcomes=0, remedies=0, remedy_basis=0,
                remedy_percent=None)  # fmt: skip
    return council


@pytest.fixture
def ambridge_and_borchester(db):
    """Ambridge (letters for 2020-21 to 2023-24, an abolished predecessor) and its
    neighbour Borchester (4 of 8 upheld each year): what the browser tests click through."""
    from tests.support.factories import make_council, make_letter

    ambridge = make_council(
        official_name="Ambridge District Council", short_name="Ambridge", slug="ambridge"
    )
    old = make_council(
        official_name="Old Ambridge Rural District Council",
        short_name="Old Ambridge",
        slug="old-ambridge",
        end_date="2009-03-31",
    )
    ambridge.predecessors.add(old)
    neighbour = make_council(short_name="Borchester", slug="borchester")
    for year in (2021, 2022, 2023, 2024):
        make_letter(ambridge, year_end=year, upheld_per_100k=3, upheld_average_per_100k=4.5)
        make_letter(neighbour, year_end=year, upheld_count=4, investigations=8)
    return ambridge


@pytest.fixture
def districts(cambridge):
    """Cambridge and Borchester, districts with letters for 2022-23 and 2023-24, and an
    abolished district: (cambridge, borchester)."""
    from tests.support.factories import make_council, make_letter

    neighbour = make_council(short_name="Borchester", slug="borchester")
    make_council(
        official_name="Old Ambridge Rural District Council",
        short_name="Old Ambridge",
        slug="old-ambridge",
        start_date=date(1974, 4, 1),
        end_date=date(2009, 3, 31),
    )
    for year in (2023, 2024):
        make_letter(cambridge, year_end=year)
        make_letter(neighbour, year_end=year, upheld_count=5, investigations=10,
                    upheld_percent=50)  # fmt: skip
    return cambridge, neighbour


@pytest.fixture
def districts_2024(db):
    """Four districts and a county in 2023-24, plus letters that must not count: the four
    districts' letters by letter ("a" to "d")."""
    from councils.models import AuthorityType
    from tests.support.factories import make_council, make_letter

    a, b, c, d = (make_council(slug=f"district-{x}", short_name=f"D{x}") for x in "abcd")
    county = make_council(slug="county", authority_type=AuthorityType.COUNTY)
    letters = {
        "a": make_letter(a, upheld_count=21, investigations=30, upheld_percent=70,
                         upheld_average_percent=55, compliance_percent=100,
                         compliance_outcomes=18, remedies=2, remedy_basis=21, remedy_percent=10),
        "b": make_letter(b, upheld_count=5, investigations=10, upheld_percent=50,
                         upheld_average_percent=55, compliance_percent=80,
                         compliance_outcomes=5, remedies=1, remedy_basis=5, remedy_percent=20),
        "c": make_letter(c, upheld_count=0, investigations=0, upheld_percent=None,
                         upheld_average_percent=55, compliance_percent=None,
                         compliance_outcomes=0, remedies=0, remedy_basis=0, remedy_percent=None),
        "d": make_letter(d, upheld_count=9, investigations=20, upheld_percent=45,
                         upheld_average_percent=60, compliance_percent=90,
                         compliance_outcomes=10, remedies=0, remedy_basis=9, remedy_percent=0),
    }  # fmt: skip
    # Must not count: another type, another year, a superseded version.
    make_letter(county, upheld_count=30, investigations=30)
    make_letter(a, year_end=2023, upheld_count=1, investigations=30)
    make_letter(b, upheld_count=10, investigations=10, is_current=False)
    return letters


@pytest.fixture
def officer(cambridge):
    """A council officer of Cambridge."""
    from tests.support.factories import make_user

    return make_user("cam-officer", group="Council officers", councils=[cambridge])


@pytest.fixture
def officer_client(officer):
    """A browser session signed in as Cambridge's officer."""
    from django.test import Client

    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def data_admin(db):
    """Dana, a data admin (staff, may correct figures in the admin)."""
    from tests.support.factories import make_user

    return make_user("dana", group="Data admins")


@pytest.fixture
def data_admin_client(data_admin):
    """A browser session signed in as the data admin."""
    from django.test import Client

    client = Client()
    client.force_login(data_admin)
    return client


# --- Letters ---------------------------------------------------------------------------


@pytest.fixture
def letter(db):
    """A 2023-24 letter of a Borsetshire district: 70%, 21 of 30 upheld."""
    from tests.support.factories import make_council, make_letter

    return make_letter(make_council(), upheld_percent=70, upheld_count=21, investigations=30)


@pytest.fixture
def corrected(cambridge, data_admin):
    """A letter of Cambridge whose uphold rate the data admin corrected from 70% to 68%."""
    from letters import corrections
    from tests.support.factories import make_letter

    letter = make_letter(cambridge, upheld_percent=70, upheld_count=21, investigations=30)
    letter.upheld_percent = 68
    corrections.letter_correct(letter=letter, reason="The letter says 68%.", user=data_admin)
    return letter


@pytest.fixture
def imported(tmp_path):
    """The 2018 seed letter for Cambridge, imported with import_letters."""
    from letters.models import AnnualLetter
    from tests.support.commands import run_import
    from tests.support.factories import make_council

    make_council(official_name="Cambridge City Council", short_name="Cambridge", slug="cambridge")
    (tmp_path / "letter.txt").write_bytes(SEED_LETTER_2018.read_bytes())
    assert run_import(str(tmp_path))[0] == 0
    return AnnualLetter.objects.get()


@pytest.fixture
def seed_pdf(tmp_path):
    """The 2018 seed letter rendered to a PDF, named as an officer might."""
    from tests.support.pdfs import text_to_pdf

    path = tmp_path / "Cambridge annual review 2018.pdf"
    path.write_bytes(text_to_pdf(SEED_LETTER_2018.read_text()))
    return path


# --- The seed report (Cambridge's Annual Complaints Report 2019-20), read once --------------


def _seed_report_text() -> str:
    from tests.support.paths import SEED_REPORT

    return require_shared(SEED_REPORT).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_report_from_text():
    """The seed report read from its text extract."""
    from reports.parsing import parse_council_report

    return parse_council_report(_seed_report_text().encode("utf-8"), "report.txt")


@pytest.fixture(scope="session")
def seed_report_pdf() -> bytes:
    """The seed report rendered to a PDF."""
    from tests.support.pdfs import text_to_pdf

    return text_to_pdf(_seed_report_text())


@pytest.fixture(scope="session")
def seed_report_from_pdf(seed_report_pdf):
    """The seed report read from the PDF."""
    from reports.parsing import parse_council_report

    return parse_council_report(seed_report_pdf, "report.pdf")


@pytest.fixture(scope="session")
def seed_report_from_docx():
    """The seed report rendered to a Word document and read from it."""
    from reports.parsing import parse_council_report
    from tests.support.docx import text_to_docx

    return parse_council_report(text_to_docx(_seed_report_text()), "report.docx")


# --- mySociety's register ----------------------------------------------------------------
#
# The register is read and imported (import_councils' own code) once per session, into a
# schema of the test database that no test sees and no flush empties; `register` copies it
# into the council tables inside the test's transaction (a few milliseconds), so it is
# rolled back with everything else. It cannot simply stay in the council tables: most tests
# build a small world of their own (a "cambridge" with the register's code CAB, pages that
# list every council, counts from zero), and transaction=True tests flush those tables.

REGISTER_SCHEMA = "test_register"


def _register_tables() -> list[str]:
    """The tables register_import writes, parents before children."""
    from councils.models import Council, CouncilName

    return [
        Council._meta.db_table,
        CouncilName._meta.db_table,
        Council.successors.through._meta.db_table,
    ]


class _RolledBack(Exception):
    pass


@pytest.fixture(scope="session")
def register_in_test_database(django_db_setup, django_db_blocker):
    """mySociety's register, imported once into the test database's ``test_register``
    schema: the result import_councils reported."""
    from django.db import connection, transaction
    from psycopg.sql import SQL, Identifier

    from councils.models import Council
    from councils.register import read_register_file, register_import

    require_shared(REGISTER_CSV)
    tables = _register_tables()
    rows = {}
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                assert not Council.objects.exists(), "the council tables must start empty"
                result = register_import(
                    rows=read_register_file(REGISTER_CSV),
                    extra_names=read_register_file(
                        REGISTER_CSV.parent / "lookup_name_to_registry.csv"
                    ),
                )
                with connection.cursor() as cursor:
                    for table in tables:
                        cursor.execute(SQL("SELECT * FROM {}").format(Identifier(table)))
                        rows[table] = cursor.fetchall()
                raise _RolledBack  # the council tables (and their history) stay as they were
        except _RolledBack:
            pass
        with transaction.atomic(), connection.cursor() as cursor:
            schema = Identifier(REGISTER_SCHEMA)
            cursor.execute(SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
            cursor.execute(SQL("CREATE SCHEMA {}").format(schema))
            for table in tables:
                copy = Identifier(REGISTER_SCHEMA, table)
                cursor.execute(SQL("CREATE TABLE {} (LIKE {})").format(copy, Identifier(table)))
                if rows[table]:
                    marks = SQL(", ").join([SQL("%s")] * len(rows[table][0]))
                    cursor.executemany(
                        SQL("INSERT INTO {} VALUES ({})").format(copy, marks), rows[table]
                    )
    return result


@pytest.fixture
def register(register_in_test_database, db):
    """England's councils from mySociety's register (../shared), as import_councils loads them."""
    from django.db import connection
    from psycopg.sql import SQL, Identifier

    with connection.cursor() as cursor:
        for table in _register_tables():
            live, copy = Identifier(table), Identifier(REGISTER_SCHEMA, table)
            cursor.execute(SQL("INSERT INTO {} SELECT * FROM {}").format(live, copy))
            # Rows made later in the test take ids after the register's.
            cursor.execute(
                SQL(
                    "SELECT setval(seq, top) FROM (SELECT pg_get_serial_sequence(%s, 'id')"
                    "::regclass AS seq, (SELECT max(id) FROM {}) AS top) AS s"
                    " WHERE top > coalesce(pg_sequence_last_value(seq), 0)"
                ).format(live),
                [table],
            )
    return register_in_test_database


# --- A real browser ------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skipped where Chromium is missing, except
    in CI (REQUIRE_BROWSER=1), where a missing browser is a failure."""
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself (setting up data) are still ordinary synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def javascript(request):
    """With JavaScript and without."""
    return request.param


@pytest.fixture(params=[390, 1280], ids=["390px", "1280px"])
def tab(request, browser, live_server, javascript):
    """A tab on a phone (390 px) and a desktop (1280 px), with JavaScript and without
    (``tab.context.javascript`` says which)."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": request.param, "height": 900},
        java_script_enabled=javascript,
    )
    context.javascript = javascript
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; `page.base_url` is the live test server."""
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    tab = context.new_page()
    tab.base_url = live_server.url
    yield tab
    context.close()


# --- Similar and neighbouring councils, the map (places) -----------------------------------


@pytest.fixture
def kent_letters(register):
    """The register, with letters for 2022-23 and 2023-24 to Kent and Essex (counties, whose
    letters state a 70% uphold average), Canterbury and Swale (Kent's districts, 55%) and
    Medway (a unitary, 52%): {slug: council}. In 2023-24 Kent upheld 60 of 100, Essex 90 of
    100, Canterbury 21 of 30, Swale 5 of 10 and Medway 10 of 20."""
    from councils.models import Council
    from tests.support.factories import make_letter

    slugs = ["kent", "essex", "canterbury", "swale", "medway"]
    councils = {c.slug: c for c in Council.objects.filter(slug__in=slugs)}
    figures = {
        "kent": (60, 100, 70, 50),
        "essex": (90, 100, 70, 80),
        "canterbury": (21, 30, 55, 10),
        "swale": (5, 10, 55, 4),
        "medway": (10, 20, 52, 9),
    }
    for slug, (upheld, investigated, stated, upheld_2023) in figures.items():
        for year, count in ((2024, upheld), (2023, upheld_2023)):
            percent = round(100 * count / investigated)
            make_letter(councils[slug], year_end=year, upheld_count=count,
                        investigations=investigated, upheld_percent=percent,
                        upheld_average_percent=stated, upheld_per_100k=2.5,
                        upheld_average_per_100k=3.0)  # fmt: skip
    return councils

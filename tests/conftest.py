import os
from pathlib import Path

import pytest

from tests.support.paths import REGISTER_CSV, SEEDS, require_shared


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded originals go to a throwaway folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
def register(db):
    """England's councils from mySociety's register (../shared), as import_councils loads them."""
    from councils.register import read_register_file, register_import

    require_shared(REGISTER_CSV)
    names = read_register_file(REGISTER_CSV.parent / "lookup_name_to_registry.csv")
    return register_import(rows=read_register_file(REGISTER_CSV), extra_names=names)


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


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; `page.base_url` is the live test server."""
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    tab = context.new_page()
    tab.base_url = live_server.url
    yield tab
    context.close()


@pytest.fixture
def imported(tmp_path):
    """The 2018 seed letter for Cambridge, imported with import_letters."""
    from letters.models import AnnualLetter
    from tests.support.commands import run_import
    from tests.support.factories import make_council

    make_council(official_name="Cambridge City Council", short_name="Cambridge", slug="cambridge")
    (tmp_path / "letter.txt").write_bytes((SEEDS / "lgsco-2018-cambridge-city.txt").read_bytes())
    assert run_import(str(tmp_path))[0] == 0
    return AnnualLetter.objects.get()


@pytest.fixture
def seed_pdf(tmp_path):
    """The 2018 seed letter rendered to a PDF, named as an officer might."""
    from tests.support.pdfs import text_to_pdf

    path = tmp_path / "Cambridge annual review 2018.pdf"
    path.write_bytes(text_to_pdf((SEEDS / "lgsco-2018-cambridge-city.txt").read_text()))
    return path

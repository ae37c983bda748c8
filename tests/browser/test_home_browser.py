import pytest

from tests.support.factories import make_council

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_lists_councils_by_type(page):
    make_council(official_name="Borsetshire District Council", slug="borsetshire")
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("How councils")
    page.get_by_role("link", name="Borsetshire District Council").click()
    page.wait_for_url("**/councils/borsetshire/")
    assert page.get_by_role("heading", level=1).inner_text() == "Borsetshire District Council"

"""The public pages never name the person who uploaded a letter: they say "a council
officer" (or "a data admin"); data admins, who are staff, still see the username."""

import pytest
from django.test import Client

from tests.support.factories import make_letter, make_user

pytestmark = pytest.mark.django_db

OFFICER = "jane.smith.cambridge"
ADMIN = "dana.jones.admin"


@pytest.fixture
def two_versions(cambridge):
    """Cambridge's 2023-24 letter uploaded by its officer, then again by a data admin."""
    officer = make_user(OFFICER, group="Council officers", councils=[cambridge])
    admin = make_user(ADMIN, group="Data admins")
    old = make_letter(cambridge, uploaded_by=officer, is_current=False)
    new = make_letter(cambridge, uploaded_by=admin)
    return old, new


def test_an_anonymous_visitor_sees_no_username_on_the_letter_and_council_pages(two_versions):
    old, new = two_versions
    client = Client()
    for url in (old.get_absolute_url(), new.get_absolute_url(), new.council.get_absolute_url()):
        html = client.get(url).content.decode()
        assert OFFICER not in html and ADMIN not in html, url
    html = client.get(old.get_absolute_url()).content.decode()
    assert "by a council officer" in html and "by a data admin" in html


def test_a_signed_in_officer_sees_no_other_username(two_versions):
    old, new = two_versions
    client = Client()
    client.force_login(make_user("another.officer", group="Council officers"))
    for url in (old.get_absolute_url(), new.council.get_absolute_url()):
        html = client.get(url).content.decode()
        assert OFFICER not in html and ADMIN not in html, url


def test_staff_see_who_uploaded_each_version(two_versions, data_admin_client):
    old, _ = two_versions
    html = data_admin_client.get(old.get_absolute_url()).content.decode()
    assert f"by {OFFICER}" in html and f"by {ADMIN}" in html


def test_a_bulk_import_names_no_one(cambridge):
    letter = make_letter(cambridge)
    html = Client().get(letter.get_absolute_url()).content.decode()
    assert letter.uploaded_by is None and " by " not in html.split("Uploaded", 1)[1][:80]

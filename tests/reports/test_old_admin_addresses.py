"""Reports moved from the letters app to their own: bookmarked admin links still work."""

import pytest
from django.conf import settings


@pytest.mark.parametrize(
    "old,new",
    [
        ("letters/councilreport/", "reports/councilreport/"),
        ("letters/councilreport/7/change/?x=1", "reports/councilreport/7/change/?x=1"),
        ("letters/councilreportyear/", "reports/councilreportyear/"),
    ],
)
def test_the_reports_old_admin_addresses_redirect(client, old, new):
    response = client.get(f"/{settings.ADMIN_URL}{old}")
    assert response.status_code in (301, 302)
    assert response["Location"] == f"/{settings.ADMIN_URL}{new}"


def test_letters_own_admin_addresses_are_not_redirected(client):
    response = client.get(f"/{settings.ADMIN_URL}letters/annualletter/")
    assert response["Location"].startswith(f"/{settings.ADMIN_URL}login/")

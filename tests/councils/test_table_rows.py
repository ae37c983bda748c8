"""The rows the council, home and compare pages build as HTML in Python
(councils/table_rows.py, presenters) escape every text they carry, as a template would: a
council's name or a service's, as a register or a letter gives them, is never markup."""

import pytest

from letters.models import ServiceComplaintStats
from tests.support.factories import make_council, make_letter

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & <b>Co</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;"


@pytest.fixture
def hostile(db):
    """A district whose names and whose letter's service row carry markup."""
    council = make_council(
        official_name=f"Council {HOSTILE}", short_name=f"Short {HOSTILE}", slug="hostile"
    )
    letter = make_letter(council, year_end=2024)
    ServiceComplaintStats.objects.create(
        council=council, letter=letter, source="lgsco-letter", service=f"Service {HOSTILE}",
        period_start=letter.period_start, period_end=letter.period_end, complaints=3,
    )  # fmt: skip
    return council


@pytest.mark.parametrize(
    "url, names",
    [
        # The year tables' and the trend tables' labels, the service rows, the letters.
        ("/councils/hostile/", ["Short", "Service"]),
        ("/", ["Council"]),  # the home page's list of councils
        ("/compare/district/2024/", ["Short"]),  # the league table and "Pick out a council"
    ],
)
def test_markup_in_a_name_is_written_as_text(client, hostile, url, names):
    html = client.get(url).content.decode()
    assert '<script>alert("x")' not in html and "<b>Co</b>" not in html
    for name in names:
        assert f"{name} {ESCAPED}" in html

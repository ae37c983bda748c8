import pytest
from django.core.management import CommandError

from letters.models import AnnualLetter
from tests.support.admin_forms import admin_post
from tests.support.commands import reparse

pytestmark = pytest.mark.django_db


def test_an_unchanged_letter_is_reported_unchanged(imported):
    assert "0 letters changed, 1 unchanged, 0 unreadable" in reparse()


def test_figures_the_parser_now_reads_differently_are_updated(imported):
    # As if an older parser had misread two figures and dropped a service row.
    AnnualLetter.objects.filter(pk=imported.pk).update(upheld_percent=60, decisions_total=18)
    imported.service_stats.filter(service="Housing").delete()

    out = reparse("--dry-run")
    assert "upheld_percent Decimal('60.00') -> 67" in out
    assert "Dry run, nothing saved: 1 letters changed" in out
    assert AnnualLetter.objects.get().upheld_percent == 60

    out = reparse("--council", "cambridge")
    assert "decisions_total 18 -> 19" in out
    assert "received_by_service" in out
    letter = AnnualLetter.objects.get()
    assert (letter.upheld_percent, letter.decisions_total) == (67, 19)
    assert letter.service_stats.get(service="Housing").complaints == 6
    assert "0 letters changed, 1 unchanged" in reparse()


def test_a_missing_original_is_reported_not_fatal(imported, media_root):
    (media_root / imported.original.name).unlink()
    out = reparse()
    assert "could not be re-read: The file could not be read" in out
    assert "0 letters changed, 0 unchanged, 1 unreadable" in out


def test_an_unknown_council_slug_is_refused(imported):
    with pytest.raises(CommandError, match="No council has the slug “nowhere”"):
        reparse("--council", "nowhere")


def test_service_rows_edited_by_an_admin_survive_a_reparse(imported, data_admin_client):
    housing = imported.service_stats.get(service="Housing")
    response = admin_post(
        data_admin_client,
        housing,
        complaints="7",
        reason="Housing miscounted in the letter, confirmed with LGSCO",
    )
    assert response.status_code == 302
    out = reparse()
    assert (
        "conflict on received_by_service[Housing]: the parser now says 6, a data admin set 7; "
        "correction kept" in out
    )
    assert imported.service_stats.get(service="Housing").complaints == 7

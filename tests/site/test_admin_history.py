"""Every tracked model's admin page shows its history (old -> new per field, who, from
which address, why), read by the same code as the letter's; a change there needs a
reason."""

import pytest
from django.utils.html import escape

from core.history import REASON_REQUIRED
from councils.models import Council, CouncilName
from tests.support.admin_forms import admin_post, admin_url
from tests.support.factories import make_council, make_user

pytestmark = pytest.mark.django_db

REASON = "The ONS mid-year estimate for 2020 is 125,758."


def history_of(client, obj, anchor: str) -> str:
    html = client.get(admin_url(obj)).content.decode()
    return html[html.index(f'id="{anchor}"') :]


def test_a_council_change_needs_a_reason(data_admin_client, cambridge):
    response = admin_post(data_admin_client, cambridge, population="125758", reason=" ")
    assert response.status_code == 200
    assert REASON_REQUIRED in response.content.decode()
    cambridge.refresh_from_db()
    assert cambridge.population == 120_000


def test_a_councils_page_shows_its_history_names_successors_and_officers(
    data_admin_client, cambridge
):
    response = admin_post(data_admin_client, cambridge, population="125758", reason=REASON)
    assert response.status_code == 302
    successor = make_council(official_name="Greater Cambridge Council", slug="greater")
    cambridge.successors.add(successor)
    cambridge.officers.add(make_user("cam-officer"))
    CouncilName.objects.create(council=cambridge, name="Cambridge CC")

    history = history_of(data_admin_client, cambridge, "council-history")
    update = Council.pgh_event_model.objects.get(pgh_obj_id=cambridge.pk, pgh_label="update")
    row = history[history.index(f'id="change-{update.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "<del>120,000</del> → <ins>125,758</ins>" in row
    assert "dana" in row and admin_url(cambridge) in row and escape(REASON) in row
    assert "Name “Cambridge CC”: insert" in history
    assert "Cambridge City Council succeeded by Greater Cambridge Council: insert" in history
    assert "Officer cam-officer: insert" in history
    # The successor's page shows the link too.
    assert "succeeded by Greater Cambridge Council" in history_of(
        data_admin_client, successor, "council-history"
    )


def test_removing_a_successor_is_in_the_history(data_admin_client, cambridge):
    successor = make_council(official_name="Greater Cambridge Council", slug="greater")
    cambridge.successors.add(successor)
    cambridge.successors.remove(successor)
    history = history_of(data_admin_client, cambridge, "council-history")
    assert "succeeded by Greater Cambridge Council: delete" in history


def test_a_council_names_page_shows_its_history(data_admin_client, cambridge):
    name = CouncilName.objects.create(council=cambridge, name="Cambridge CC")
    response = admin_post(data_admin_client, name, name="Cambridge C.C.", reason="A typo.")
    assert response.status_code == 302
    history = history_of(data_admin_client, name, "councilname-history")
    assert "<del>Cambridge CC</del> → <ins>Cambridge C.C.</ins>" in history
    assert "A typo." in history

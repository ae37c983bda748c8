"""A NUL character in a query string is refused with 400 at one boundary, before any view
(PostgreSQL text cannot hold one: the API's region filter answered 500 to ?region=%00)."""

import pytest

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/api/v1/councils/?region=%00",
    "/api/v1/councils/?region=London%00&q=x",
    "/api/v1/search/?q=%00",
    "/councils/?name=%00",
    "/councils/?region=%00",
    "/search/?q=a%00b",
    "/map/?year=%00",
    "/councils/?%00=1",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_nul_in_the_query_string_is_a_400_saying_why(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_query_string_without_one_is_answered_as_before(client):
    assert client.get("/api/v1/councils/?region=London").status_code == 200
    assert client.get("/councils/?name=%25").status_code == 200

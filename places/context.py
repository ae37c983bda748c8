"""What the council page shows of this app: its "Similar councils" and "Neighbouring
councils" cards (templates/places/_card_similar.html and _card_neighbours.html)."""

from councils.models import Council
from places.presenters import neighbours_card, similar_card
from places.selectors import council_places


def council_cards(council: Council) -> dict:
    """The two cards' context for a council's page (one query); None for a council that
    is abolished or missing from the reference file, whose page shows neither."""
    found = council_places(council)
    if found is None:
        return {"similar_card": None, "neighbours_card": None}
    return {
        "similar_card": similar_card(council, found),
        "neighbours_card": neighbours_card(council, found),
    }

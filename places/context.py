"""What the council page shows of this app: its "Similar councils" and "Neighbouring
councils" cards (templates/places/_card_similar.html and _card_neighbours.html), and so
what its cached page depends on."""

from django.http import HttpRequest

from complaints_site.cache import Dependencies, council_scope, type_scope
from councils.models import Council
from councils.page_scopes import council_directory, depending_on
from places.presenters import neighbours_card, similar_card
from places.reference import places
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


def council_page_depends(request: HttpRequest, *, slug: str, **kwargs) -> Dependencies:
    """What a council's page depends on (``depends=`` of complaints_site.cache): its own
    council, its type (the averages, and the peers its card names) and the councils its
    neighbours card names (which the reference file, not the database, says)."""
    directory = council_directory()
    listed = directory.by_slug.get(slug)
    if listed is None:
        return depending_on(directory, set())
    subject = places().get(listed.register_code)
    named = (*subject.neighbours, *subject.nearest) if subject is not None else ()
    return depending_on(
        directory,
        {
            council_scope(listed.pk),
            type_scope(listed.authority_type),
            *(
                council_scope(directory.by_code[code])
                for code in named
                if code in directory.by_code
            ),
        },
    )

"""``{% alternate_feeds %}`` in the page's <head>: a ``<link rel="alternate"
type="application/atom+xml">`` to each feed the page concerns. Every page has the site's
feed; a council's page (or one of its letters) adds its council's and its type's, the
comparison of a type adds that type's. The council or type is read from the page's own
context (``council``, ``letter``, ``type_slug``): no query. The titles say "corrections",
never "corrected", which the council page keeps for its corrected figures."""

from django import template
from django.urls import reverse
from django.utils.html import format_html_join

from councils.models import AuthorityType, Council
from letters.models import AnnualLetter

register = template.Library()


def feeds_for(context) -> list[tuple[str, str]]:
    """(title, address) of each feed the page in this context concerns."""
    feeds = [("New letters and corrections", reverse("opendata:feed"))]
    council = context.get("council")
    letter = context.get("letter")
    if not isinstance(council, Council) and isinstance(letter, AnnualLetter):
        council = letter.council
    type_slug = council.authority_type if isinstance(council, Council) else None
    if isinstance(council, Council):
        feeds.append(
            (
                f"{council.official_name}: new letters and corrections",
                reverse("opendata:council-feed", kwargs={"slug": council.slug}),
            )
        )
    elif context.get("type_slug") in AuthorityType.values:
        type_slug = context.get("type_slug")
    if type_slug:
        feeds.append(
            (
                f"{AuthorityType(type_slug).label}s: new letters and corrections",
                reverse("opendata:type-feed", kwargs={"type_slug": type_slug}),
            )
        )
    return feeds


@register.simple_tag(takes_context=True)
def alternate_feeds(context):
    return format_html_join(
        "\n  ",
        '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">',
        feeds_for(context),
    )

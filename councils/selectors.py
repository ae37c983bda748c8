"""Read-side queries for council pages."""

from django.db.models import Prefetch

from councils.models import AuthorityType, Council


def councils_by_type(*, include_abolished: bool = False) -> list[tuple[str, list[Council]]]:
    """[(type label, councils of that type)] in the Ombudsman's order."""
    councils = Council.objects.all() if include_abolished else Council.objects.current()
    grouped: dict[str, list[Council]] = {value: [] for value in AuthorityType.values}
    for council in councils.only("official_name", "short_name", "slug", "authority_type"):
        grouped[council.authority_type].append(council)
    return [(AuthorityType(value).label, grouped[value]) for value in AuthorityType.values]


def council_for_page(*, slug: str) -> Council:
    return Council.objects.prefetch_related(
        Prefetch("successors", queryset=Council.objects.only("official_name", "slug")),
        Prefetch("predecessors", queryset=Council.objects.only("official_name", "slug")),
    ).get(slug=slug)

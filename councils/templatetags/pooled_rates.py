"""The council page's card of three years pooled (councils.selectors.pooled), placed by the
template: before the single years where the latest year is small, after them otherwise. The
card asks for its figures itself, so the view needs no change; where it is not shown, no
query is made."""

from django import template

from councils.selectors.pooled import council_pooled_rates, pooled_position

register = template.Library()


@register.simple_tag
def pooled_card(page, where: str):
    """``{% pooled_card page "before" as pooled %}``: the PooledRates of ``page`` (a
    CouncilPage) when its card belongs at ``where`` ("before" or "after"), else None."""
    if not page.years:
        return None
    latest = page.years[0].letter
    position = pooled_position(
        years=[year.year for year in page.years], latest_base=latest.investigated_n
    )
    if position != where:
        return None
    return council_pooled_rates(council=page.council, latest_letter=latest)

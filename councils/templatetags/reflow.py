"""Tables that reflow into cards on a narrow screen (frontend/_narrow.scss): each cell
carries its column's heading as `data-label`, the key of its row on the card."""

from django import template

register = template.Library()


@register.filter
def labelled(cells, headings):
    """Each cell with the heading of its column: `{% for heading, cell in row.cells|labelled:
    table.headings %}`. A row with more cells than headings is a template's mistake."""
    return zip(headings, cells, strict=True)

"""Escaping for the HTML the pages build in Python rather than in templates (tables' rows,
charts' SVG), where it runs for every cell of a page."""

import html


def escape(value) -> str:
    """`value` safe in HTML text or a quoted attribute: what Django's ``conditional_escape``
    returns (safe strings as they are, anything else through ``html.escape``), without its
    lazy-string wrapper, which cost more than the rest of building a row."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))

"""The search app's parts of other apps' pages: the council page's "What the Ombudsman
said" card and a letter's text in passages (each template asks for what it shows, so the
views that render them need no change)."""

from django import template

from search.selectors import document_text, ombudsman_said

register = template.Library()


@register.simple_tag
def said_about(council):
    """``{% said_about council as said %}``: ``search.selectors.ombudsman_said``."""
    return ombudsman_said(council)


@register.simple_tag
def text_of(document, highlight=""):
    """``{% text_of letter highlight=... as text %}``: ``search.selectors.document_text``."""
    return document_text(document, highlight=highlight or "")

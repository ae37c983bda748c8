"""The committee briefing of a council: the page (A4 when printed) and the same document in
Word. Both are cached as the council pages are (complaints_site.cache), until the data
change; the .docx is made once per data version."""

from datetime import date

from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render

from briefings.presenters import briefing_document
from briefings.selectors import council_briefing
from briefings.summary import ROUNDING
from briefings.word import WORD_CONTENT_TYPE, briefing_docx
from complaints_site.cache import cached_page
from councils.models import Council


def site_address(request, **kwargs) -> QueryDict:
    """The cache's ``query=``: the briefing reads no parameter, but writes its addresses out
    in full, so each site address (scheme and host) has its own entry."""
    key = QueryDict(mutable=True)
    key["site"] = f"{request.scheme}://{request.get_host()}"
    return QueryDict(key.urlencode())


def _document(request, slug: str):
    try:
        briefing = council_briefing(slug=slug)
    except Council.DoesNotExist:
        raise Http404("No council has that address.") from None
    return briefing, briefing_document(
        briefing, absolute=request.build_absolute_uri, today=date.today()
    )


@cached_page(query=site_address)
def briefing(request, slug: str):
    found, document = _document(request, slug)
    return render(
        request,
        "briefings/briefing.html",
        {"council": found.council, "document": document, "rounding": ROUNDING},
    )


@cached_page(query=site_address)
def briefing_word(request, slug: str):
    found, document = _document(request, slug)
    response = HttpResponse(briefing_docx(document), content_type=WORD_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="briefing-{found.council.slug}-{date.today():%Y-%m-%d}.docx"'
    )
    return response

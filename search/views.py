"""/search/: every current letter and council report, searched (PostgreSQL full text,
English, web search syntax), filtered by year, type of council, council and kind, a page
at a time, as HTML or JSON (``format=json``); and a council report's text in passages,
where a result in a report links to."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from complaints_site.cache import cached_page
from reports.models import CouncilReport
from search.forms import SearchForm, validate_page
from search.selectors import document_text, search

PER_PAGE = 20
NO_SUCH_PAGE = "There are not that many pages of results."


SEARCH_PARAMETERS = ("q", "year", "type", "council", "kind", "page", "format")


def search_query(request, **kwargs) -> QueryDict:
    """What the search reads (each parameter's last value, as its form does); a page
    number only with words to search."""
    params = QueryDict(mutable=True)
    for name in SEARCH_PARAMETERS:
        value = request.GET.get(name, "")
        if value.strip() and (name != "page" or request.GET.get("q", "").strip()):
            params[name] = value
    return params


def highlight_query(request, **kwargs) -> QueryDict:
    params = QueryDict(mutable=True)
    if request.GET.get("highlight", "").strip():
        params["highlight"] = request.GET["highlight"]
    return params


# Searches are free text: each is rendered (and revalidated), never stored; the page
# without words (the form, filters) is cached like any other.
@require_safe
@cached_page(query=search_query, uncached=("q",))
def search_page(request):
    wants_json = request.GET.get("format") == "json"
    form = SearchForm(request.GET)
    try:
        number = validate_page(request.GET.get("page"))
    except ValidationError as error:
        form.is_valid()
        form.add_error(None, error)
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return render(request, "search/search.html", {"form": form}, status=400)

    query = form.permalink_query()
    results = search(form.cleaned_data["q"], **form.filters()) if query.get("q") else None
    page = None
    if results is not None:
        paginator = Paginator(results, PER_PAGE, allow_empty_first_page=True)
        if number > paginator.num_pages:
            if wants_json:
                return JsonResponse({"errors": {"page": [{"message": NO_SUCH_PAGE}]}}, status=404)
            raise Http404(NO_SUCH_PAGE)
        page = paginator.page(number)

    def link(**changes) -> str:
        values = {**query, **changes}
        values = {key: value for key, value in values.items() if value not in (None, "", 1)}
        return reverse("search:search") + ("?" + urlencode(values) if values else "")

    permalink = request.build_absolute_uri(link(page=number))
    context = {
        "form": form,
        "query": query.get("q", ""),
        "results": results,
        "page": page,
        "permalink": permalink,
        "json_url": link(page=number, format="json"),
        "previous_url": link(page=page.previous_page_number())
        if page and page.has_previous()
        else None,
        "next_url": link(page=page.next_page_number()) if page and page.has_next() else None,
    }
    if wants_json:
        if page and page.has_previous():
            context["previous_url"] = link(page=page.previous_page_number(), format="json")
        if page and page.has_next():
            context["next_url"] = link(page=page.next_page_number(), format="json")
        return JsonResponse(_json(request, context), json_dumps_params={"ensure_ascii": False})
    return render(request, "search/search.html", context)


def _json(request, context) -> dict:
    page = context["page"]
    results = context["results"]

    def absolute(path):
        return request.build_absolute_uri(path) if path else None

    return {
        "query": context["query"],
        "filters": {
            key: value for key, value in context["form"].permalink_query().items() if key != "q"
        },
        "searchable": bool(results is not None and results.has_words),
        "count": results.count() if results is not None else 0,
        "page": page.number if page else 1,
        "pages": page.paginator.num_pages if page else 0,
        "per_page": PER_PAGE,
        "permalink": context["permalink"],
        "previous": absolute(context["previous_url"]),
        "next": absolute(context["next_url"]),
        "results": [hit.as_json(absolute=absolute) for hit in (page.object_list if page else [])],
    }


@require_safe
@cached_page(query=highlight_query, uncached=("highlight",))
def report_text(request, pk: int):
    report = get_object_or_404(CouncilReport.objects.select_related("council"), pk=pk)
    if getattr(report, "is_withdrawn", False):
        raise Http404("That report was withdrawn.")
    text = document_text(report, highlight=request.GET.get("highlight", ""))
    return render(request, "search/report_text.html", {"report": report, "text": text})

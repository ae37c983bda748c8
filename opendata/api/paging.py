"""Pages of a listing: ``?page=N&page_size=M``, with the count, the number of pages and
the next and previous pages' addresses."""

import math
from collections.abc import Sequence

from django.http import HttpRequest
from ninja.errors import HttpError

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


def _address(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_of(request: HttpRequest, items: Sequence, *, page: int, page_size: int) -> dict:
    """One page of `items` (a queryset is counted and sliced in SQL); 404 past the last."""
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    pages = max(1, math.ceil(count / page_size))
    if page > pages:
        raise HttpError(404, f"There is no page {page}: the last is page {pages}.")
    start = (page - 1) * page_size
    return {
        "count": count,
        "page": page,
        "pages": pages,
        "next": _address(request, page + 1) if page < pages else None,
        "previous": _address(request, page - 1) if page > 1 else None,
        "results": list(items[start : start + page_size]),
    }

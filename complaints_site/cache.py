"""Whole-page caching for the public council pages, invalidated by any data change.

The cache key carries the data version that PostgreSQL triggers keep (migration
councils/0002): any insert, update, delete or truncate of councils, their names and
successors, letters or service statistics, by whatever route, moves the version on, so
a page rendered from older data is never served again. Reading the version is one
cheap query per request.

Only anonymous GET/HEAD requests with no pending messages are served from the cache:
signed-in users see their name and a sign-out form with a CSRF token. A request inside
a transaction that has itself written data sees uncommitted rows no one else sees, so
it neither reads nor fills the cache.

The key is made from what the page depends on, never the raw address: the view, its path
arguments as the URL converters read them, and the query parameters the view reads
(``query=``, a function from the request to those parameters, dropped when unknown and
written one way when known). The view then sees only those parameters (request.GET is
replaced), so what is stored under a key is what that key's page shows. So
``/councils/?_export=json&nc=1``, ``nc=2``... are one entry, not one each. A page number
past the last page is the last page's entry (the first page's entry knows how many pages
there are; a view that pages says which page it showed, ``page_shown``). A view that says
nothing of its parameters is cached at its plain address only. Parameters that are free
text (``uncached=``, e.g. a name search) are never a key: such a page is rendered each time.
"""

import functools
import hashlib
from collections.abc import Callable, Iterable
from datetime import date

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, QueryDict

PAGE_TIMEOUT = 60 * 60  # seconds; the key changes with the data anyway
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
PAGE = "page"  # the page-number parameter of a paged table (django-tables2's default)
LAST_PAGE_ASKED = 10**18  # any longer page number: past every last page


def data_version() -> int | None:
    """The current data version, or None when this transaction has written data itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(counter), 0), txid_current_if_assigned() "
            "FROM councils_data_version"
        )
        version, own_transaction = cursor.fetchone()
    return None if own_transaction is not None else int(version)


def page_key(view_name: str, kwargs: dict, params: QueryDict, version: int) -> str:
    """The key of a page: the view, its path arguments, its known parameters, the data
    version and today's date ("current" and "abolished" depend on it)."""
    parts = [
        view_name,
        repr(sorted((name, str(value)) for name, value in kwargs.items())),
        repr(sorted(params.lists())),
    ]
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
    return f"councils:page:{version}:{date.today().isoformat()}:{digest}"


def with_page(params: QueryDict, number: int | None) -> QueryDict:
    """``params`` showing page ``number`` (no page parameter for the first page)."""
    out = params.copy()
    out.pop(PAGE, None)
    if number is not None and number > 1:
        out[PAGE] = str(number)
    return QueryDict(out.urlencode())


def page_number(value: str | None) -> int | None:
    """A page-number parameter as the paginator reads it: a whole number over 1, or None
    (the first page) for anything else."""
    value = (value or "").strip()
    if not value.isdigit() or not value.isascii():
        return None
    digits = value.lstrip("0") or "0"
    number = int(digits) if len(digits) <= 18 else LAST_PAGE_ASKED
    return number if number > 1 else None


def no_parameters(request: HttpRequest, **kwargs) -> QueryDict:
    """``query=`` for a page that reads no query parameter: any address is its one page."""
    return QueryDict()


def mark_page_shown(response: HttpResponse, *, number: int, count: int) -> HttpResponse:
    """For a paged view: which page the response shows and how many there are."""
    response.page_shown = (number, count)
    return response


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def cached_page(
    view=None,
    *,
    query: Callable[..., QueryDict] | None = None,
    uncached: Iterable[str] = (),
):
    """Serve an anonymous visitor the page rendered for this view, its arguments, its known
    query parameters (``query(request, **kwargs)``) and the data version. Use bare
    (``@cached_page``: no parameters read, cached at its plain address only) or as
    ``@cached_page(query=..., uncached=("name",))``."""
    if view is None:
        return functools.partial(cached_page, query=query, uncached=tuple(uncached))
    view_name = f"{view.__module__}.{view.__qualname__}"
    free_text = tuple(uncached)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if query is not None:
            # The view sees what the key holds, and nothing else.
            request.GET = query(request, **kwargs)
        elif request.GET:
            return view(request, *args, **kwargs)  # parameters it never said it reads
        params = request.GET
        if args or not _cacheable_request(request) or any(n in params for n in free_text):
            return view(request, *args, **kwargs)
        version = data_version()
        if version is None:
            return view(request, *args, **kwargs)
        wanted = page_number(params.get(PAGE))
        if wanted is not None:
            first = cache.get(page_key(view_name, kwargs, with_page(params, None), version))
            if first is not None and first[2] is not None and wanted > first[2]:
                params = request.GET = with_page(params, first[2])  # past the last page
        key = page_key(view_name, kwargs, params, version)
        hit = cache.get(key)
        if hit is not None:
            content, headers, _ = hit
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if getattr(response, "render", None) and not response.is_rendered:
            response.render()
        if response.status_code == 200 and not response.streaming:
            shown, count = getattr(response, "page_shown", (None, None))
            if shown is not None and shown != (wanted or 1):
                # A page past the last (or not a number) showed another: kept under that one.
                key = page_key(view_name, kwargs, with_page(params, shown), version)
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers, count), PAGE_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper

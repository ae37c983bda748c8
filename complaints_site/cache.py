"""Whole-page caching and HTTP revalidation, keyed by the versions of what a page reads.

PostgreSQL keeps the versions itself, bumped by statement-level triggers in the writing
transaction, so any insert, update, delete or truncate by whatever route (ORM, bulk
update, raw SQL, admin, a register reload) moves them on: ``all``, the one data version
of councils/0002 (any change anywhere: the lists, home, exports, the dataset, the API);
and per scope (councils/0008): ``council:<id>`` (what one council's page shows of it: its
letters, service rows, reports, corrections, names, successions), ``type:<slug>`` (every
change to a council of that type: its averages, its comparison, its councils' peers) and
``everything`` (a TRUNCATE). Each cached view says which it depends on (``depends=``, a
function of the request and the path's arguments; ``all`` by default): a council page
depends on its council, its type and the councils its cards name, so a new letter of one
district leaves a county's page cached. The versions a page depends on are read in one
query.

Only anonymous GET/HEAD requests with no pending messages are served from the cache or
told they may cache: signed-in users see their name and a sign-out form with a CSRF
token, so they get ``private, no-store``, as does any answer that set a cookie (a CSRF
form) or showed messages. A request inside a transaction that has itself written data
sees uncommitted rows no one else sees, so it neither reads nor fills the cache.

The key is made from what the page depends on, never the raw address: the view, its path
arguments as the URL converters read them, and the query parameters the view reads
(``query=``, a function from the request to those parameters, dropped when unknown and
written one way when known). The view then sees only those parameters (request.GET is
replaced), so what is stored under a key is what that key's page shows. So
``/councils/?_export=json&nc=1``, ``nc=2``... are one entry, not one each. A page number
past the last page is the last page's entry (how many pages there are is kept beside the
pages, under its own key; a view that pages says which page it showed, ``page_shown``). A
view that says nothing of its parameters is cached at its plain address only. Parameters
that are free text (``uncached=``, e.g. a name search) are never a key: such a page is
rendered each time (and still revalidated).

HTTP: the same key, with the versions and today's date, makes the page's weak ``ETag``;
an anonymous 200 says ``Cache-Control: public, max-age=60, stale-while-revalidate=300``
and ``Vary: Cookie`` (a signed-in visitor's page differs), and a request whose
``If-None-Match`` holds the current ETag is answered 304 before the view runs, from the
one versions query. The open data (opendata.http) revalidate by the same versions.
Where the cache lives is the deployment's choice (``CACHE_URL`` in the settings: Redis,
shared by every web process; else one per process).
"""

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_vary_headers

logger = logging.getLogger(__name__)

PAGE_TIMEOUT = 60 * 60  # seconds; the key changes with the data anyway
# What a key holds: (content, headers). A new shape takes a new prefix, so that a shared
# cache's entries from before a deployment are never read as the new shape.
KEY_PREFIX = "councils:page:2:"
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
PAGE = "page"  # the page-number parameter of a paged table (django-tables2's default)
LAST_PAGE_ASKED = 10**18  # any longer page number: past every last page

MAX_AGE = 60  # seconds a browser or CDN may reuse an answer before revalidating it
STALE_WHILE_REVALIDATE = 300  # ...and may serve it while revalidating in the background
PUBLIC = f"public, max-age={MAX_AGE}, stale-while-revalidate={STALE_WHILE_REVALIDATE}"

ALL = "all"  # any change anywhere (councils/0002)
EVERYTHING = "everything"  # a TRUNCATE of any table the pages read: every page depends on it
REGISTER = "register"  # the councils' addresses, types and register codes


def council_scope(council_id: int) -> str:
    return f"council:{council_id}"


def type_scope(authority_type: str) -> str:
    return f"type:{authority_type}"


@dataclass(frozen=True)
class Dependencies:
    """The scopes a page depends on. ``assumed``: versions the scopes were themselves
    worked out from (a council page's neighbours come from the register); when one has
    moved on, ``stale()`` is called and the scopes are worked out again."""

    scopes: frozenset[str]
    assumed: Mapping[str, int] = field(default_factory=dict)
    stale: Callable[[], None] | None = None
    writing: bool = False  # already known: this transaction has written data


def on_everything(request: HttpRequest, **kwargs) -> Dependencies:
    """``depends=`` for a page that reads across all councils: any change."""
    return Dependencies(frozenset({ALL}))


def on_type(request: HttpRequest, *, type_slug: str, **kwargs) -> Dependencies:
    """``depends=`` for a page of one type of council (its comparison, its feed)."""
    return Dependencies(frozenset({type_scope(type_slug)}))


_VERSIONS = """
SELECT scope, sum(counter) FROM councils_page_version WHERE scope = ANY(%(scopes)s)
GROUP BY scope
UNION ALL
SELECT 'all', coalesce(sum(counter), 0) FROM councils_data_version WHERE %(all)s
UNION ALL
SELECT '', txid_current_if_assigned()
"""


# Every scope's version, read at most once in PAGE_VERSIONS_MEMO_SECONDS by each process
# (_every_version; one small table: a row per scope written, at most 16 per scope): a page
# from the cache, or a 304, of any council then costs no query. Outside a transaction block
# only (a request inside one may have written data of its own, which the query would find).
_EVERY_VERSION = """
SELECT scope, sum(counter) FROM councils_page_version GROUP BY scope
UNION ALL
SELECT 'all', coalesce(sum(counter), 0) FROM councils_data_version
"""

T = TypeVar("T")
_remembered: dict[Callable, tuple[float, object]] = {}


def forget_versions() -> None:
    """Read every version afresh next time (after a write this process made itself)."""
    _remembered.clear()


def briefly_remembered(read: Callable[[], T]) -> Callable[[], T]:
    """`read` (a query without arguments) remembered for PAGE_VERSIONS_MEMO_SECONDS: what a
    page's cache key and ETag are worked out from (every scope's version; the years and
    regions a parameter may name), so that a page from the cache, or a 304, costs no query.
    Read afresh inside a transaction block (which may have written data of its own), and
    after ``forget_versions``."""

    @functools.wraps(read)
    def remembered() -> T:
        seconds = settings.PAGE_VERSIONS_MEMO_SECONDS
        if seconds <= 0 or connection.in_atomic_block:
            return read()
        kept = _remembered.get(read)
        if kept is not None and time.monotonic() - kept[0] < seconds:
            return kept[1]
        value = read()
        _remembered[read] = (time.monotonic(), value)
        return value

    return remembered


@briefly_remembered
def _every_version() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(_EVERY_VERSION)
        return {scope: int(n) for scope, n in cursor.fetchall()}


def scope_versions(scopes: Iterable[str]) -> dict[str, int] | None:
    """The current version of each scope (one query, or none when read in the last
    PAGE_VERSIONS_MEMO_SECONDS), or None when this transaction has written data itself."""
    wanted = frozenset(scopes) | {EVERYTHING}
    if settings.PAGE_VERSIONS_MEMO_SECONDS > 0 and not connection.in_atomic_block:
        every = _every_version()
        return {scope: every.get(scope, 0) for scope in wanted}
    with connection.cursor() as cursor:
        cursor.execute(_VERSIONS, {"scopes": sorted(wanted - {ALL}), "all": ALL in wanted})
        found = dict(cursor.fetchall())
    if found.pop("") is not None:
        return None
    return {scope: int(found.get(scope) or 0) for scope in wanted}


def data_version() -> int | None:
    """The version of all the data, or None when this transaction has written data."""
    versions = scope_versions([ALL])
    return None if versions is None else versions[ALL]


def current_versions(
    depends: Callable[..., Dependencies], request: HttpRequest, kwargs: dict
) -> dict[str, int] | None:
    """The versions of what a page depends on (one query, two when the scopes had to be
    worked out again), or None inside a transaction that has written data."""
    found = depends(request, **kwargs)
    if found.writing:
        return None
    versions = scope_versions(found.scopes | found.assumed.keys())
    if versions is not None and any(versions[s] != v for s, v in found.assumed.items()):
        if found.stale is not None:
            found.stale()
        found = depends(request, **kwargs)
        versions = scope_versions(found.scopes | found.assumed.keys())
    if versions is None:
        return None
    return {scope: versions[scope] for scope in found.scopes | {EVERYTHING}}


@dataclass(frozen=True)
class Validator:
    key: str  # the page cache's key
    etag: str  # the weak ETag of the answer


def validator(
    name: str, kwargs: dict, params: QueryDict, versions: Mapping[str, int], *, leave_out=""
) -> Validator:
    """The key and ETag of an answer: what made it (a view's name, its path arguments, its
    parameters but ``leave_out``), the versions of what it depends on, and today's date
    ("current" and "abolished" depend on it)."""
    parts = [
        name,
        repr(sorted((key, str(value)) for key, value in kwargs.items())),
        repr(sorted(item for item in params.lists() if item[0] != leave_out)),
        repr(sorted(versions.items())),
        date.today().isoformat(),
    ]
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
    return Validator(key=f"{KEY_PREFIX}{digest}", etag=f'W/"{digest}"')


# The conditions besides If-None-Match that get_conditional_response weighs.
_OTHER_CONDITIONS = {"HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_MODIFIED_SINCE"}


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """304 when the request's If-None-Match holds ``etag`` (412 for a failed If-Match),
    with the headers its 200 would carry; else None."""
    meta = request.META
    if meta.get("HTTP_IF_NONE_MATCH") == etag and not meta.keys() & _OTHER_CONDITIONS:
        response = HttpResponseNotModified()  # the usual revalidation, without parsing
    else:
        response = get_conditional_response(request, etag=etag)
    if response is not None and response.status_code == 304:
        response["ETag"] = etag
        response["Cache-Control"] = PUBLIC
    return response


def public(response: HttpResponse, etag: str, *, vary: tuple[str, ...] = ("Cookie",)):
    """An answer anyone may cache and revalidate (a CDN, a browser)."""
    response["ETag"] = etag
    response["Cache-Control"] = PUBLIC
    if vary:
        patch_vary_headers(response, vary)
    return response


def private(response: HttpResponse) -> HttpResponse:
    """An answer for this visitor only, kept by no one."""
    response.headers.pop("ETag", None)
    add_never_cache_headers(response)
    return response


def _stored(key: str):
    """The cache's entry, or None; a cache that fails (Redis away) is a miss, not an error."""
    try:
        return cache.get(key)
    except Exception:  # any backend's error: render the page instead
        logger.warning("page cache unreachable: reading %s", key, exc_info=True)
        return None


def _store(key: str, value) -> None:
    try:
        cache.set(key, value, PAGE_TIMEOUT)
    except Exception:  # any backend's error: the page is served unstored
        logger.warning("page cache unreachable: writing %s", key, exc_info=True)


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


def _pages_key(name: str, kwargs: dict, params: QueryDict, versions: Mapping[str, int]) -> str:
    """Where a paged view's number of pages for these parameters is kept (apart from its
    pages: a request for a later page reads this, not the first page's whole entry)."""
    return validator(name, kwargs, params, versions, leave_out=PAGE).key + ":pages"


def no_parameters(request: HttpRequest, **kwargs) -> QueryDict:
    """``query=`` for a page that reads no query parameter: any address is its one page."""
    return QueryDict()


def mark_page_shown(response: HttpResponse, *, number: int, count: int) -> HttpResponse:
    """For a paged view: which page the response shows and how many there are."""
    response.page_shown = (number, count)
    return response


def _for_anyone(request: HttpRequest) -> bool:
    """Whether this GET's answer is the one every visitor gets."""
    if not request.COOKIES:
        return True  # no session to sign in with, no cookie or session to hold messages
    if request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether rendering made the answer this visitor's own: a CSRF token or a cookie."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies)


def cached_page(
    view=None,
    *,
    query: Callable[..., QueryDict] | None = None,
    uncached: Iterable[str] = (),
    depends: Callable[..., Dependencies] = on_everything,
):
    """Serve an anonymous visitor the page rendered for this view, its arguments, its known
    query parameters (``query(request, **kwargs)``) and the versions of what it depends on
    (``depends(request, **kwargs)``), with an ETag and public caching headers; answer 304
    to a matching If-None-Match without rendering. Use bare (``@cached_page``: no
    parameters read, cached at its plain address only, on any change) or as
    ``@cached_page(query=..., uncached=("name",), depends=...)``."""
    if view is None:
        return functools.partial(
            cached_page, query=query, uncached=tuple(uncached), depends=depends
        )
    view_name = f"{view.__module__}.{view.__qualname__}"
    free_text = tuple(uncached)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if query is not None:
            # The view sees what the key holds, and nothing else.
            request.GET = query(request, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if not _for_anyone(request):
            return private(view(request, *args, **kwargs))
        if args or (query is None and request.GET):
            return view(request, *args, **kwargs)  # parameters it never said it reads
        params = request.GET
        versions = current_versions(depends, request, kwargs)
        if versions is None:
            return private(view(request, *args, **kwargs))
        stored = not any(name in params for name in free_text)
        wanted = page_number(params.get(PAGE))
        if wanted is not None and stored:
            count = _stored(_pages_key(view_name, kwargs, params, versions))
            if count is not None and wanted > count:
                params = request.GET = with_page(params, count)  # past the last page
        found = validator(view_name, kwargs, params, versions)
        answer = not_modified(request, found.etag)
        if answer is not None:
            answer["X-Page-Cache"] = "revalidated"
            return public(answer, found.etag)
        hit = _stored(found.key) if stored else None
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return public(response, found.etag)
        response = view(request, *args, **kwargs)
        if getattr(response, "render", None) and not response.is_rendered:
            response.render()
        if response.status_code != 200 or response.streaming:
            return response
        if _personal(request, response):
            return private(response)
        shown, count = getattr(response, "page_shown", (None, None))
        if shown is not None and shown != (wanted or 1):
            # A page past the last (or not a number) showed another: kept under that one.
            found = validator(view_name, kwargs, with_page(params, shown), versions)
        if stored:
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            _store(found.key, (response.content, headers))
            if count is not None:
                _store(_pages_key(view_name, kwargs, params, versions), count)
            response["X-Page-Cache"] = "miss"
        return public(response, found.etag)

    return wrapper

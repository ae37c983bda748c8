"""What every open, read-only answer of this app shares (the API, the Atom feeds and the
whole dataset): ``open_read_only(scope, revision)`` wraps the view.

- **GET and HEAD only.** OPTIONS answers a CORS preflight; any other method is 405.
- **Open CORS for GET**: ``Access-Control-Allow-Origin: *`` on every answer, so a page on
  any site (a council's dashboard, a newsroom's notebook) can read the data. The data are
  public and nothing is read from cookies, so no origin needs to be trusted.
- **Throttled per client**: at most so many requests a minute from one client address
  (``OPEN_DATA_RATES`` in the settings, else ``DEFAULT_RATES``), then 429 with
  ``Retry-After``. The address is the one sign-in throttling uses
  (``complaints_site.proxy.client_ip``): the connection's, or the one the deployment's own
  proxies wrote (``TRUSTED_PROXY_COUNT``), never one a client wrote itself. Counted in
  Django's default cache, a fixed window per minute: per process with the default
  in-memory cache, shared once the deployment configures a shared cache.
- **Revalidated like the pages**, by the one mechanism of complaints_site.cache: a weak
  ETag made from the versions of what the answer depends on (``depends=``: all the data
  by default, one council's or one type's for their feeds), today's date (what is current
  depends on it), the answer's address and query, and its format revision;
  ``If-None-Match`` with it answers 304 before the view runs, from one query. A 200 and a
  304 say ``Cache-Control: public, max-age=60, stale-while-revalidate=300`` (nothing here
  reads cookies, so whoever asks, the answer is the same and carries no ``Vary: Cookie``).
  Inside a transaction that has written data itself there is no ETag (no one else sees
  those rows).
"""

import functools
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse

from complaints_site.cache import (
    Dependencies,
    current_versions,
    not_modified,
    on_everything,
    public,
    validator,
)
from complaints_site.proxy import client_ip

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
# Requests a minute from one client address, by kind of answer.
DEFAULT_RATES = {"api": 120, "feeds": 60, "downloads": 20}
WINDOW = 60  # seconds

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Retry-After, Content-Disposition",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": ", ".join(ALLOWED_METHODS),
    # Revalidation needs If-None-Match, which is not one of CORS's "simple" headers.
    "Access-Control-Allow-Headers": "Accept, If-None-Match, If-Modified-Since, Cache-Control",
    "Access-Control-Max-Age": "86400",
}


def rate(scope: str) -> int:
    """Requests a minute allowed from one client for this kind of answer."""
    rates = getattr(settings, "OPEN_DATA_RATES", None) or {}
    return int(rates.get(scope, DEFAULT_RATES[scope]))


def throttle_wait(request: HttpRequest, scope: str) -> int | None:
    """Count this request against its client; the seconds to wait when over the rate,
    else None."""
    ident = client_ip(request) or "unknown"
    now = time.time()
    window = int(now // WINDOW)
    key = f"opendata:throttle:{scope}:{ident}:{window}"
    cache.add(key, 0, WINDOW + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW + 1)
        count = 1
    if count <= rate(scope):
        return None
    return max(1, math.ceil((window + 1) * WINDOW - now))


def data_etag(
    request: HttpRequest,
    *,
    name: str,
    kwargs: dict,
    depends: Callable[..., Dependencies] = on_everything,
) -> str | None:
    """The weak ETag of this answer made from the current data, or None inside a
    transaction that has itself written data."""
    versions = current_versions(depends, request, kwargs)
    if versions is None:
        return None
    return validator(name, {**kwargs, "path": request.path}, request.GET, versions).etag


def _with_cors(response: HttpResponse) -> HttpResponse:
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def _preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    for name, value in PREFLIGHT_HEADERS.items():
        response[name] = value
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return _with_cors(response)


def too_many_requests(wait: int) -> HttpResponse:
    response = JsonResponse(
        {
            "detail": (
                f"Too many requests from your address: try again in {wait} seconds. "
                "Conditional requests (If-None-Match) that answer 304 are quick, but count."
            )
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def open_read_only(
    *,
    scope: str,
    revision: str,
    extra: Callable[[], str] | None = None,
    depends: Callable[..., Dependencies] = on_everything,
) -> Callable:
    """Make a view an open, read-only answer of kind `scope` ("api", "feeds",
    "downloads"); `revision` names the answer's format (bump it when the output changes
    for the same data), `extra()` anything else it is made from and `depends` the data it
    reads (complaints_site.cache)."""
    if scope not in DEFAULT_RATES:
        raise ValueError(f"unknown scope {scope!r}")

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "OPTIONS":
                return _preflight()
            if request.method not in ("GET", "HEAD"):
                return _with_cors(HttpResponseNotAllowed(ALLOWED_METHODS))
            wait = throttle_wait(request, scope)
            if wait is not None:
                return _with_cors(too_many_requests(wait))
            made_of = "-".join(part for part in (scope, revision, extra() if extra else "") if part)
            etag = data_etag(request, name=made_of, kwargs=kwargs, depends=depends)
            if etag is not None:
                # 304 for a matching If-None-Match, before any work (412 for If-Match).
                response = not_modified(request, etag)
                if response is not None:
                    return _with_cors(response)
            head = request.method == "HEAD"
            if head:  # the view answers GET; the body is dropped below
                request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            finally:
                if head:
                    request.method = "HEAD"
            if getattr(response, "render", None) and not response.is_rendered:
                response.render()
            if etag is not None and 200 <= response.status_code < 300:
                public(response, etag, vary=())
            if head and not response.streaming:
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
            return _with_cors(response)

        return wrapper

    return decorate

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
"""

import functools
import hashlib
from datetime import date

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse

PAGE_TIMEOUT = 60 * 60  # seconds; the key changes with the data anyway
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def data_version() -> int | None:
    """The current data version, or None when this transaction has written data itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(counter), 0), txid_current_if_assigned() "
            "FROM councils_data_version"
        )
        version, own_transaction = cursor.fetchone()
    return None if own_transaction is not None else int(version)


def page_key(request: HttpRequest, version: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    # Today's date is part of the key: "current" and "abolished" depend on it.
    return f"councils:page:{version}:{date.today().isoformat()}:{path}"


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def cached_page(view):
    """Serve an anonymous visitor the page rendered for this URL and data version."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        version = data_version()
        if version is None:
            return view(request, *args, **kwargs)
        key = page_key(request, version)
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if getattr(response, "render", None) and not response.is_rendered:
            response.render()
        if response.status_code == 200 and not response.streaming:
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), PAGE_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper

"""Every URL pattern in the URLconf, with hostile values for each path converter and hostile
query strings and form fields, never answers a server error. The patterns are found from the
URLconf itself, so a new page is fuzzed without this file changing. Bounded: every hostile
value is used, spread over the patterns, a few hundred requests in all."""

import itertools
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

pytestmark = pytest.mark.django_db

# As they travel in a URL (percent-encoded); the test client decodes them as a server would.
PATH_VALUES = [
    "0",
    "-1",
    "99999999999999999999",
    "1" * 400,
    "%D9%A3",  # an Arabic-Indic digit three
    "%00",
    "..%2F..%2Fetc%2Fpasswd",
    "../../etc/passwd",
    "%27%20OR%201%3D1--",
    "1%3B%20DROP%20TABLE%20councils_council",
    "%F0%9F%92%A9",
    "%FF%FE",
    "a" * 3000,
    "00000000-0000-0000-0000-000000000000",
    "%2e%2e",
    "%25",
    "NaN",
    "1e309",
]
QUERIES = [
    "page=99999999999999999999",
    "page=-1&per_page=-1",
    "per_page=0",
    "page=" + "9" * 5000,
    "sort=%00&year=%00&status=%00&region=%00&authority_type=%00",
    "year=99999999999999999999&_export=csv",
    "year=-1&_export=json",
    "name=" + "%00" * 10,
    "name=" + "a" * 5000,
    "name=%27%20OR%201%3D1--&region=%27%3B--",
    "highlight=%27%20OR%201%3D1--&sort=-" + "x" * 2000,
    "highlight=..%2F..%2Fetc%2Fpasswd&_export=%00",
    "q=%00",
    "q=" + "%F0%9F%92%A9" * 300,
    "o=%00&p=-1",
    "o=99999999999999999999&p=99999999999999999999",
    "all=&e=1&_changelist_filters=%00",
    "_to_field=%00&_popup=1",
    "%FF=%FF&%00=%00",
    "c=%00&c=..%2Fx&c=" + "a" * 300,
    "measure=%00&year=-1&layer=%00",
    "measure=" + "x" * 500 + "&year=99999999999999999999",
    "next=%2F%2Fevil.example&next=javascript:alert(1)",
    "app_label=%00&model_name=%00&field_name=%00&term=%00",
    "__proto__=1&constructor=1",
]
FORMS = [
    {"username": "\x00", "password": "\x00"},
    {"username": "a" * 5000, "password": "x"},
    {"username": "' OR 1=1 --", "password": "' OR 1=1 --"},
    {"file": "not a file", "action": "\x00"},
    {"action": "cancel", "reason": "\x00" * 10},
    {"new_password1": "\x00", "new_password2": "\x00", "email": "\x00@x"},
]


def _patterns(patterns, prefix: str = ""):
    """(route with <converters> or regex, is_regex) for every pattern, included ones too."""
    for entry in patterns:
        text = entry.pattern.regex.pattern if not isinstance(entry.pattern, RoutePattern) else ""
        route = str(entry.pattern) if isinstance(entry.pattern, RoutePattern) else text
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + _plain(route))
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _plain(route: str) -> str:
    """A prefix as text (the admin's and the apps' prefixes have no parameters)."""
    return route.lstrip("^").replace("\\/", "/")


ROUTE_PARAMETER = re.compile(r"<(?:[^>:]+:)?[^>]+>")


def _regex_groups(route: str) -> list[tuple[int, int]]:
    """The spans of a regex route's named groups, nested parentheses included."""
    spans, start = [], 0
    while (found := route.find("(?P<", start)) != -1:
        depth, end = 0, found
        for end in range(found, len(route)):
            depth += {"(": 1, ")": -1}.get(route[end], 0)
            if depth == 0:
                break
        spans.append((found, end + 1))
        start = end + 1
    return spans


def fill(route: str, values) -> str:
    """The route with each parameter replaced by the next hostile value."""
    if "(?P<" in route:
        out, last = [], 0
        for begin, end in _regex_groups(route):
            out += [route[last:begin], next(values)]
            last = end
        out.append(route[last:])
        route = "".join(out)
        route = re.sub(r"\(\?:[^)]*\)\??", "", route).replace("^", "").replace("$", "")
        route = route.replace("\\/", "/").replace(".*", "")
    else:
        route = ROUTE_PARAMETER.sub(lambda _: next(values), route)
    return "/" + route


def _has_parameters(route: str) -> bool:
    return bool(ROUTE_PARAMETER.search(route)) or "(?P<" in route


def urls_to_try() -> list[str]:
    routes = sorted(set(_patterns(get_resolver().url_patterns)))
    assert len(routes) > 20 and "compare/<str:type_slug>/<int:year>/" in routes
    values = itertools.cycle(PATH_VALUES)
    queries = itertools.cycle(QUERIES)
    urls = []
    for route in routes:
        plain = fill(route, iter(lambda: "1", None))
        if _has_parameters(route):
            urls += [fill(route, values) for _ in range(2)]
        urls += [f"{plain}?{next(queries)}", f"{plain}?{next(queries)}"]
    return urls


def server_errors(client: Client, requests) -> list[str]:
    found = []
    for method, url, data in requests:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        if response.status_code >= 500:
            found.append(f"{method.upper()} {url[:160]} -> {response.status_code}")
    return found


@pytest.fixture
def world(districts, letter, data_admin):
    """Councils, letters and a data admin, so pages have something to find."""
    return districts


def test_every_pattern_with_hostile_values_never_answers_5xx(world, django_user_model):
    urls = urls_to_try()
    assert len(urls) >= 200
    anonymous = Client(raise_request_exception=False)
    failures = server_errors(anonymous, [("get", url, None) for url in urls])
    # A superuser reaches every admin view: hostile ids, searches, orderings and filters.
    superuser = Client(raise_request_exception=False)
    superuser.force_login(django_user_model.objects.create_superuser("root", password="x"))
    admin_urls = [url for url in urls if url.startswith("/admin/")]
    failures += server_errors(superuser, [("get", url, None) for url in admin_urls])
    assert failures == [], "\n".join(failures)


def test_hostile_forms_posted_to_every_public_page_never_answer_5xx(world):
    routes = sorted(set(_patterns(get_resolver().url_patterns)))
    public = [fill(r, iter(lambda: "1", None)) for r in routes if not r.startswith("admin")]
    forms = itertools.cycle(FORMS)
    requests = [("post", url, next(forms)) for url in public for _ in range(2)]
    requests += [("post", "/accounts/login/", form) for form in FORMS]
    client = Client(raise_request_exception=False)
    assert server_errors(client, requests) == []


@pytest.mark.parametrize(
    "year", ["0", "999", "0999", "10000", "99999999999999999999", "9" * 400, "1" * 5000]
)
def test_a_compare_year_out_of_range_is_not_found(world, year):
    response = Client(raise_request_exception=False).get(f"/compare/district/{year}/")
    assert response.status_code == 404


def test_the_fuzzer_fills_every_kind_of_route():
    values = iter(["X", "Y"])
    assert fill("compare/<str:type_slug>/<int:year>/", values) == "/compare/X/Y/"
    route = r"^admin/letters/(?P<rest>councilreport(?:year)?/.*)$"
    assert fill(route, iter(["Z"])) == "/admin/letters/Z"
    assert not _has_parameters("councils/")


# Every query parameter any public page or the API reads (a name nothing reads is dropped).
PARAMETER_NAMES = [
    "year", "status", "sort", "page", "page_size", "type", "authority_type", "region",
    "name", "q", "c", "council", "measure", "layer", "kind", "highlight", "_export",
]  # fmt: skip


def test_a_nul_in_any_parameter_of_any_public_page_never_answers_5xx(world):
    """A NUL reaches PostgreSQL only to fail there (text cannot hold one): each parameter of
    each public page in turn holds one, with the letter's and a council's own addresses."""
    from letters.models import AnnualLetter

    routes = sorted(set(_patterns(get_resolver().url_patterns)))
    plain = {
        fill(route, iter(lambda: "1", None))
        for route in routes
        if not route.startswith(("admin", "^admin")) and "accounts" not in route
    }
    plain |= {f"/letters/{letter.pk}/" for letter in AnnualLetter.objects.all()}
    plain |= {council.get_absolute_url() for council in world}
    requests = [
        ("get", f"{url}?{name}=%00", None)
        for url in sorted(plain)
        if "/admin/" not in url
        for name in PARAMETER_NAMES
    ]
    assert len(requests) > 300
    failures = server_errors(Client(raise_request_exception=False), requests)
    assert failures == [], "\n".join(failures)

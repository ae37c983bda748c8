"""Who a request came from, when the site runs behind reverse proxies.

Behind a proxy every request's REMOTE_ADDR is the proxy's own address; the visitor's is in
X-Forwarded-For, to which each proxy appends the address it was connected from. Only the
hops the deployment's own proxies appended can be believed: anything to their left was sent
by the client, who can write whatever they like there.

TRUSTED_PROXY_COUNT (settings, from the environment) says how many proxies of the
deployment's own stand in front of the site:

- 0 (the default): X-Forwarded-For is ignored entirely; the client is REMOTE_ADDR.
- 1 (e.g. nginx with ``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for``):
  the last hop of X-Forwarded-For is the client.
- N: the Nth hop from the right is the client (a CDN in front of nginx is 2).

Failed sign-ins are throttled per username and this address (django-axes,
AXES_CLIENT_IP_CALLABLE), so one person's mistakes never lock out everyone behind the
proxy, and a client cannot choose the address it is throttled under.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _parse(value: str | None) -> str | None:
    """A single IP address written as proxies write it ("203.0.113.7", "203.0.113.7:51234",
    "[2001:db8::1]:443", "2001:db8::1"), normalised; None when it is not one."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def forwarded_hops(request: HttpRequest) -> list[str]:
    """X-Forwarded-For's hops, left (furthest) to right (nearest); repeated headers count
    as one list, as WSGI servers join them."""
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [hop.strip() for hop in header.split(",") if hop.strip()]


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's IP address as the deployment's own proxies saw it."""
    remote = request.META.get("REMOTE_ADDR")
    count = max(0, int(getattr(settings, "TRUSTED_PROXY_COUNT", 0)))
    if count:
        hops = forwarded_hops(request)
        if hops:
            # Fewer hops than proxies: the request skipped the outer ones, and the
            # leftmost hop is what the outermost proxy that saw it was connected from.
            address = _parse(hops[-min(count, len(hops))])
            if address is not None:
                return address
    return _parse(remote) or remote or None

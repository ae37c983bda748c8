"""The page a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): when to try
again, as a time, from the cool-off.

Failed sign-ins are counted per username and client address together
(AXES_LOCKOUT_PARAMETERS, the address from complaints_site.proxy); after
AXES_FAILURE_LIMIT of them that pair is refused for AXES_COOLOFF_TIME from the last
counted failure. Tries refused during the cool-off are not counted
(AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off), so the time shown does not move.
"""

from datetime import datetime, timedelta

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

LOCKED_OUT_STATUS = 429
USERNAME_MAX_LENGTH = AccessAttempt._meta.get_field("username").max_length


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username failures are counted under (AXES_USERNAME_CALLABLE), as the database can
    hold it: Django's sign-in form does not limit a username's length itself, and a
    5,000-letter one must be a refused sign-in, not a server error."""
    if credentials:
        value = credentials.get("username")
    else:
        value = request.POST.get("username") if request.method == "POST" else None
    if value is None:
        return None
    return str(value).replace("\x00", "")[:USERNAME_MAX_LENGTH]


def try_again_at(request: HttpRequest, credentials: dict | None = None) -> datetime:
    """When this username may sign in from this address again."""
    cool_off = get_cool_off(request) or timedelta(0)
    last = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),  # axes_username's
        ip_address=getattr(request, "axes_ip_address", None),
    ).aggregate(last=Max("attempt_time"))["last"]
    return (last or getattr(request, "axes_attempt_time", None) or timezone.now()) + cool_off


def clock_time(moment: datetime) -> str:
    """'3:42pm', in GOV.UK's style."""
    return f"{moment.hour % 12 or 12}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


def lockout_response(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    until = timezone.localtime(try_again_at(request, credentials))
    response = render(
        request,
        "axes_lockout.html",
        {
            "try_again_at": until,
            "try_again_time": clock_time(until),
            "failure_limit": get_failure_limit(request, credentials),
        },
        status=LOCKED_OUT_STATUS,
    )
    seconds = max(0, int((until - timezone.now()).total_seconds()))
    response["Retry-After"] = str(seconds)
    return response

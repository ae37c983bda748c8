from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView


@require_safe
def no_favicon(request):
    # Browsers ask for /favicon.ico on every site; answer without a 404 in their console.
    return HttpResponse(status=204, headers={"Cache-Control": "public, max-age=86400"})


urlpatterns = [
    path("", include("councils.urls")),
    path("", include("briefings.urls")),
    path("", include("places.urls")),
    path("", include("search.urls")),
    path("", include("opendata.urls")),
    path("letters/", include("documents.urls")),
    path("letters/", include("letters.urls")),
    path("letters/", include("reports.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("favicon.ico", no_favicon),
    # Councils' reports moved from the letters app to their own: old admin links still work.
    re_path(
        rf"^{settings.ADMIN_URL}letters/(?P<rest>councilreport(?:year)?/.*)$",
        RedirectView.as_view(url=f"/{settings.ADMIN_URL}reports/%(rest)s", query_string=True),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]

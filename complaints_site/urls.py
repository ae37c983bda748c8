from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe


@require_safe
def no_favicon(request):
    # Browsers ask for /favicon.ico on every site; answer without a 404 in their console.
    return HttpResponse(status=204, headers={"Cache-Control": "public, max-age=86400"})


urlpatterns = [
    path("", include("councils.urls")),
    path("letters/", include("letters.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("favicon.ico", no_favicon),
    path(settings.ADMIN_URL, admin.site.urls),
]

"""The open data's addresses: the API under /api/v1/ (names "api:..."), its docs page, the
Atom feeds under /feeds/, and the data page and whole-dataset downloads under /data/
(names "opendata:..."). Every one is open, read-only, throttled per client and
revalidated by ETag (opendata.http), the docs and data pages excepted (ordinary pages)."""

from django.urls import include, path
from django.views.generic import RedirectView

from opendata import feeds, views
from opendata.api.endpoints import REVISION, api, reference_signature
from opendata.http import open_read_only


def _api_patterns():
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        # URLPattern.callback is the view Django calls: wrapped here, every operation and
        # the schema share one policy (throttle first, then the ETag, then the answer).
        pattern.callback = open_read_only(
            scope="api", revision=REVISION, extra=reference_signature
        )(pattern.callback)
    return patterns


own = [
    path("api/", RedirectView.as_view(pattern_name="opendata:api-docs"), name="api-home"),
    path("api/v1/docs/", views.api_docs, name="api-docs"),
    path("feeds/letters/", feeds.site_feed, name="feed"),
    path("feeds/councils/<slug:slug>/", feeds.council_feed, name="council-feed"),
    path("feeds/types/<str:type_slug>/", feeds.type_feed, name="type-feed"),
    path("data/", views.data_page, name="data"),
    path("data/council-years.<str:file_format>", views.dataset_download, name="dataset"),
]

urlpatterns = [
    path("", include((own, "opendata"), namespace="opendata")),
    path("api/v1/", include((_api_patterns(), "ninja"), namespace="api")),
]

"""The open data's pages: the API's docs page (written on the server from the OpenAPI
schema: no script, no CDN), the data page (every column of the dataset, its source and
licence) and the whole dataset as CSV or XLSX."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from complaints_site.cache import MAX_AGE, cached_page, data_version
from core.periods import year_label
from letters.models import AnnualLetter
from opendata import dataset, files
from opendata.api import docs
from opendata.api.endpoints import api
from opendata.feeds import LIMIT as FEED_LIMIT
from opendata.http import DEFAULT_RATES, open_read_only, rate

DATASET_REVISION = "1"
DATASET_FILES = {
    "csv": ("CSV", files.CSV_TYPE),
    "xlsx": ("XLSX (Excel)", files.XLSX_TYPE),
}
DATASET_NAME = "council-years"
DATASET_TIMEOUT = 60 * 60


@cached_page
def api_docs(request):
    schema = api.get_openapi_schema()
    return render(
        request,
        "opendata/api_docs.html",
        {
            "api": docs.describe(schema),
            "base": request.build_absolute_uri(reverse("api:index")),
            "rate": rate("api"),
            "max_age": MAX_AGE,
        },
    )


def _about(request) -> list[list[str]]:
    return [
        ["Council complaints explorer: the whole dataset", ""],
        [
            "One row per council and reporting year",
            "Its current letter, every figure, both averages",
        ],
        [
            "Columns",
            "Defined on the sheet 'Columns' and at "
            + request.build_absolute_uri(reverse("opendata:data")),
        ],
    ]


@open_read_only(scope="downloads", revision=DATASET_REVISION)
def dataset_download(request, file_format: str):
    """The whole dataset in one file, made once per data version and format."""
    if file_format not in DATASET_FILES:
        raise Http404("The dataset comes as .csv or .xlsx.")
    site = request.build_absolute_uri("/").rstrip("/")
    version = data_version()
    key = f"opendata:dataset:{file_format}:{site}:{version}:{DATASET_REVISION}"
    content = cache.get(key) if version is not None else None
    if content is None:
        names, rows = dataset.table(site)
        if file_format == "csv":
            content = files.csv_bytes(names, rows)
        else:
            content = files.xlsx_bytes(names, rows, columns=dataset.COLUMNS, about=_about(request))
        if version is not None:
            cache.set(key, content, DATASET_TIMEOUT)
    response = HttpResponse(content, content_type=DATASET_FILES[file_format][1])
    response["Content-Disposition"] = f'attachment; filename="{DATASET_NAME}.{file_format}"'
    return response


@cached_page
def data_page(request):
    years = AnnualLetter.objects.current().dates("period_end", "year")
    return render(
        request,
        "opendata/data.html",
        {
            "columns": dataset.COLUMNS,
            "sources": dataset.SOURCES.values(),
            "rows": AnnualLetter.objects.current().count(),
            "first_period": year_label(years[0].year) if years else None,
            "last_period": year_label(years[len(years) - 1].year) if years else None,
            "downloads": [
                (label, reverse("opendata:dataset", kwargs={"file_format": fmt}), fmt)
                for fmt, (label, _) in DATASET_FILES.items()
            ],
            "rates": {scope: rate(scope) for scope in DEFAULT_RATES},
            "feed_limit": FEED_LIMIT,
        },
    )

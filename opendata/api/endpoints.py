"""The read-only API, version 1, with django-ninja: /api/v1/ and its OpenAPI schema at
/api/v1/openapi.json. Each operation reads through opendata.api.queries and the apps'
selectors and answers one of the schemas in opendata.api.schemas; opendata.urls makes
every answer open (CORS for GET), throttled per client and revalidated by ETag
(opendata.http)."""

import functools
import hashlib
from typing import Annotated, Literal

from django.urls import reverse
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError
from pydantic import AfterValidator

from councils.models import AuthorityType, Council
from councils.selectors import type_averages
from documents.models import DocumentKind
from letters.models import AnnualLetter
from letters.selectors import corrections_by_letter
from opendata.api import queries, represent, schemas
from opendata.api.paging import MAX_PAGE_SIZE, PAGE_SIZE, page_of
from places.reference import DATA_FILE as PLACES_FILE
from search.selectors import MAX_QUERY
from search.selectors import search as search_documents


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold a NUL: refused here (422) rather than by the database.
    if "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    return value


# A text parameter: any string without a NUL character.
Text = Annotated[str, AfterValidator(_no_nul)]

REVISION = "1"  # the answers' format: bump it when an answer changes for the same data


@functools.cache
def reference_signature() -> str:
    """What else the answers are made from: the places reference file shipped with the
    site (similar councils, neighbours), so a deployment with a new one changes the ETag."""
    return hashlib.sha256(PLACES_FILE.read_bytes()).hexdigest()[:8]


DESCRIPTION = """\
The figures of the Local Government and Social Care Ombudsman's annual review letters to
English councils, as this site reads them: councils, every figure of every letter with the
letter's own words it was read from and any correction, the averages for each type of
council and year, stated by the letters and computed here, and a search of the letters' and
councils' reports' text.

Read-only and open: no key, any origin (CORS), GET only. Answers are paged
(`page`, `page_size` up to 100), carry an `ETag` and answer `304 Not Modified` to
`If-None-Match` until the data change. Each client address may make 120 requests a
minute; past that, `429` with `Retry-After`.
"""

api = NinjaAPI(
    title="Council complaints explorer API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,  # the docs page is the site's own (opendata.views.api_docs), no CDN
    openapi_url="/openapi.json",
)

NOT_FOUND = {404: schemas.Problem}
PageNumber = Query(1, ge=1, description="Which page (from 1).")
PageSize = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page (at most 100).")


def _absolute(request, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))


@api.get("/", response=schemas.Index, url_name="index", summary="The API's front door")
def index(request):
    """Where everything is: each listing, the docs, the schema, the dataset and the feed."""
    return {
        "title": api.title,
        "description": DESCRIPTION,
        "docs": _absolute(request, "opendata:api-docs"),
        "openapi": _absolute(request, "api:openapi-json"),
        "councils": _absolute(request, "api:councils"),
        "letters": _absolute(request, "api:letters"),
        "averages": _absolute(request, "api:averages"),
        "search": _absolute(request, "api:search"),
        "dataset": {
            "csv": _absolute(request, "opendata:dataset", file_format="csv"),
            "xlsx": _absolute(request, "opendata:dataset", file_format="xlsx"),
        },
        "feed": _absolute(request, "opendata:feed"),
        "licence": _absolute(request, "opendata:data"),
    }


@api.get(
    "/councils/",
    response={200: schemas.CouncilPage, **NOT_FOUND},
    url_name="councils",
    summary="Councils",
)
def councils(
    request,
    type: AuthorityType | None = Query(None, description="Only councils of this type."),  # noqa: A002, B008
    region: Text | None = Query(None, description="Only councils in this region, e.g. `London`."),  # noqa: B008
    status: Literal["current", "abolished", "all"] = Query(  # noqa: B008
        "current", description="Councils existing today (the default), abolished ones, or all."
    ),
    page: int = PageNumber,
    page_size: int = PageSize,
):
    """England's councils from mySociety's register, in name order, with their type,
    region and population."""
    found = queries.councils(authority_type=type, region=region, status=status)
    result = page_of(request, found, page=page, page_size=page_size)
    result["results"] = [represent.council_record(request, c) for c in result["results"]]
    return result


@api.get(
    "/councils/{slug}/",
    response={200: schemas.CouncilDetail, **NOT_FOUND},
    url_name="council",
    summary="A council",
)
def council(
    request,
    slug: Text = Path(..., description="The council's address, e.g. `cambridge`."),  # noqa: B008
):
    """One council: its register entry, predecessors and successors, its current letters,
    and the similar and neighbouring councils its page suggests."""
    try:
        found = queries.council(slug=slug)
    except Council.DoesNotExist:
        raise HttpError(404, "No council has that address.") from None
    return {
        **represent.council_record(request, found),
        "predecessors": [represent.council_ref(request, c) for c in found.predecessors.all()],
        "successors": [represent.council_ref(request, c) for c in found.successors.all()],
        "letters": [
            represent.letter_ref(request, letter) for letter in queries.current_letters_of(found)
        ],
        **represent.places_of(request, found),
    }


@api.get(
    "/letters/",
    response={200: schemas.LetterPage, **NOT_FOUND},
    url_name="letters",
    summary="Letters",
)
def letters(
    request,
    council: Text | None = Query(None, description="Only this council's (its slug)."),  # noqa: B008
    type: AuthorityType | None = Query(None, description="Only councils of this type."),  # noqa: A002, B008
    year: int | None = Query(  # noqa: B008
        None, ge=2000, le=2100, description="Only this year's: 2024 is 2023-24."
    ),
    versions: Literal["current", "all"] = Query(  # noqa: B008
        "current",
        description="The current version of each letter (the default), or every version.",
    ),
    page: int = PageNumber,
    page_size: int = PageSize,
):
    """Letters, newest year first: every figure with the words it was read from and any
    correction in force, the four measures as the pages compute them, the service rows
    and a link to the original."""
    found = queries.letters(council=council, authority_type=type, year=year, versions=versions)
    result = page_of(request, found, page=page, page_size=page_size)
    corrected = corrections_by_letter([letter.pk for letter in result["results"]])
    result["results"] = [
        represent.letter_record(request, letter, corrected.get(letter.pk, {}))
        for letter in result["results"]
    ]
    return result


@api.get(
    "/letters/{int:letter_id}/",
    response={200: schemas.Letter, **NOT_FOUND},
    url_name="letter",
    summary="A letter",
)
def letter(
    request,
    letter_id: int = Path(..., description="The letter's number on this site."),  # noqa: B008
):
    """One letter, any version (``current`` says whether a newer upload replaced it)."""
    try:
        found = queries.letter(pk=letter_id)
    except AnnualLetter.DoesNotExist:
        raise HttpError(404, "No letter has that number.") from None
    corrected = corrections_by_letter([found.pk]).get(found.pk, {})
    return represent.letter_record(request, found, corrected)


@api.get(
    "/averages/",
    response={200: schemas.TypeAveragePage, **NOT_FOUND},
    url_name="averages",
    summary="Type averages per year",
)
def averages(
    request,
    type: AuthorityType | None = Query(None, description="Only this type's."),  # noqa: A002, B008
    year: int | None = Query(  # noqa: B008
        None, ge=2000, le=2100, description="Only this year's: 2024 is 2023-24."
    ),
    page: int = PageNumber,
    page_size: int = PageSize,
):
    """For each type of council and year, oldest first: the average each measure's letters
    state, and the pooled and mean averages computed here from the current letters, with
    the counts behind them."""
    found = type_averages(authority_type=type, year=year)
    result = page_of(request, found, page=page, page_size=page_size)
    result["results"] = [represent.type_average_record(request, a) for a in result["results"]]
    return result


@api.get(
    "/search/",
    response={200: schemas.SearchPage, **NOT_FOUND},
    url_name="search",
    summary="Search the letters' and reports' text",
)
def search(
    request,
    q: Text = Query(  # noqa: B008
        ...,
        min_length=1,
        max_length=MAX_QUERY,
        description=(
            'What to find, in web search syntax: every word is required, `"a phrase"` in '
            "quotes, `-word` leaves out documents with it, `or` between words finds either; "
            "words are stemmed (`reports` finds `report`)."
        ),
    ),
    type: AuthorityType | None = Query(None, description="Only councils of this type."),  # noqa: A002, B008
    year: int | None = Query(  # noqa: B008
        None, ge=2000, le=2100, description="Only this year's: 2024 is 2023-24."
    ),
    council: Text | None = Query(None, description="Only this council's (its slug)."),  # noqa: B008
    kind: DocumentKind | None = Query(  # noqa: B008
        None, description="Only Ombudsman letters, or only councils' own reports."
    ),
    page: int = PageNumber,
    page_size: int = PageSize,
):
    """Every current letter and council report whose text matches, best first
    (PostgreSQL full-text search, English), each with the passage that matches best, a
    snippet with the query's words marked, and its page at that passage. The same search
    as the site's /search/ page (search.selectors.search)."""
    found = search_documents(q, year=year, authority_type=type, council=council, kind=kind)
    result = page_of(request, found, page=page, page_size=page_size)
    result["results"] = [represent.search_hit(request, hit) for hit in result["results"]]
    return {"query": found.query, **result}

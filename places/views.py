"""The comparison of any councils and the map of England. Views are thin: queries in
places.selectors, what is shown in places.presenters, the map's SVG in places.mapsvg.
Both pages are cached (complaints_site.cache) until the data change."""

import csv
import json
import re

from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from complaints_site.cache import cached_page
from core.periods import year_label
from councils.exports import EXPORT_FORMATS, csv_cell
from councils.measures import MEASURES
from councils.selectors.listings import letter_years
from places import presenters, selectors
from places.forms import MapForm
from places.reference import places

SLUG = re.compile(r"[-\w]{1,120}", re.ASCII)


def _chosen(request) -> list[str]:
    """The councils asked for (``c``), in order, each once; at most one more than a
    comparison may hold, so that a long list costs no more than a short one."""
    chosen: list[str] = []
    for value in request.GET.getlist("c"):
        value = value.strip()
        if value and value not in chosen:
            chosen.append(value)
        if len(chosen) > presenters.MAX_COUNCILS:
            break
    return chosen


def _shown(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _export(export_format: str, councils, letters, *, permalink: str) -> HttpResponse:
    columns = presenters.export_columns()
    rows = presenters.export_rows(councils, letters)
    filename = "compare-" + "-".join(c.slug for c in councils[:3])
    if len(councils) > 3:
        filename += f"-and-{len(councils) - 3}-more"
    if export_format == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        writer = csv.writer(response)
        writer.writerow([csv_cell(name) for name in columns])
        writer.writerows([csv_cell(value) for value in row] for row in rows)
        return response
    payload = {
        "councils": [
            {"slug": c.slug, "name": c.official_name, "type": presenters.type_label(c)}
            for c in councils
        ],
        "measures": {m.key: m.label for m in MEASURES},
        "source": permalink,
        "count": len(rows),
        "rows": [dict(zip(columns, row, strict=True)) for row in rows],
    }
    response = HttpResponse(
        json.dumps(payload, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response


def compare_query(request, **kwargs) -> QueryDict:
    """What the comparison reads: the councils asked for and a download format."""
    params = QueryDict(mutable=True)
    params.setlist("c", _chosen(request))
    if request.GET.get("_export") in EXPORT_FORMATS:
        params["_export"] = request.GET["_export"]
    return params


def map_query(request, **kwargs) -> QueryDict:
    """What the map reads: a measure, a year and a layer (checked by its form)."""
    params = QueryDict(mutable=True)
    for name in ("measure", "year", "layer"):
        if request.GET.get(name, "").strip():
            params[name] = request.GET[name].strip()[:40]
    return params


@cached_page(query=compare_query)
def compare_councils(request):
    asked = _chosen(request)
    found = selectors.councils_by_slug(s for s in asked if SLUG.fullmatch(s))
    councils = [found[slug] for slug in asked if slug in found]
    errors = [f"No council has the address “{_shown(s)}”." for s in asked if s not in found]
    if len(asked) > presenters.MAX_COUNCILS:
        errors.append(
            f"A comparison holds at most {presenters.MAX_COUNCILS} councils: "
            "remove some before adding more."
        )
        councils = councils[: presenters.MAX_COUNCILS]
    ready = not errors and len(councils) >= presenters.MIN_COUNCILS
    path = presenters.compare_url(councils)
    permalink = request.build_absolute_uri(path)
    export_format = request.GET.get("_export")
    letters = selectors.letters_of(councils) if ready else []
    if export_format in EXPORT_FORMATS and ready:
        return _export(export_format, councils, letters, permalink=permalink)
    first = councils[0] if councils else None
    cards = {}
    if first is not None:
        near = selectors.council_places(first)
        if near is not None:
            cards = {
                "similar": presenters.similar_card(first, near),
                "neighbours": presenters.neighbours_card(first, near),
            }
    chosen = {c.slug for c in councils}
    return render(
        request,
        "places/compare.html",
        {
            "councils": councils,
            "errors": errors,
            "comparison": presenters.comparison(councils, letters) if ready else None,
            "removals": [
                (c, presenters.compare_url([o for o in councils if o != c])) for c in councils
            ],
            "choices": [
                (slug, name) for slug, name in selectors.comparison_choices() if slug not in chosen
            ],
            "full": len(councils) >= presenters.MAX_COUNCILS,
            "max_councils": presenters.MAX_COUNCILS,
            "first": first,
            "start": cards,
            "permalink": permalink,
            "exports": {f: presenters.compare_url(councils, _export=f) for f in EXPORT_FORMATS},
        },
        status=400 if errors or export_format is not None else 200,
    )


@cached_page(query=map_query)
def england_map(request):
    years = letter_years()
    form = MapForm(request.GET, years=years)
    if not form.is_valid():
        return render(request, "places/map.html", {"form": form}, status=400)
    key, year, layer = form.choice
    other_layer = next(k for k in presenters.LAYERS if k != layer)
    measure = next(m for m in MEASURES if m.key == key)
    shown = presenters.england_map(
        councils=selectors.current_councils(),
        places=places(),
        letters=selectors.letters_in(year, measure) if year is not None else {},
        measure=measure,
        year=year,
        layer=layer,
    )
    return render(
        request,
        "places/map.html",
        {
            "form": form,
            "map": shown,
            "measure": measure,
            "year": year,
            "period": year_label(year) if year else "",
            "layer": layer,
            "layer_label": presenters.LAYERS[layer],
            "other_layer": other_layer,
            "other_layer_label": presenters.LAYERS[other_layer],
            "layers": presenters.LAYERS,
        },
    )

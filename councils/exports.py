"""The tables' downloads: every row of a table (filtered and sorted, not paged) as CSV or JSON.

A CSV is opened in a spreadsheet, which runs a cell that begins with "=", "+", "-", "@", a
tab or a carriage return as a formula ("=HYPERLINK(...)" in a council's name would be a
link). As OWASP advises (CSV injection), such a cell is written with a single quote in
front, which the spreadsheet shows as text; plain numbers ("-3.5", a negative difference)
stay numbers. JSON is data, not a spreadsheet: it is written as it is."""

import csv
import json
import re
from datetime import date
from decimal import Decimal

from django.http import HttpRequest, HttpResponse

from councils.tables import export_rows

EXPORT_FORMATS = ("csv", "json")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(value) -> str | int | float | Decimal:
    """One value as a CSV cell that a spreadsheet shows and never runs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = value.isoformat() if isinstance(value, date) else str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export_response(table, *, export_format: str, filename: str, about: dict) -> HttpResponse:
    """Every row of `table` (filtered and sorted, not paged) as CSV or JSON."""
    names, rows = export_rows(table)
    if export_format == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        writer = csv.writer(response)
        writer.writerow([csv_cell(name) for name in names])
        for row in rows:
            writer.writerow([csv_cell(value) for value in row])
        return response
    payload = {
        **about,
        "count": len(rows),
        "rows": [dict(zip(names, row, strict=True)) for row in rows],
    }
    response = HttpResponse(
        json.dumps(payload, default=_json_default, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response


def export_links(request: HttpRequest) -> dict[str, str]:
    """This page's address with each download format (and no page number)."""
    query = request.GET.copy()
    query.pop("page", None)
    links = {}
    for export_format in EXPORT_FORMATS:
        query["_export"] = export_format
        links[export_format] = f"{request.path}?{query.urlencode()}"
    return links

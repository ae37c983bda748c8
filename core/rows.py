"""Rows of another table read inside one query: a subquery's rows as a JSON array
(``rows_subquery``), made back into model instances (``instances``) as the ORM would have
loaded them, so that a page reads a row and its few related rows in one round trip.

Decimals travel as text, so they come back exactly as stored ("70.00", not 70.0)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Cast, JSONObject


def _value(model, name: str):
    field = model._meta.get_field(name)
    if isinstance(field, models.DecimalField):
        return Cast(name, models.TextField())
    return name


def rows_subquery(queryset: QuerySet, *names: str) -> ArraySubquery:
    """`queryset`'s rows (in its order) as a JSON array of objects of these fields, to
    annotate another query with (an ``OuterRef`` in `queryset` ties them to its row)."""
    model = queryset.model
    return ArraySubquery(
        queryset.values(json=JSONObject(**{name: _value(model, name) for name in names}))
    )


def instances(model, rows: list[dict] | None) -> list:
    """Model instances from ``rows_subquery``'s JSON objects, each field converted as a
    form would (dates, times, decimals), the fields not read deferred."""
    made = []
    for row in rows or []:
        values = {}
        for name, value in row.items():
            field = model._meta.get_field(name)
            values[field.attname] = None if value is None else field.to_python(value)
        names = list(values)
        made.append(
            model.from_db(
                "default",
                names,
                [values[f.attname] for f in model._meta.concrete_fields if f.attname in values],
            )
        )
    return made

"""Querysets a page runs on every request, compiled to SQL once per process.

Building and compiling a queryset with many expressions (the letters' figures, JSON
subqueries, the current-document rules) costs a page more than PostgreSQL takes to run it:
several milliseconds each. ``prepared`` builds the queryset once, with a stand-in for each
argument, keeps its SQL, and afterwards runs that SQL with the arguments put in the stand-ins'
places (``Model.objects.raw``: model instances, their annotations as attributes converted as the
ORM converts them, the fields not selected deferred). The queryset stays the one definition
of the query.

An argument (an int, a string or a date) must reach the SQL as a parameter unchanged (an id,
a slug, a day); one that does not (used in a LIKE or a year lookup, or only shaping the
query) is refused on the first call."""

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from threading import Lock

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ValuesIterable

_INT_STAND_IN = -1_987_654_321


def _stand_in(name: str, value, n: int):
    if isinstance(value, date):
        return date(1, 1, 1) + timedelta(days=n)  # no letter or council is dated in year 1
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"prepared queries take ints, strings and dates; {name} is {type(value)}")
    return _INT_STAND_IN - n if isinstance(value, int) else f"\x1fprepared:{name}\x1f"


def _converters(queryset: QuerySet, compiler) -> list:
    """(annotation name, its converters, its expression) for each annotation the ORM
    converts (an EXTRACT's numeric to int, a JSON array's text to objects)."""
    annotations = queryset.query.annotation_select
    found = compiler.get_converters(list(annotations.values()))
    names = list(annotations)
    return [(names[i], converters, expression) for i, (converters, expression) in found.items()]


def prepared(build: Callable[..., QuerySet]) -> Callable[..., list[Model]]:
    """Decorate a function of keyword arguments returning a QuerySet: calling it returns
    the same rows as a list (model instances, or dicts for a ``values()`` queryset), read
    with the SQL compiled on the first call."""
    compiled: dict = {}
    lock = Lock()

    @wraps(build)
    def run(**arguments) -> list[Model] | list[dict]:
        names = tuple(sorted(arguments))
        with lock:
            if names not in compiled:
                stand_ins = {
                    name: _stand_in(name, arguments[name], n) for n, name in enumerate(names)
                }
                queryset = build(**stand_ins)
                compiler = queryset.query.get_compiler(queryset.db)
                sql, params = compiler.as_sql()
                slots = []
                for value in params:
                    found = [name for name, mark in stand_ins.items() if value == mark]
                    slots.append(found[0] if found else None)
                missing = set(names) - set(slots)
                if missing:
                    raise ValueError(f"{build.__name__}: {sorted(missing)} not a parameter")
                converters = _converters(queryset, compiler)
                compiled[names] = (queryset, sql, list(params), slots, converters)
        queryset, sql, params, slots, converters = compiled[names]
        model, db = queryset.model, queryset.db
        values = [
            param if slot is None else arguments[slot]
            for param, slot in zip(params, slots, strict=True)
        ]
        connection = connections[db]
        if issubclass(queryset._iterable_class, ValuesIterable):
            with connection.cursor() as cursor:
                cursor.execute(sql, values)
                names = [column.name for column in cursor.description]
                rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            get, put = dict.__getitem__, dict.__setitem__
        else:
            rows = list(model.objects.db_manager(db).raw(sql, values))
            get, put = getattr, setattr
        for row in rows:
            for name, functions, expression in converters:
                value = get(row, name)
                for convert in functions:
                    value = convert(value, expression, connection)
                put(row, name, value)
        return rows

    return run

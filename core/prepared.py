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
query) is refused on the first call. The queryset is compiled twice then, with two sets of
stand-ins: where the parameters differ are the arguments' places, so a constant of the query
that happens to equal a stand-in is never taken for one, and the stand-ins can be ordinary
values that any column takes (the ORM refuses an int out of its column's range)."""

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from threading import Lock

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ValuesIterable


def _stand_in(name: str, value, n: int, which: int):
    """The nth argument's stand-in in the first (``which`` 0) or second compilation."""
    if isinstance(value, date):
        return date(1, 1, 1) + timedelta(days=2 * n + which)  # nothing here is dated in year 1
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"prepared queries take ints, strings and dates; {name} is {type(value)}")
    if isinstance(value, int):
        return 30_001 + 2 * n + which  # in range for any integer column, a smallint's too
    return f"\x1fprepared:{name}:{which}\x1f"


def _compile(build: Callable[..., QuerySet], arguments: dict) -> tuple:
    """(queryset, SQL, its parameters, each parameter's argument or None, converters)."""
    names = sorted(arguments)
    first, second = (
        {name: _stand_in(name, arguments[name], n, which) for n, name in enumerate(names)}
        for which in (0, 1)
    )
    queryset = build(**first)
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    other_sql, other_params = build(**second).query.get_compiler(queryset.db).as_sql()
    if other_sql != sql:
        raise ValueError(f"{build.__name__}: an argument shapes the query, not a parameter")
    slots = []
    for mine, other in zip(params, other_params, strict=True):
        found = [name for name in names if (first[name], second[name]) == (mine, other)]
        if mine != other and not found:
            raise ValueError(f"{build.__name__}: an argument changed on its way: not a parameter")
        slots.append(found[0] if mine != other else None)
    missing = set(names) - set(slots)
    if missing:
        raise ValueError(f"{build.__name__}: {sorted(missing)} not a parameter")
    return queryset, sql, list(params), slots, _converters(queryset, compiler)


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
                compiled[names] = _compile(build, arguments)
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

"""What a council's cached pages depend on (complaints_site.cache): the council's own scope,
found from its address through the register's addresses, types and codes. Those are read
once per process (one query) and again whenever the register's version has moved on
(a council added, removed, or given a new address, type or code)."""

from dataclasses import dataclass

from django.db import connection
from django.http import HttpRequest

from complaints_site.cache import REGISTER, Dependencies, council_scope


@dataclass(frozen=True)
class Listed:
    pk: int
    authority_type: str
    register_code: str


@dataclass(frozen=True)
class Directory:
    version: int  # the register's, when read
    writing: bool  # read in a transaction that has written data: its own
    by_slug: dict[str, Listed]
    by_code: dict[str, int]


_LOAD = """
SELECT v.version, v.writing, c.id, c.slug, c.authority_type, c.register_code
FROM (
    SELECT coalesce(sum(counter), 0) AS version, txid_current_if_assigned() AS writing
    FROM councils_page_version WHERE scope = %s
) AS v
LEFT JOIN councils_council AS c ON true
"""

_kept: list[Directory] = []  # this process's, at most one


def council_directory() -> Directory:
    """Every council's address, type and register code (one query the first time)."""
    if _kept:
        return _kept[0]
    with connection.cursor() as cursor:
        cursor.execute(_LOAD, [REGISTER])
        rows = cursor.fetchall()
    by_slug = {
        slug: Listed(pk, authority_type, code or "")
        for _, _, pk, slug, authority_type, code in rows
        if pk is not None
    }
    directory = Directory(
        version=int(rows[0][0]),
        writing=rows[0][1] is not None,
        by_slug=by_slug,
        by_code={
            listed.register_code: listed.pk for listed in by_slug.values() if listed.register_code
        },
    )
    if not directory.writing:
        _kept[:] = [directory]
    return directory


def directory_forget() -> None:
    _kept.clear()


def depending_on(directory: Directory, scopes: set[str]) -> Dependencies:
    """These scopes, worked out from this directory (so again once it is out of date)."""
    return Dependencies(
        scopes=frozenset(scopes or {REGISTER}),
        assumed={REGISTER: directory.version},
        stale=directory_forget,
        writing=directory.writing,
    )


def council_depends(request: HttpRequest, *, slug: str, **kwargs) -> Dependencies:
    """``depends=`` for a page of one council's own figures (its feed): that council (the
    register, for an address no council has)."""
    directory = council_directory()
    listed = directory.by_slug.get(slug)
    return depending_on(directory, set() if listed is None else {council_scope(listed.pk)})

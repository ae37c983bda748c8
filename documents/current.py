"""Which stored figures are current: the one rule for letters and reports alike.

A row of figures (a report's year, a service row) is current through the document it came
from: the document is current, and no newer current document of the same council gives a
row of the same kind for the same year (newer: a later period end, then a later upload).
Older documents' rows are never deleted; they stay in the database and its history, and
stop being shown once a newer document covers their year.

A council has one current letter per year, so a letter's rows are current exactly when
the letter is."""

from django.db.models import Exists, OuterRef, Q

# What makes two rows "the same year of the same council".
SAME_YEAR = ("council", "period_start", "period_end")


def current_through(model, document: str, *, same: tuple[str, ...] = SAME_YEAR) -> Q:
    """A filter for `model`'s rows current through their `document` (a foreign key to a
    StoredDocument). `same` names the columns that make another row cover the same year
    (add "source" where rows of different kinds share a table)."""
    newer = model._base_manager.filter(
        **{field: OuterRef(field) for field in same},
        **{f"{document}__is_current": True},
    ).filter(
        Q(**{f"{document}__period_end__gt": OuterRef(f"{document}__period_end")})
        | Q(
            **{
                f"{document}__period_end": OuterRef(f"{document}__period_end"),
                f"{document}__uploaded_at__gt": OuterRef(f"{document}__uploaded_at"),
            }
        )
    )
    return Q(**{f"{document}__is_current": True}) & ~Q(Exists(newer))

"""Which stored figures are current: the one rule for letters and reports alike, and the
one way a stored document stops being current without a newer one (``withdraw``).

A row of figures (a report's year, a service row) is current through the document it came
from: the document is current, and no newer current document of the same council gives a
row of the same kind for the same year (newer: a later period end, then a later upload).
Older documents' rows are never deleted; they stay in the database and its history, and
stop being shown once a newer document covers their year.

A council has one current letter per year, so a letter's rows are current exactly when
the letter is.

A document a data admin withdraws (uploaded for the wrong council, a draft, a duplicate
under another name) is never deleted either: it is kept with its original, its rows and
its history, marked withdrawn (when, by whom, why), and is never current again, so it
drops out of the public pages and the averages; the newest earlier version of it that is
not withdrawn, if there is one, becomes current again."""

import pghistory
from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.history import user_context
from councils.models import Council

# What makes two rows "the same year of the same council".
SAME_YEAR = ("council", "period_start", "period_end")

WITHDRAWAL_REASON_REQUIRED = "Give the reason for withdrawing it: it is kept in the history."
ALREADY_WITHDRAWN = "{document} was already withdrawn on {at:%-d %B %Y}."


def current_through(model, document: str, *, same: tuple[str, ...] = SAME_YEAR) -> Q:
    """A filter for `model`'s rows current through their `document` (a foreign key to a
    StoredDocument). `same` names the columns that make another row cover the same year
    (add "source" where rows of different kinds share a table)."""
    live = {f"{document}__is_current": True, f"{document}__withdrawn_at__isnull": True}
    newer = model._base_manager.filter(
        **{field: OuterRef(field) for field in same},
        **live,
    ).filter(
        Q(**{f"{document}__period_end__gt": OuterRef(f"{document}__period_end")})
        | Q(
            **{
                f"{document}__period_end": OuterRef(f"{document}__period_end"),
                f"{document}__uploaded_at__gt": OuterRef(f"{document}__uploaded_at"),
            }
        )
    )
    return Q(**live) & ~Q(Exists(newer))


class Withdrawable(models.Model):
    """What a stored document has once a data admin has withdrawn it (``withdraw``)."""

    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a data admin withdrew it: kept, never current, not on the public pages.",
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def withdrawal_rules(prefix: str) -> list[models.CheckConstraint]:
    """The database's rules for a withdrawable document: never current once withdrawn, and
    withdrawn with a reason."""
    return [
        models.CheckConstraint(
            condition=Q(withdrawn_at__isnull=True) | Q(is_current=False),
            name=f"{prefix}_withdrawn_is_not_current",
        ),
        models.CheckConstraint(
            condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
            name=f"{prefix}_withdrawn_with_a_reason",
        ),
    ]


class WithdrawalRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def withdraw(document, *, reason: str, user=None):
    """Withdraw a stored document (a letter or a council report): kept, with its original
    (still referenced), rows and history, marked withdrawn with who and why, never current
    again. If it was current, the newest other version of it (the same council and year:
    the model's ``VERSION_OF`` columns) not withdrawn becomes current again. Both changes
    are in the history, with the reason. Returns the version now current, if any."""
    reason = (reason or "").strip()
    if not reason:
        raise WithdrawalRefused(WITHDRAWAL_REASON_REQUIRED)
    model = type(document)
    # The council first, as an upload of a new version does, then every version at once.
    list(Council.objects.select_for_update().filter(pk=document.council_id).only("pk"))
    versions = {
        version.pk: version
        for version in model.objects.select_for_update()
        .filter(**{column: getattr(document, column) for column in model.VERSION_OF})
        .order_by("pk")
    }
    document = versions.pop(document.pk)
    if document.is_withdrawn:
        raise WithdrawalRefused(
            ALREADY_WITHDRAWN.format(
                document=document, at=timezone.localtime(document.withdrawn_at)
            )
        )
    was_current = document.is_current
    with pghistory.context(reason=f"{document} withdrawn: {reason}", **user_context(user)):
        document.is_current = False
        document.withdrawn_at = timezone.now()
        document.withdrawn_by = user
        document.withdrawn_reason = reason
        document.save(
            update_fields=["is_current", "withdrawn_at", "withdrawn_by", "withdrawn_reason"]
        )
        current = next((v for v in versions.values() if v.is_current), None)
        if was_current:
            current = max(
                (v for v in versions.values() if not v.is_withdrawn),
                key=lambda v: (v.uploaded_at, v.pk),
                default=None,
            )
            if current is not None:
                current.is_current = True
                current.save(update_fields=["is_current"])
    return current

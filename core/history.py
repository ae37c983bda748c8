"""History helpers: what the pghistory triggers record, and what every change a person
makes carries with it (who, and why)."""

import pghistory
import pgtrigger


def history_trackers() -> list:
    """Every insert, update (of any column, however made) and delete, recorded by triggers."""
    return [
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(condition=pgtrigger.Condition("OLD.* IS DISTINCT FROM NEW.*")),
        pghistory.DeleteEvent(),
    ]


REASON_REQUIRED = "Give the reason for the change: it is shown beside each corrected figure."


def user_context(user) -> dict:
    """pghistory context naming the user who made a change (none from a shell)."""
    return {"user": user.pk} if user is not None and user.pk is not None else {}

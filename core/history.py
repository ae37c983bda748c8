"""History helpers: what the pghistory triggers record."""

import pghistory
import pgtrigger


def history_trackers() -> list:
    """Every insert, update (of any column, however made) and delete, recorded by triggers."""
    return [
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(condition=pgtrigger.Condition("OLD.* IS DISTINCT FROM NEW.*")),
        pghistory.DeleteEvent(),
    ]

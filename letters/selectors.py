"""Read-side queries for letters."""

from datetime import date

from councils.models import Council
from letters.models import AnnualLetter, Correction


def previous_letter(*, council: Council, period_end: date) -> AnnualLetter | None:
    """The council's current letter for the year before `period_end`."""
    return (
        AnnualLetter.objects.current()
        .filter(council=council, period_end__lt=period_end)
        .order_by("-period_end")
        .first()
    )


def letter_saved(*, council: Council, period_end: date) -> AnnualLetter | None:
    """The council's current letter for the year ending `period_end`, if one is saved."""
    return AnnualLetter.objects.current().filter(council=council, period_end=period_end).first()


def letter_versions(*, letter: AnnualLetter):
    """Every stored version of a council's letter for the same year, newest first (none
    withdrawn)."""
    return (
        AnnualLetter.objects.published()
        .filter(
            council_id=letter.council_id,
            period_start=letter.period_start,
            period_end=letter.period_end,
        )
        .select_related("uploaded_by")
        .order_by("-uploaded_at")
    )


def corrections_by_letter(letter_ids) -> dict[int, dict[str, Correction]]:
    """The corrections in force on these letters, by letter id and column: one query."""
    found: dict[int, dict[str, Correction]] = {}
    ids = list(letter_ids)
    if not ids:
        return found
    for correction in Correction.objects.in_force().filter(letter_id__in=ids):
        found.setdefault(correction.letter_id, {})[correction.column] = correction
    return found

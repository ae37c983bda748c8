"""What saving any uploaded original shares, Ombudsman letters and councils' own reports
alike: refusals for the person uploading, who may upload for which council, the outcome of
saving one, and a broken database rule put into words."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError
from django.utils import timezone

from complaints_site.roles import UPLOAD_FOR_ANY_COUNCIL
from core.formatting import long_date
from councils.models import Council

COUNCIL_NOT_IN_REGISTER = (
    "{error} Please ask a data admin to add the council to the register (or this spelling "
    "of its name to the council) before uploading."
)
NOT_YOUR_COUNCIL = (
    "This letter is for {letter_council}, but your account can upload letters only for "
    "{your_councils}. Ask a data admin to link your account to {letter_council} if you "
    "should be able to upload its letters."
)
NO_COUNCIL_LINKED = (
    "This file is for {council}, but your account is not linked to any council yet. Ask a "
    "data admin to link your account to {council} if you should be able to upload its "
    "letters and reports."
)
ALREADY_UPLOADED = "Already uploaded on {date} by {user}."
INVALID_FIGURES = "The letter's figures cannot be saved as read: {errors}"


class UploadRefused(Exception):
    """An upload or import that cannot go ahead; the message is for the person uploading.
    ``existing``: the stored letter or report it duplicates, if that is why."""

    def __init__(self, message: str, *, status: int = 422, existing=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.existing = existing


@dataclass(frozen=True)
class IngestResult:
    """What saving one letter or report did."""

    IMPORTED = "imported"
    REPLACED = "replaced"
    ALREADY_PRESENT = "already present"

    document: object  # the AnnualLetter or CouncilReport now stored
    status: str
    replaced: object = None  # the version it replaced as current, if any


def already_uploaded_message(document) -> str:
    """For a letter or a council report already stored."""
    when = long_date(timezone.localtime(document.uploaded_at))
    who = document.uploaded_by.get_username() if document.uploaded_by else "a bulk import"
    return ALREADY_UPLOADED.format(date=when, user=who)


def check_may_upload(*, user: AbstractBaseUser, council: Council) -> None:
    if user.has_perm(UPLOAD_FOR_ANY_COUNCIL):
        return
    own = list(user.officer_councils.order_by("official_name"))
    if council in own:
        return
    if not own:
        raise UploadRefused(NO_COUNCIL_LINKED.format(council=council.official_name), status=403)
    names = " and ".join(c.official_name for c in own)
    raise UploadRefused(
        NOT_YOUR_COUNCIL.format(letter_council=council.official_name, your_councils=names),
        status=403,
    )


CONSTRAINT_MESSAGES = {
    "letter_upheld_at_most_investigations": "more upheld complaints than investigations",
    "letter_decisions_upheld_at_most_total": "more upheld decisions than decisions in all",
    "letter_period_in_order": "the reporting year ends before it starts",
    "one_current_letter_per_council_and_period": "another current letter for the same year",
}


def constraint_broken(error: IntegrityError) -> str:
    """The database rule an insert broke, in words."""
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None) or ""
    if name in CONSTRAINT_MESSAGES:
        return CONSTRAINT_MESSAGES[name]
    if name.endswith("_0_100"):
        return "a percentage outside 0 to 100"
    return "the figures contradict each other"


def decimal_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))

"""A parsed letter built by hand with the words each figure was read from, and its preview."""

import hashlib
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from documents.models import UploadPreview
from letters.parsing import PARSER_VERSION, ParsedLetter
from letters.parsing.result import ComplaintsUpheld, Compliance, SatisfactoryRemedy

MISSING = "No source text recorded"

# The evidence of the hand-built letter below, in the Ombudsman's 2022-2024 wording.
EVIDENCE = {
    "council": "Chief Executive Cambridge City Council",
    "period_start": "for the period between 1 April 2023 to 31 March 2024",
    "period_end": "for the year ending 31 March 2024",
    "letter_date": "17 July 2024",
    "complaints_upheld.percent": "79% of complaints we investigated were upheld.",
    "complaints_upheld.average_percent": "This compares to an average of 85% in similar "
    "organisations.",
    "complaints_upheld.upheld": "11 upheld decisions",
    "complaints_upheld.investigations": "Statistics are based on a total of 14 investigations",
    "compliance.percent": "In 100% of cases we were satisfied the organisation had "
    "successfully implemented our recommendations.",
    "compliance.outcomes": "Statistics are based on a total of 6 compliance outcomes",
    "satisfactory_remedy.percent": "In 9% of upheld cases we found the organisation had "
    "provided a satisfactory remedy before the complaint reached the Ombudsman.",
    # satisfactory_remedy.remedies: read, but left without evidence (a parser fault).
    "received_by_service.Housing": "Housing 12",
    "received_by_service.Adult Care Services": "Adult Care Services 3",
}


def parsed_letter(*, evidence: dict | None = None, upheld: int = 11) -> ParsedLetter:
    return ParsedLetter(
        council="Cambridge City Council",
        period_start=date(2023, 4, 1),
        period_end=date(2024, 3, 31),
        letter_date=date(2024, 7, 17),
        complaints_upheld=ComplaintsUpheld(
            percent=79, average_percent=85, upheld=upheld, investigations=14
        ),
        compliance=Compliance(percent=100, outcomes=6),
        satisfactory_remedy=SatisfactoryRemedy(percent=9, remedies=1),
        received_by_service={"Adult Care Services": 3, "Housing": 12},
        evidence=dict(EVIDENCE if evidence is None else evidence),
    )


def make_preview(*, user, council, parsed: ParsedLetter, content: bytes = b"a letter"):
    """A preview as upload_preview_create leaves it, from a letter parsed by hand."""
    return UploadPreview.objects.create(
        uploaded_by=user,
        council=council,
        filename="letter.txt",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        parsed=parsed.to_dict(),
        extracted_text="",
        parser_version=PARSER_VERSION,
        expires_at=timezone.now() + timedelta(hours=1),
    )


def preview_url(preview) -> str:
    return reverse("documents:upload-preview", kwargs={"token": preview.token})

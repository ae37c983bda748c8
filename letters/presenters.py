"""What the letter pages show, figure by figure: the preview an officer checks (beside last
year and the type's average, with the letter's words under each figure) and the letter's
public page (with corrections). Views stay thin; these read and arrange."""

from councils.measures import MEASURES
from councils.selectors import type_averages
from documents.models import UploadPreview
from letters import selectors
from letters.figures import FIGURES, evidence_for, service_path
from letters.models import AnnualLetter
from letters.parsing import ParsedLetter

# The figures the preview sets beside the average computed here for the council's type.
AVERAGE_OF = {measure.column: f"{measure.key}_pooled" for measure in MEASURES}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def evidence_lines(evidence: dict | None, *paths: str) -> list[dict]:
    """The letter's words behind the non-figure facts (council, dates), each text once."""
    lines = []
    for path in paths:
        text = evidence_for(evidence, path)
        if text and text not in (line["text"] for line in lines):
            lines.append({"path": path, "text": text})
    return lines


def letter_preview_context(preview: UploadPreview) -> dict:
    council, parsed = preview.council, preview.parsed
    letter = ParsedLetter.from_dict(parsed)
    period_end = letter.period_end
    previous = selectors.previous_letter(council=council, period_end=period_end)
    averages = type_averages(authority_type=council.authority_type, year=period_end.year)
    average = averages[0] if averages else None
    evidence = parsed.get("evidence")  # absent from previews made before it existed
    rows = [
        {
            "label": figure.label,
            "is_percent": figure.is_percent,
            "value": figure.from_parsed(parsed),
            "previous": figure.from_letter(previous) if previous else None,
            "average": _rounded(getattr(average, AVERAGE_OF.get(figure.column, ""), None)),
            "path": figure.path,
            "evidence": figure.evidence_in(evidence),
        }
        for figure in FIGURES
    ]
    services_received = [
        {
            "service": service,
            "complaints": count,
            "path": service_path(service),
            "evidence": evidence_for(evidence, service_path(service)),
        }
        for service, count in letter.received_by_service.items()  # in printed order
    ]
    context = {
        "preview": preview,
        "parsed": parsed,
        "rows": rows,
        "services": services_received,
        "previous": previous,
        "average": average,
        "type_label": council.get_authority_type_display(),
        # The officer checks every figure: one read without its words is flagged.
        "flag_missing_evidence": True,
        "council_evidence": evidence_lines(evidence, "council"),
        "period_evidence": evidence_lines(evidence, "period_start", "period_end"),
        "letter_date_evidence": evidence_lines(evidence, "letter_date"),
    }
    return context


def uploaded_by(document, *, viewer=None) -> str:
    """Who uploaded a letter, as its public page says it: the role, never the person
    ("a council officer"); staff (data admins) see the username. "" for a bulk import."""
    user = document.uploaded_by
    if user is None:
        return ""
    if viewer is not None and viewer.is_active and viewer.is_staff:
        return user.get_username()
    return "a data admin" if user.is_staff else "a council officer"


def letter_page_context(letter: AnnualLetter, *, viewer=None) -> dict:
    """The letter's public page; `viewer` (the request's user) decides whether the
    uploader is named (staff) or only described (everyone else)."""
    corrected = selectors.corrections_by_letter([letter.pk]).get(letter.pk, {})
    evidence = letter.evidence
    rows = [
        {
            "label": f.label,
            "is_percent": f.is_percent,
            "value": f.from_letter(letter),
            "correction": corrected.get(f.column),
            "path": f.path,
            "evidence": f.evidence_in(evidence),
        }
        for f in FIGURES
    ]
    services_received = [
        {
            "service": row.service,
            "complaints": row.complaints,
            "path": service_path(row.service),
            "evidence": evidence_for(evidence, service_path(row.service)),
        }
        for row in letter.service_stats.order_by("pk")
    ]
    context = {
        "letter": letter,
        "rows": rows,
        "uploaded_by": uploaded_by(letter, viewer=viewer),
        "versions": [
            {"letter": version, "uploaded_by": uploaded_by(version, viewer=viewer)}
            for version in selectors.letter_versions(letter=letter)
        ],
        "services": services_received,
        # Letters read before the parser recorded its evidence have none at all: that is
        # said once, not beside every figure.
        "flag_missing_evidence": bool(evidence),
        "period_evidence": evidence_lines(evidence, "period_start", "period_end"),
        "letter_date_evidence": evidence_lines(evidence, "letter_date"),
        "council_evidence": evidence_lines(evidence, "council"),
    }
    return context

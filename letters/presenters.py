"""What the letter pages show, figure by figure: the preview an officer checks (beside last
year and the type's average, with the letter's words under each figure) and the letter's
public page (with corrections). Views stay thin; these read and arrange."""

from django.utils import timezone

from core.formatting import long_date
from core.periods import year_label
from councils.measures import MEASURES
from councils.selectors import type_averages
from councils.selectors.averages import STATED_TOLERANCE
from documents.models import UploadPreview
from letters import selectors
from letters.figures import (
    AVERAGE_BASES,
    FIGURE_COLUMNS,
    FIGURE_PATHS,
    FIGURES,
    RATE_BASES,
    SECTIONS,
    display,
    era_of,
    evidence_for,
    service_path,
)
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


def _anchor(path: str) -> str:
    """The id of a figure's row on the preview, which the checks at the top link to."""
    return "figure-" + path.replace(".", "-")


def _written_range(measure, stated) -> str:
    low, high = measure.write_stated(stated.low), measure.write_stated(stated.high)
    return low if low == high else f"{low} to {high}"


def _average_checks(parsed: dict, average, type_label: str) -> list[dict]:
    """The averages for similar authorities this letter states that the letters of the same
    type and year already saved do not: the Ombudsman states one average per type and year,
    so one of them is misread, or the council is filed under the wrong type."""
    checks = []
    for measure in MEASURES if average else ():
        figure = FIGURE_COLUMNS[measure.stated_average]
        value, stated = figure.from_parsed(parsed), average.stated(measure)
        if value is None or not stated.letters:
            continue
        if stated.low - STATED_TOLERANCE <= value <= stated.high + STATED_TOLERANCE:
            continue
        letters = f"{stated.letters} letter{'s' if stated.letters != 1 else ''}"
        checks.append(
            {
                "text": (
                    f"{figure.label}: this letter gives {measure.write_stated(value)}, but the "
                    f"{letters} to {type_label.lower()}s for {average.period_label} already "
                    f"saved give {_written_range(measure, stated)}. Check the figure against "
                    "the letter; if it is right, the council may be filed under the wrong type."
                ),
                "href": f"#{_anchor(figure.path)}",
            }
        )
    return checks


def _preview_row(figure, parsed, evidence, previous, average) -> dict:
    value = figure.from_parsed(parsed)
    average_value = _rounded(getattr(average, AVERAGE_OF.get(figure.column, ""), None))
    return {
        "label": figure.label,
        "section": figure.section,
        "is_percent": figure.is_percent,
        "value": value,
        "shown": display(value, figure.is_percent),
        "previous": display(figure.from_letter(previous), figure.is_percent) if previous else None,
        "average": average_value,
        "has_average": figure.column in AVERAGE_OF,
        "path": figure.path,
        "anchor": _anchor(figure.path),
        "evidence": figure.evidence_in(evidence),
    }


def _why_not_stated(row: dict, parsed: dict) -> str:
    """Why a figure of the letter's era is missing, where the letter's own counts say so."""
    for bases, follows in ((RATE_BASES, "no rate"), (AVERAGE_BASES, "nothing to compare")):
        base, why = bases.get(row["path"], ("", ""))
        if base and FIGURE_PATHS[base].from_parsed(parsed) == 0:
            return f"{why}, so {follows}"
    return ""


def letter_preview_context(preview: UploadPreview) -> dict:
    """The preview an officer checks against the letter: what needs checking first, then
    the figures this letter states (those of its era first, in the letter's order), each
    with the letter's words under it; the figures it does not state, listed once, folded."""
    council, parsed = preview.council, preview.parsed
    letter = ParsedLetter.from_dict(parsed)
    period_end = letter.period_end
    era = era_of(period_end.year)
    previous = selectors.previous_letter(council=council, period_end=period_end)
    averages = type_averages(authority_type=council.authority_type, year=period_end.year)
    average = averages[0] if averages else None
    evidence = parsed.get("evidence")  # absent from previews made before it existed
    type_label = council.get_authority_type_display()

    in_era = {path: n for n, path in enumerate(era.paths)}
    ordered = sorted(FIGURES, key=lambda f: (f.path not in in_era, in_era.get(f.path, 0)))
    rows = [_preview_row(f, parsed, evidence, previous, average) for f in ordered]
    stated = [row for row in rows if row["value"] is not None]
    services_received = [
        {
            "service": service,
            "complaints": count,
            "path": service_path(service),
            "evidence": evidence_for(evidence, service_path(service)),
        }
        for service, count in letter.received_by_service.items()  # in printed order
    ]
    section_order = [*era.sections, *(key for key in SECTIONS if key not in era.sections)]
    sections = [
        {
            "key": key,
            "title": SECTIONS[key],
            "rows": [row for row in stated if row["section"] == key],
        }
        for key in section_order
    ]
    sections = [section for section in sections if section["rows"]]
    not_stated = [row for row in rows if row["value"] is None]
    for row in not_stated:
        row["why"] = _why_not_stated(row, parsed)

    unread = [row for row in stated if not row["evidence"]]
    checks = [{"text": warning, "href": ""} for warning in parsed.get("warnings", [])]
    if saved := selectors.letter_saved(council=council, period_end=period_end):
        checks.append(
            {
                "text": (
                    f"A {saved.period_label} letter for {council.official_name} is already "
                    f"saved (uploaded {long_date(timezone.localtime(saved.uploaded_at))}): "
                    "confirming makes this one the current version; the earlier one is kept."
                ),
                "href": saved.get_absolute_url(),
            }
        )
    checks += _average_checks(parsed, average, type_label)
    if unread:
        checks.append(
            {
                "text": (
                    f"{len(unread)} figure{'s were' if len(unread) != 1 else ' was'} read "
                    "without the letter's words (a fault of the reader worth reporting): "
                    "check " + ("it" if len(unread) == 1 else "them") + " against the letter."
                ),
                "href": "",
                "figures": unread,
            }
        )
    return {
        "preview": preview,
        "parsed": parsed,
        "letter": letter,
        "year_label": year_label(period_end.year),
        "era": era,
        "checks": checks,
        "sections": sections,
        "stated_count": len(stated),
        "not_stated_in_era": [row for row in not_stated if row["path"] in in_era],
        "not_stated_other": [row for row in not_stated if row["path"] not in in_era],
        "not_stated_count": len(not_stated),
        "services": services_received,
        "previous": previous,
        "average": average,
        "type_label": type_label,
        # The officer checks every figure: one read without its words is flagged.
        "flag_missing_evidence": True,
        "council_evidence": evidence_lines(evidence, "council"),
        "period_evidence": evidence_lines(evidence, "period_start", "period_end"),
        "letter_date_evidence": evidence_lines(evidence, "letter_date"),
    }


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

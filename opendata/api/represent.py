"""The API's records, built from what the selectors read: every figure as the letter
prints it, with the words it was read from and the correction in force, and the
measures written as the council page writes them (councils.measures)."""

from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from core.periods import year_label
from councils.measures import MEASURES, PER_100K, PERCENT
from councils.models import AuthorityType, Council
from councils.selectors.averages import TypeAverage
from letters.figures import FIGURES, evidence_for, service_path
from letters.models import AnnualLetter, Correction
from places.presenters import similar_card
from places.selectors import council_places

UNITS = {PERCENT: "percent", PER_100K: "per 100,000 residents"}


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _float(value) -> float | None:
    return None if value is None else float(value)


# Councils --------------------------------------------------------------------------------


def council_ref(request: HttpRequest, council: Council) -> dict:
    return {
        "slug": council.slug,
        "name": council.official_name,
        "type": council.authority_type,
        "current": council.exists_on(date.today()),
        "url": _absolute(request, council.get_absolute_url()),
        "api_url": _absolute(request, reverse("api:council", kwargs={"slug": council.slug})),
    }


def council_record(request: HttpRequest, council: Council) -> dict:
    letters_url = reverse("api:letters") + f"?council={council.slug}"
    return {
        **council_ref(request, council),
        "short_name": council.short_name,
        "type_label": AuthorityType(council.authority_type).label,
        "region": council.region,
        "population": council.population,
        "population_year": council.population_year,
        "register_code": council.register_code,
        "gss_code": council.gss_code,
        "start_date": council.start_date,
        "end_date": council.end_date,
        "letters_api_url": _absolute(request, letters_url),
        "feed_url": _absolute(
            request, reverse("opendata:council-feed", kwargs={"slug": council.slug})
        ),
    }


def letter_ref(request: HttpRequest, letter: AnnualLetter) -> dict:
    return {
        "id": letter.pk,
        "year": letter.period_end.year,
        "period": year_label(letter.period_end.year),
        "url": _absolute(request, letter.get_absolute_url()),
        "api_url": _absolute(request, reverse("api:letter", kwargs={"letter_id": letter.pk})),
    }


# Letters ---------------------------------------------------------------------------------


def correction_record(correction: Correction | None) -> dict | None:
    if correction is None:
        return None
    return {
        "corrected_on": timezone.localdate(correction.made_at),
        "was": _float(correction.old_value),
        "reason": correction.reason,
    }


def figure_unit(figure) -> str:
    if figure.is_percent:
        return "percent"
    return "per 100,000 residents" if "per_100k" in figure.column else "count"


def letter_record(
    request: HttpRequest, letter: AnnualLetter, corrections: dict[str, Correction]
) -> dict:
    """A letter from queries.letters(), with its corrections in force by column."""
    evidence = letter.evidence or {}
    measures = {}
    for measure in MEASURES:
        value = getattr(letter, measure.rate)
        numerator = getattr(letter, measure.numerator) if measure.numerator else None
        base = getattr(letter, measure.base) if measure.base else None
        measures[measure.key] = {
            "label": measure.label,
            "unit": UNITS[measure.unit],
            "value": _float(value),
            "numerator": _float(numerator),
            "base": base,
            "written": measure.write(value, numerator, base),
            "stated_average": _float(getattr(letter, measure.stated_average)),
        }
    services = getattr(letter, "printed_services", None)
    if services is None:
        services = list(letter.service_stats.order_by("pk"))
    return {
        **letter_ref(request, letter),
        "council": council_ref(request, letter.council),
        "period_start": letter.period_start,
        "period_end": letter.period_end,
        "letter_date": letter.letter_date,
        "council_name_as_printed": letter.council_name_as_printed,
        "current": letter.is_current,
        "uploaded_at": letter.uploaded_at,
        "original_url": _absolute(
            request, reverse("letters:letter-original", kwargs={"pk": letter.pk})
        ),
        "figures": {
            figure.column: {
                "label": figure.label,
                "value": figure.from_letter(letter),
                "unit": figure_unit(figure),
                "evidence": figure.evidence_in(evidence),
                "correction": correction_record(corrections.get(figure.column)),
            }
            for figure in FIGURES
        },
        "measures": measures,
        "services": [
            {
                "service": row.service,
                "complaints": row.complaints,
                "evidence": evidence_for(evidence, service_path(row.service)),
            }
            for row in services
        ],
        "warnings": [str(warning) for warning in letter.warnings or []],
        "evidence_recorded": bool(evidence),
    }


# Type averages -----------------------------------------------------------------------------


def type_average_record(request: HttpRequest, average: TypeAverage) -> dict:
    measures = {}
    for measure in MEASURES:
        stated = average.stated(measure)
        totals = average.totals(measure)
        measures[measure.key] = {
            "label": measure.label,
            "unit": UNITS[measure.unit],
            "stated": {
                "value": stated.value,
                "low": stated.low,
                "high": stated.high,
                "letters": stated.letters,
                "disagree": stated.disagree,
            },
            "pooled": average.pooled(measure),
            "mean": average.mean(measure),
            "councils": average.councils(measure),
            "totals": {"numerator": totals[0], "base": totals[1]} if totals else None,
        }
    compare = reverse(
        "councils:compare", kwargs={"type_slug": average.authority_type, "year": average.year}
    )
    return {
        "type": average.authority_type,
        "type_label": average.type_label,
        "year": average.year,
        "period": average.period_label,
        "letters": average.letters,
        "measures": measures,
        "warnings": average.warnings,
        "compare_url": _absolute(request, compare),
    }


# Search ----------------------------------------------------------------------------------


def search_hit(request: HttpRequest, hit) -> dict:
    """One document found by search.selectors.search (a ``Hit``)."""
    return {
        "kind": hit.kind,
        "kind_label": hit.kind_label,
        "title": hit.title,
        "council": council_ref(request, hit.council),
        "year": hit.year,
        "period": hit.period_label,
        "url": _absolute(request, hit.url),
        "passage": hit.passage,
        "heading": hit.heading,
        "snippet": hit.snippet,
        "snippet_html": str(hit.snippet_html),
        "rank": hit.rank,
    }


# Similar and neighbouring councils -----------------------------------------------------------


def places_of(request: HttpRequest, council: Council) -> dict:
    """The five similar councils and the neighbours its page suggests (places app: one
    query), with the page's sentence on how the similar ones were chosen; null for an
    abolished council or one missing from the places reference file."""
    found = council_places(council)
    if found is None:
        return {"similar": None, "similar_basis": None, "neighbours": None}
    neighbours = [
        {**council_ref(request, placed.council), "relation": relation}
        for relation, group in (
            ("county", found.county),
            ("district", found.districts),
            ("boundary", found.boundary),
            ("nearest", found.nearest),
        )
        for placed in group
    ]
    return {
        "similar": [council_ref(request, placed.council) for placed in found.peers],
        "similar_basis": similar_card(council, found).explanation,
        "neighbours": neighbours,
    }

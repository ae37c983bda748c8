"""The Ombudsman's "Your council's performance" statistics pages (2019-2025) and the
2022-23 and 2024-25 letters, as fictional fixtures written from the specification:

* the fixtures that must warn (a stray '%' after a per-100,000 figure; a chart label that
  disagrees with its sentence) have their exact expected figures here, with the warning
  they must give (the clean fixtures' expectations are in fixtures/*.json);
* every figure read has evidence: the page's or letter's own words, containing the figure
  as printed (or the sentence a zero was read from).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from letters.parsing import parse_letter
from tests.support.parsing import FIXTURES, fixture_expected, fixture_text
from tests.support.pdfs import text_to_pdf

NO_OVERVIEW = {"dealt_with": None, "not_for_us": None, "assessed_and_closed": None,
               "investigated": None}  # fmt: skip
NO_DECISIONS = {"incomplete_or_invalid": None, "advice_given": None, "referred_back": None,
                "closed_after_initial_enquiries": None, "not_upheld": None, "upheld": None,
                "uphold_rate": None, "total": None}  # fmt: skip
NO_REMEDIED = {"by_ombudsman": None, "by_authority": None}

# Fixtures whose page has one doubtful figure: the exact output (but for warnings and
# evidence), and the words the one warning must contain.
WARNING_FIXTURES = {
    # "2.4% upheld decisions per 100,000 residents.The average ..." (sentences run together)
    "edgeley-2024-statistics-page-stray-percent": (
        {
            "council": "Edgeley Borough Council",
            "period_start": "2023-04-01",
            "period_end": "2024-03-31",
            "letter_date": None,
            "overview": NO_OVERVIEW,
            "complaints_upheld": {
                "percent": 75,
                "average_percent": 63,
                "upheld": 6,
                "investigations": 8,
                "per_100k": 2.4,
                "average_per_100k": 1.2,
            },
            "compliance": {"percent": 83, "average_percent": 99, "outcomes": 6},
            "satisfactory_remedy": {
                "percent": 17,
                "average_percent": 11,
                "remedies": 1,
                "basis": 6,
            },
            "decisions": NO_DECISIONS,
            "received_by_service": {},
            "remedied": NO_REMEDIED,
        },
        ("stray", "%", "2.4"),
    ),
    # The chart says "25% Complaints upheld by ..."; the sentence says 60% (6 of 10).
    "borchester-2022-statistics-page-chart-disagrees": (
        {
            "council": "Borchester City Council",
            "period_start": "2021-04-01",
            "period_end": "2022-03-31",
            "letter_date": None,
            "overview": NO_OVERVIEW,
            "complaints_upheld": {
                "percent": 60,
                "average_percent": 70,
                "upheld": 6,
                "investigations": 10,
                "per_100k": None,
                "average_per_100k": None,
            },
            "compliance": {"percent": 100, "average_percent": 100, "outcomes": 5},
            "satisfactory_remedy": {
                "percent": 17,
                "average_percent": 15,
                "remedies": 1,
                "basis": 6,
            },
            "decisions": NO_DECISIONS,
            "received_by_service": {},
            "remedied": NO_REMEDIED,
        },
        ("chart", "25", "60"),
    ),
}

# Fixtures with .json expectations written for the statistics pages and 2022-2025 letters.
CLEAN_FIXTURES = [
    "hollerton-2023-statistics-page",
    "penny-hassett-2024-statistics-page-none-upheld",
    "darrington-2025-statistics-page-overview",
    "heybury-2022-statistics-page-n-a",
    "waterley-cross-2023-statistics-page-chart-labels",
    "netherbourne-2025-letter-comparable",
    "heydon-berrow-2023-letter-compliance",
]

# Words the evidence of each figure must contain besides the figure itself.
PHRASES = {
    "complaints_upheld.percent": "of complaints we investigated were upheld",
    "complaints_upheld.average_percent": "average",
    "complaints_upheld.upheld": "upheld",
    "complaints_upheld.investigations": "investigat",
    "complaints_upheld.per_100k": "per 100,000",
    "complaints_upheld.average_per_100k": "average",
    "compliance.percent": "implemented our recommendations",
    "compliance.average_percent": "average",
    "compliance.outcomes": "compliance",
    "satisfactory_remedy.percent": "satisfactory remedy before the complaint",
    "satisfactory_remedy.average_percent": "average",
    "satisfactory_remedy.remedies": "satisfactory remedy decision",
    "satisfactory_remedy.basis": "Statistics are based on",
    "overview.dealt_with": "dealt with",
    "overview.not_for_us": "not for us",
    "overview.assessed_and_closed": "assessed and closed",
    "overview.investigated": "investigated",
}

# Zeros the page states in words, not figures: the evidence is that sentence.
STATED_IN_WORDS = {
    "penny-hassett-2024-statistics-page-none-upheld": {
        "compliance.outcomes": "No recommendations were due for compliance",
        "satisfactory_remedy.remedies": "did not uphold any complaints",
        "satisfactory_remedy.basis": "did not uphold any complaints",
    },
}

# Evidence that must not be there: the figure read from the wrong sentence.
NOT_FROM = {
    "compliance.percent": "compliance rate below",
    "period_start": "Since April",
    "period_end": "Last updated",
}

PERCENT_FIELDS = {"percent", "average_percent"}


def _parse(stem: str, source: str) -> dict:
    text = fixture_text(stem)
    if source == "pdf":
        return parse_letter(text_to_pdf(text), f"{stem}.pdf").to_dict()
    return parse_letter(text.encode("utf-8"), f"{stem}.txt").to_dict()


def _expected(stem: str) -> dict:
    if stem in WARNING_FIXTURES:
        return WARNING_FIXTURES[stem][0]
    return {k: v for k, v in fixture_expected(stem).items() if k != "warnings"}


def _figures(expected: dict):
    """(dotted key, value) for every non-null figure, date and name expected."""
    for key, value in expected.items():
        if isinstance(value, dict):
            for sub, figure in value.items():
                if figure is not None:
                    yield f"{key}.{sub}", figure
        elif value is not None:
            yield key, value


def _printed(key: str, value) -> str:
    """The figure as the page prints it."""
    if key in ("period_start", "period_end", "letter_date"):
        day = date.fromisoformat(value)
        return f"{day.day} {day:%B} {day.year}"
    if key == "council":
        return value
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text + "%" if key.rsplit(".", 1)[-1] in PERCENT_FIELDS else text


def _contains_figure(text: str, printed: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(printed)}(?!\d|[.,]\d)", text) is not None


def test_fixtures_exist():
    for stem in CLEAN_FIXTURES:
        assert (FIXTURES / f"{stem}.txt").exists() and (FIXTURES / f"{stem}.json").exists()
        assert fixture_expected(stem)["warnings"] == []
    for stem in WARNING_FIXTURES:
        assert (FIXTURES / f"{stem}.txt").exists()
        assert not (FIXTURES / f"{stem}.json").exists()  # warnings checked here, by phrase


@pytest.mark.parametrize("source", ["text", "pdf"])
@pytest.mark.parametrize("stem", sorted(WARNING_FIXTURES))
def test_warning_fixture(stem, source):
    expected, phrases = WARNING_FIXTURES[stem]
    result = _parse(stem, source)
    assert {k: v for k, v in result.items() if k not in ("warnings", "evidence")} == expected
    assert len(result["warnings"]) == 1, result["warnings"]
    warning = result["warnings"][0]
    for phrase in phrases:
        assert phrase.lower() in warning.lower(), (phrase, warning)


@pytest.mark.parametrize("source", ["text", "pdf"])
@pytest.mark.parametrize("stem", CLEAN_FIXTURES + sorted(WARNING_FIXTURES))
def test_every_figure_has_evidence(stem, source):
    result = _parse(stem, source)
    evidence = {k: " ".join(v.replace("**", "").split()) for k, v in result["evidence"].items()}
    in_words = STATED_IN_WORDS.get(stem, {})
    missing, wrong = [], []
    for key, value in _figures(_expected(stem)):
        if key not in evidence:
            missing.append(key)
            continue
        text = evidence[key]
        if key in in_words:
            ok = in_words[key].lower() in text.lower()
        else:
            ok = _contains_figure(text, _printed(key, value))
            ok = ok and PHRASES.get(key, "").lower() in text.lower()
        if key in NOT_FROM and NOT_FROM[key].lower() in text.lower():
            ok = False
        if not ok:
            wrong.append((key, value, text))
    assert not missing, f"no evidence for {missing}"
    assert not wrong, wrong

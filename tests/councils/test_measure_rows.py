"""The pages list the measures from councils.measures, in its order and with its labels: no
template spells a measure out, so a fifth measure is one more entry in MEASURES."""

import dataclasses
import re
from pathlib import Path

import pytest
from django.conf import settings

from councils import presenters
from councils.measures import COMPLIANCE, HEADLINE, MEASURES

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def year_row_labels(html: str, year: int) -> list[str]:
    """The row headings of one year's table on the council page."""
    section = re.search(rf'<section[^>]*aria-labelledby="year-{year}".*?</section>', html, re.S)
    assert section, f"no card for {year}"
    body = re.search(r"<tbody.*?</tbody>", section.group(0), re.S).group(0)
    return re.findall(r'<th scope="row">([^<]*)</th>', body)


def home_headings(html: str) -> list[str]:
    table = re.search(r'aria-label="Averages by type of council">.*?</thead>', html, re.S)
    return re.findall(r"<th [^>]*>([^<]*)</th>", table.group(0))


def test_council_page_lists_the_measures_in_order(client, borsetshire_with_a_letter):
    html = client.get(borsetshire_with_a_letter.get_absolute_url()).content.decode()
    assert year_row_labels(html, 2024) == [measure.row_label for measure in MEASURES]


def test_home_page_lists_the_headline_then_the_measures_on_home(client, borsetshire_with_a_letter):
    html = client.get("/").content.decode()
    others = [m.short_label for m in MEASURES if m.on_home and m is not HEADLINE]
    assert home_headings(html) == [
        "Type of council",
        "Year",
        f"{HEADLINE.short_label} (pooled)",
        f"{HEADLINE.short_label} (mean of councils)",
        "Councils",
        *(f"{label} (pooled)" for label in others),
    ]
    assert f'colspan="{1 + 3 + len(others)}">No letters yet' in html  # the year, the figures


def test_a_fifth_measure_is_one_more_entry(client, borsetshire_with_a_letter, monkeypatch):
    """The templates need no change: a measure added to MEASURES gets its row and column."""
    fifth = dataclasses.replace(COMPLIANCE, row_label="A fifth measure", short_label="Fifth")
    monkeypatch.setattr(presenters, "MEASURES", (*MEASURES, fifth))
    page = client.get(borsetshire_with_a_letter.get_absolute_url()).content.decode()
    assert year_row_labels(page, 2024)[-1] == "A fifth measure"
    home = client.get("/").content.decode()
    assert home_headings(home)[-1] == "Fifth (pooled)"
    assert 'colspan="7">No letters yet' in home


def measure_names(measure) -> set[str]:
    """Every name a template could reach one measure's figures by."""
    names = {
        measure.rate,
        measure.column,
        measure.stated_average,
        *measure.counts,
        *measure.pooled_totals,
        *(f"{measure.key}_{part}" for part in ("pooled", "mean", "councils", "stated")),
        f"{measure.key}_corrections",
    }
    names.update(name for name in (measure.numerator, measure.base) if name)
    return names


@pytest.mark.parametrize("measure", [m for m in MEASURES if m is not HEADLINE], ids=lambda m: m.key)
def test_no_council_template_names_a_measure(measure):
    """Only the headline measure, which the trend chart and the compare page are about, is
    named in a template; the others come in the presenters' rows."""
    names = "|".join(sorted(measure_names(measure)))
    pattern = re.compile(rf"\.({names})\b")
    named = {
        path.name: sorted(set(pattern.findall(path.read_text())))
        for path in sorted((TEMPLATES / "councils").glob("*.html"))
    }
    assert {name: found for name, found in named.items() if found} == {}

"""What the places pages show, every figure as written: the council page's two cards, the
comparison of any councils (and its CSV/JSON), and the map's symbols, legend and table."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from core import formatting
from core.periods import year_label
from councils.measures import MEASURES, PER_100K, Measure
from councils.models import AuthorityType, Council
from councils.selectors.averages import StatedRange
from places import mapsvg, similarity
from places.reference import Place
from places.selectors import CouncilPlaces, Listed

MAX_COUNCILS = 10  # in one comparison
MIN_COUNCILS = 2


def type_label(council: Council) -> str:
    return AuthorityType(council.authority_type).label


def council_url(slug: str) -> str:
    """A council page's address, as Council.get_absolute_url gives it, without resolving
    the URL pattern again for each of the map's 300 councils."""
    return _council_url_pattern().replace("--slug--", slug)


@functools.cache
def _council_url_pattern() -> str:
    return reverse("councils:council-detail", kwargs={"slug": "--slug--"})


def compare_url(councils: list[Council], **extra) -> str:
    query = [("c", c.slug) for c in councils] + list(extra.items())
    return f"{reverse('places:compare')}?{urlencode(query)}"


def _thousands(value: int | None) -> str:
    return "not known" if value is None else f"{value:,}"


# The council page's cards ------------------------------------------------------------------


@dataclass(frozen=True)
class PeerRow:
    council: Council | None  # None for the council itself
    name: str
    cells: list[str]  # under SimilarCard.headings


@dataclass(frozen=True)
class SimilarCard:
    explanation: str
    headings: list[str]
    rows: list[PeerRow]  # the council itself first, then its peers
    compare_url: str
    compare_text: str


def _peer_cells(place: Place, basis: str) -> list[str]:
    if basis == similarity.BY_CLASSES:
        return [_thousands(place.population), place.rural_urban, place.deprivation_label]
    return [_thousands(place.population), f"{_thousands(place.area)} km²", place.region]


def similar_card(council: Council, found: CouncilPlaces) -> SimilarCard:
    kind = type_label(council).lower()
    name = council.short_name
    if found.peer_basis == similarity.BY_CLASSES:
        explanation = (
            f"The five other {kind}s nearest to {name} in population (a doubling counts as "
            "one step), rural-urban class and deprivation (a step for each class or fifth "
            "between them), from mySociety's open data; councils created in 2023 are "
            "matched on population, area and region instead."
        )
        headings = ["Population (2020)", "Rural or urban", "Deprivation"]
    else:
        explanation = (
            f"{name} was created in 2023, after mySociety's similarity data was made, so "
            f"these are the five other {kind}s nearest to it in population and area (a "
            "doubling counts as one step) and region (a step when it differs), from "
            "mySociety's council register."
        )
        headings = ["Population (2020)", "Area", "Region"]
    rows = [PeerRow(None, f"{name} (this council)", _peer_cells(found.subject, found.peer_basis))]
    rows += [
        PeerRow(p.council, p.council.short_name, _peer_cells(p.place, found.peer_basis))
        for p in found.peers
    ]
    return SimilarCard(
        explanation=explanation,
        headings=headings,
        rows=rows,
        compare_url=compare_url([council, *(p.council for p in found.peers)]),
        compare_text=f"Compare {name} with these {len(found.peers)} councils",
    )


@dataclass(frozen=True)
class NeighbourGroup:
    title: str  # "Its county", "Its districts", "Sharing a boundary"
    members: list[tuple[Council, str]]  # (council, its type's label)


@dataclass(frozen=True)
class NeighboursCard:
    groups: list[NeighbourGroup]
    beyond: list[str]  # "Flintshire, Wales"
    nearest: list[Council]  # an island's nearest councils
    compare_url: str
    compare_text: str


def _compared_neighbours(council: Council, found: CouncilPlaces) -> list[Council]:
    """The neighbours a one-click comparison takes, at most MAX_COUNCILS - 1: councils of
    the same type first, then the county, then the rest; a county's districts last."""
    same = [p for p in found.boundary if p.council.authority_type == council.authority_type]
    other = [p for p in found.boundary if p not in same]
    ordered = [*same, *found.county, *other, *found.districts] or found.nearest
    return [p.council for p in ordered[: MAX_COUNCILS - 1]]


def neighbours_card(council: Council, found: CouncilPlaces) -> NeighboursCard:
    groups = []
    for title, members in (
        ("Its county", found.county),
        (f"Its districts ({len(found.districts)})", found.districts),
        ("Sharing a boundary", found.boundary),
    ):
        if members:
            groups.append(
                NeighbourGroup(title, [(p.council, type_label(p.council)) for p in members])
            )
    compared = _compared_neighbours(council, found)
    total = len(found.neighbours) or len(found.nearest)
    name = council.short_name
    if not found.neighbours:
        text = f"Compare {name} with the nearest councils"
    elif len(compared) < total:
        text = f"Compare {name} with {len(compared)} of its {total} neighbours"
    else:
        text = f"Compare {name} with its neighbours"
    return NeighboursCard(
        groups=groups,
        beyond=list(found.subject.beyond),
        nearest=[p.council for p in found.nearest],
        compare_url=compare_url([council, *compared]) if compared else "",
        compare_text=text,
    )


# The comparison of any councils ------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: str  # "70%, 21 of 30", "no letter"
    stated: str = ""  # the type average the council's letter states: "72%"
    note: str = ""  # under a pooled figure: "120 of 185"


@dataclass(frozen=True)
class CompareRow:
    council: Council | None  # None for the pooled row
    label: str
    type_label: str
    cells: list[Cell]  # one per measure, in MEASURES order


@dataclass(frozen=True)
class CompareYear:
    year: int
    period: str
    rows: list[CompareRow]
    pooled: CompareRow


@dataclass
class Comparison:
    councils: list[Council]
    years: list[CompareYear]
    headings: list[str] = field(default_factory=lambda: [m.label for m in MEASURES])


def _has(value) -> bool:
    return value is not None


def pooled(measure: Measure, letters: list[dict], population: dict[int, int | None]):
    """The councils' figures pooled as the type averages pool theirs
    (councils.selectors.averages): all upheld over all investigated, and so on; upheld
    per 100,000 residents over their 2020 populations. (value, numerator, base)."""
    if measure.unit == PER_100K:
        numerator = "upheld_n"
        rows = [r for r in letters if _has(r[numerator]) and (population.get(r["council_id"]) or 0)]
        if not rows:
            return None, None, None
        upheld = sum(r[numerator] for r in rows)
        people = sum(population[r["council_id"]] for r in rows)
        return upheld * 100_000 / people, None, None
    rows = [
        r
        for r in letters
        if (r[measure.base] or 0) > 0 and _has(r[measure.numerator]) and _has(r[measure.rate])
    ]
    if not rows:
        return None, None, None
    top = sum(float(r[measure.numerator]) for r in rows)
    base = sum(r[measure.base] for r in rows)
    return 100.0 * top / base, top, base


def _cell(measure: Measure, letter: dict | None) -> Cell:
    if letter is None:
        return Cell("no letter")
    numerator = letter[measure.numerator] if measure.numerator else None
    base = letter[measure.base] if measure.base else None
    return Cell(
        measure.write(letter[measure.rate], numerator, base),
        stated=measure.write_stated(letter[measure.stated_average]),
    )


def _pooled_cell(measure: Measure, letters: list[dict], population: dict) -> Cell:
    value, top, base = pooled(measure, letters, population)
    note = f"{round(top):,} of {base:,}" if top is not None and base else measure.pooled_note
    return Cell(measure.write_average(value), note=note)


def comparison(councils: list[Council], letters: list[dict]) -> Comparison:
    """Each year any of the councils has a letter for (newest first): a row per council
    (in the order chosen) and the councils pooled."""
    by_year: dict[int, dict[int, dict]] = {}
    for letter in letters:
        by_year.setdefault(letter["year"], {})[letter["council_id"]] = letter
    population = {c.pk: c.population for c in councils}
    years = []
    for year in sorted(by_year, reverse=True):
        found = by_year[year]
        rows = [
            CompareRow(
                c, c.short_name, type_label(c), [_cell(m, found.get(c.pk)) for m in MEASURES]
            )
            for c in councils
        ]
        pooled_row = CompareRow(
            None,
            f"These {len(found)} council{'s' if len(found) != 1 else ''} pooled",
            "",
            [_pooled_cell(m, list(found.values()), population) for m in MEASURES],
        )
        years.append(CompareYear(year, year_label(year), rows, pooled_row))
    return Comparison(councils=councils, years=years)


def _raw(value, places: int = 1):
    """A figure for CSV/JSON: one decimal place; a count (places=0) a whole number."""
    if value is None:
        return None
    return round(float(value)) if places == 0 else round(float(value), places)


def export_columns() -> list[str]:
    columns = ["year", "period", "council_slug", "council", "type"]
    for m in MEASURES:
        columns.append(f"{m.key}_rate")
        if m.numerator:
            columns += [f"{m.key}_numerator", f"{m.key}_base"]
        columns.append(f"{m.key}_stated_average")
    return columns


def export_rows(councils: list[Council], letters: list[dict]) -> list[list]:
    """The comparison as rows: each council's figures each year, then the pooled row (its
    council_slug empty), as the page shows them but unrounded to one decimal place."""
    by_year: dict[int, dict[int, dict]] = {}
    for letter in letters:
        by_year.setdefault(letter["year"], {})[letter["council_id"]] = letter
    population = {c.pk: c.population for c in councils}
    rows = []
    for year in sorted(by_year, reverse=True):
        found = by_year[year]
        for council in councils:
            letter = found.get(council.pk)
            row = [year, year_label(year), council.slug, council.short_name, type_label(council)]
            for m in MEASURES:
                row.append(_raw(letter[m.rate]) if letter else None)
                if m.numerator:
                    row.append(_raw(letter[m.numerator], 0) if letter else None)
                    row.append(letter[m.base] if letter else None)
                row.append(_raw(letter[m.stated_average]) if letter else None)
            rows.append(row)
        row = [year, year_label(year), "", f"These {len(found)} councils pooled", ""]
        for m in MEASURES:
            value, top, base = pooled(m, list(found.values()), population)
            row.append(_raw(value))
            if m.numerator:
                row += [_raw(top, 0), base]
            row.append(None)
        rows.append(row)
    return rows


# The map --------------------------------------------------------------------------------------

# How far from the stated average a figure is "close" and "far", by the measure's unit.
THRESHOLDS = {"percent": (5, 15), PER_100K: (1, 3)}
UNIT_WORDS = {"percent": "points", PER_100K: "per 100,000"}

LAYERS = {
    "districts": "Districts, unitary councils, metropolitan and London boroughs",
    "counties": "County councils",
}
DEFAULT_LAYER = "districts"


def map_categories(measure: Measure) -> list[mapsvg.Category]:
    near, far = THRESHOLDS[measure.unit]
    return mapsvg.categories(near, far, UNIT_WORDS[measure.unit])


def classify(categories: list[mapsvg.Category], measure: Measure, difference) -> mapsvg.Category:
    by_key = {c.key: c for c in categories}
    if difference is None:
        return by_key["none"]
    near, far = THRESHOLDS[measure.unit]
    if difference <= -far:
        return by_key["far-below"]
    if difference <= -near:
        return by_key["below"]
    if difference < near:
        return by_key["close"]
    if difference < far:
        return by_key["above"]
    return by_key["far-above"]


def _in_words(difference: float, measure: Measure) -> str:
    """ "5.0 points above", "level with the average"."""
    rounded = round(difference, 1)
    if rounded == 0:
        return "level with the average"
    return f"{abs(rounded):.1f} {UNIT_WORDS[measure.unit]} {'above' if rounded > 0 else 'below'}"


@dataclass(frozen=True)
class MapRow:
    council: Listed
    url: str
    type_label: str
    figure: str
    stated: str
    difference: str
    category: mapsvg.Category


@dataclass
class EnglandMap:
    svg: str
    rows: list[MapRow]
    legend: list[tuple[mapsvg.Category, object, int]]  # (category, its symbol, councils)
    unplaced: int  # current councils of the layer missing from the reference file
    figure_label: str  # the figure's column heading, each card's key on a phone

    @property
    def table_rows(self) -> SafeString:
        """The table's rows, written here rather than in a template loop: 300 rows of six
        cells are a third of the page's time through the template engine."""
        return format_html_join(
            "\n",
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            '<a class="govuk-link" href="{}">{}</a></th>'
            '<td class="govuk-table__cell" data-label="Type">{}</td>'
            '<td class="govuk-table__cell govuk-table__cell--numeric" data-label="{}">{}</td>'
            '<td class="govuk-table__cell govuk-table__cell--numeric"'
            ' data-label="Type average (stated)">{}</td>'
            '<td class="govuk-table__cell govuk-table__cell--numeric"'
            ' data-label="Difference">{}</td>'
            '<td class="govuk-table__cell" data-label="On the map">{}</td></tr>',
            (
                (
                    r.url,
                    r.council.short_name,
                    r.type_label,
                    self.figure_label,
                    r.figure,
                    r.stated,
                    r.difference,
                    r.category.label,
                )  # fmt: skip
                for r in self.rows
            ),
        )


def stated_averages(
    measure: Measure, councils: list[Listed], letters: dict[int, dict]
) -> dict[str, float | None]:
    """Each type's average as its letters of the year state it, where they agree (the
    rule of councils.selectors.averages.StatedRange)."""
    stated: dict[str, list[float]] = {}
    for council in councils:
        letter = letters.get(council.pk)
        if letter is not None and letter[measure.stated_average] is not None:
            value = float(letter[measure.stated_average])
            stated.setdefault(council.authority_type, []).append(value)
    return {
        kind: StatedRange(min(values), max(values), len(values)).value
        for kind, values in stated.items()
    }


def _stated(measure: Measure, letter: dict | None, agreed: float | None) -> float | None:
    """The type's agreed stated average, or where its letters disagree the council's own
    letter's."""
    if agreed is not None:
        return agreed
    if letter is not None and letter[measure.stated_average] is not None:
        return float(letter[measure.stated_average])
    return None


def england_map(
    *,
    councils: list[Listed],
    places: dict[str, Place],
    letters: dict[int, dict],
    measure: Measure,
    year: int | None,
    layer: str,
) -> EnglandMap:
    """The map of one layer: each council's symbol and row, the legend with counts."""
    categories = map_categories(measure)
    agreed = stated_averages(measure, councils, letters)
    labels = dict(AuthorityType.choices)
    counties = layer == "counties"
    rows, points, unplaced = [], [], 0
    period = year_label(year) if year else ""
    for council in councils:
        if (council.authority_type == AuthorityType.COUNTY) != counties:
            continue
        place = places.get(council.register_code)
        if place is None:
            unplaced += 1
            continue
        letter = letters.get(council.pk)
        value = letter[measure.rate] if letter else None
        average = _stated(measure, letter, agreed.get(council.authority_type))
        difference = None if value is None or average is None else float(value) - average
        category = classify(categories, measure, difference)
        label = labels[council.authority_type]
        if letter is None:
            figure = f"no letter for {period}" if period else "no letter"
        else:
            numerator = letter[measure.numerator] if measure.numerator else None
            base = letter[measure.base] if measure.base else None
            figure = measure.write(value, numerator, base)
        stated = measure.write_stated(average)
        written = (
            "not known"
            if difference is None
            else formatting.difference(difference, unit=UNIT_WORDS[measure.unit])
        )
        url = council_url(council.slug)
        rows.append(MapRow(council, url, label, figure, stated, written, category))
        name = f"{council.short_name}: {figure}"
        if difference is not None:
            name += f"; {label.lower()} average {stated}; {_in_words(difference, measure)}"
        points.append(
            mapsvg.MapPoint(
                slug=council.slug,
                url=url,
                x=place.x,
                y=place.y,
                category=category,
                name=name,
                inset=place.region == "London",
            )
        )
    backdrop = [(p.x, p.y) for p in places.values() if not p.is_county] if counties else []
    regions: dict[str, list[Place]] = {}
    for place in places.values():
        if not place.is_county and place.region != "London":
            regions.setdefault(place.region, []).append(place)
    labels = [
        (
            region,
            sum(p.x for p in members) // len(members),
            sum(p.y for p in members) // len(members),
        )
        for region, members in sorted(regions.items())
    ]
    title = f"{measure.label}{', ' + period if period else ''}: {LAYERS[layer].lower()} of England"
    counts = Counter(row.category.key for row in rows)
    return EnglandMap(
        svg=mapsvg.england_map(points, title=title, backdrop=backdrop, labels=labels),
        rows=rows,
        legend=[(c, mapsvg.legend_symbol(c), counts[c.key]) for c in categories],
        unplaced=unplaced,
        figure_label=measure.column_label,
    )

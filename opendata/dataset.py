"""The whole dataset in one table: one row per council and reporting year (its current
letter), every figure the letter gives, both averages (what the letter states for
similar authorities, and what this site computes over the type's current letters), and
the council's register entry. Every column is defined once here, with its meaning, its
source and its licence: the data page (/data/) lists them, the CSV has them as headings
and the XLSX also as a sheet of its own.

Rows are read through the apps' selectors (AnnualLetter.objects.with_figures() for the
measures, councils.selectors.type_averages for the averages, letters.selectors for the
corrections in force), so the figures are the pages' own. Computed figures are given in
full (the pages write them to one decimal place, their CSV and JSON tables to two), so
that writing them as a page does gives what the page shows."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from core.periods import year_label
from councils.measures import MEASURES, PER_100K, Measure
from councils.models import AuthorityType
from councils.selectors.averages import TypeAverage, average_lookup, type_averages
from letters.figures import FIGURES, Figure
from letters.models import AnnualLetter, Correction
from letters.selectors import corrections_by_letter

# Where each column comes from, and on what terms it may be re-used.
REGISTER = "register"
LETTER = "letter"
COMPUTED = "computed"
SITE = "site"


@dataclass(frozen=True)
class Source:
    key: str
    name: str
    licence: str
    licence_url: str
    credit: str


SOURCES = {
    LETTER: Source(
        key=LETTER,
        name="The Ombudsman's annual review letter",
        licence="The Ombudsman's re-use terms",
        licence_url="https://www.lgo.org.uk/copyright",
        credit="© Commission for Local Administration in England (the Local Government and "
        "Social Care Ombudsman)",
    ),
    REGISTER: Source(
        key=REGISTER,
        name="mySociety's register of local authorities",
        licence="CC-BY-4.0",
        licence_url="https://creativecommons.org/licenses/by/4.0/",
        credit="© mySociety, uk_local_authority_names_and_codes",
    ),
    COMPUTED: Source(
        key=COMPUTED,
        name="Computed by this site from the letters (and, per 100,000, the register's "
        "populations)",
        licence="The Ombudsman's re-use terms (and CC-BY-4.0 for the populations)",
        licence_url="https://www.lgo.org.uk/copyright",
        credit="Derived from the Ombudsman's letters; populations © mySociety",
    ),
    SITE: Source(
        key=SITE,
        name="This site",
        licence="Facts about this site's records: no restriction",
        licence_url="",
        credit="",
    ),
}


@dataclass
class Row:
    """One council's current letter for one year, with its type's averages that year."""

    letter: AnnualLetter
    average: TypeAverage | None
    corrections: dict[str, Correction]
    site: str = ""  # the site's address ("https://example.org"), for the links


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    meaning: str
    source: str  # a key of SOURCES
    value: Callable[[Row], object]
    unit: str = ""  # "percent", "count", "per 100,000 residents", "date", "" (text)

    @property
    def source_info(self) -> Source:
        return SOURCES[self.source]


def _float(value) -> float | None:
    return None if value is None else float(value)


def _council(attribute: str) -> Callable[[Row], object]:
    return lambda row: getattr(row.letter.council, attribute)


def _figure_value(figure: Figure) -> Callable[[Row], object]:
    return lambda row: figure.from_letter(row.letter)


def _unit(figure: Figure) -> str:
    if figure.is_percent:
        return "percent"
    return "per 100,000 residents" if "per_100k" in figure.column else "count"


def _measure_unit(measure: Measure) -> str:
    return "per 100,000 residents" if measure.unit == PER_100K else "percent"


def _average(measure: Measure, how: str) -> Callable[[Row], object]:
    def value(row: Row):
        if row.average is None:
            return None
        if how == "councils":
            return row.average.councils(measure)
        return _float(getattr(row.average, how)(measure))

    return value


def _difference(measure: Measure) -> Callable[[Row], object]:
    def value(row: Row):
        figure = getattr(row.letter, measure.rate)
        if row.average is None or figure is None:
            return None
        average = getattr(row.average, measure.compared_with)(measure)
        return None if average is None else float(figure) - float(average)

    return value


def _corrections(row: Row) -> str:
    """ "upheld_percent: was 70 (corrected 2027-03-03: The letter says 68%.)"; ..."""
    notes = []
    for column, correction in sorted(row.corrections.items()):
        was = (
            "not stated"
            if correction.old_value is None
            else f"{correction.old_value.normalize():f}"
        )
        on = timezone.localdate(correction.made_at).isoformat()
        notes.append(f"{column}: was {was} (corrected {on}: {correction.reason})")
    return "; ".join(notes)


def _columns() -> list[Column]:
    columns = [
        Column("council", "Council", "The council's address on this site "
               "(/councils/<council>/).", SITE, _council("slug")),
        Column("council_name", "Official name", "The council's official name.", REGISTER,
               _council("official_name")),
        Column("register_code", "Register code", "mySociety's local-authority-code.",
               REGISTER, _council("register_code")),
        Column("gss_code", "ONS code", "The council's ONS (GSS) code.", REGISTER,
               _council("gss_code")),
        Column("authority_type", "Type", "The Ombudsman's type of council (county, district, "
               "metropolitan-borough, unitary, london-borough): the averages compare within it.",
               REGISTER, _council("authority_type")),
        Column("authority_type_label", "Type (in words)", "The type as the letters name it.",
               REGISTER, lambda row: AuthorityType(row.letter.council.authority_type).label),
        Column("region", "Region", "The council's region of England.", REGISTER,
               _council("region")),
        Column("population", "Population", "Residents, in the year below; what upheld per "
               "100,000 residents is computed with here.", REGISTER, _council("population"),
               "count"),
        Column("population_year", "Population year", "The year the population is of.",
               REGISTER, _council("population_year")),
        Column("council_end_date", "Abolished on", "The day the council ceased to exist, if "
               "it has.", REGISTER, _council("end_date"), "date"),
        Column("year", "Year", "The calendar year the reporting year ends: 2024 is 2023-24.",
               LETTER, lambda row: row.letter.period_end.year),
        Column("period", "Reporting year", "The reporting year, 1 April to 31 March.", LETTER,
               lambda row: year_label(row.letter.period_end.year)),
        Column("letter_date", "Letter date", "The date the letter bears.", LETTER,
               lambda row: row.letter.letter_date, "date"),
        Column("council_name_as_printed", "Name as printed", "The council's name as the "
               "letter prints it.", LETTER, lambda row: row.letter.council_name_as_printed),
    ]  # fmt: skip
    columns += [
        Column(
            figure.column,
            figure.label,
            f"{figure.label}, as the letter prints it ({figure.path} in the parser's "
            "contract); empty where the letter does not give it. A data admin's correction, "
            "where there is one, is the value here (see corrections).",
            LETTER,
            _figure_value(figure),
            _unit(figure),
        )
        for figure in FIGURES
    ]
    columns += [
        Column("corrections", "Corrections", "The corrections in force on this letter's "
               "figures: the column, what it was, when and why it was corrected.", SITE,
               _corrections),
    ]  # fmt: skip
    for measure in MEASURES:
        unit = _measure_unit(measure)
        columns.append(
            Column(
                f"{measure.key}_figure",
                f"{measure.label}: the council's figure",
                "The council's figure as its page shows it"
                + (
                    " (upheld / investigated, or for the 2014-2018 letters upheld / upheld and "
                    "not upheld decisions; the percentage printed where there are no counts)"
                    if measure.key == "uphold"
                    else " (remedies / the cases they are out of, or the percentage printed)"
                    if measure.key == "remedy"
                    else " (as the letter prints it)"
                )
                + ".",
                COMPUTED,
                (lambda m: lambda row: _float(getattr(row.letter, m.rate)))(measure),
                unit,
            )
        )
        if measure.numerator and measure.key == "uphold":
            columns += [
                Column("uphold_upheld", "Upheld (the count the figure is of)", "Upheld "
                       "decisions the uphold figure is computed from.", COMPUTED,
                       lambda row: row.letter.upheld_n, "count"),
                Column("uphold_investigated", "Investigated (what it is out of)",
                       "Investigations the uphold figure is computed from.", COMPUTED,
                       lambda row: row.letter.investigated_n, "count"),
            ]  # fmt: skip
        columns += [
            Column(
                f"{measure.key}_type_pooled",
                f"{measure.label}: type average (pooled)",
                "Computed here over the current letters of the council's type and year, "
                "all counts together (so larger councils weigh more)"
                + (f", {measure.pooled_note}" if measure.pooled_note else "")
                + ".",
                COMPUTED,
                _average(measure, "pooled"),
                unit,
            ),
            Column(
                f"{measure.key}_type_mean",
                f"{measure.label}: type average (mean of councils)",
                "Computed here: the mean of the councils' own figures, each counted once.",
                COMPUTED,
                _average(measure, "mean"),
                unit,
            ),
            Column(
                f"{measure.key}_type_councils",
                f"{measure.label}: councils averaged",
                "How many councils' figures the mean is of.",
                COMPUTED,
                _average(measure, "councils"),
                "count",
            ),
            Column(
                f"{measure.key}_difference",
                f"{measure.label}: difference from the type average",
                f"The council's figure less the type's {measure.compared_with} average, as its "
                "page shows it.",
                COMPUTED,
                _difference(measure),
                "points" if unit == "percent" else unit,
            ),
        ]
    columns += [
        Column("type_letters", "Letters of the type", "How many current letters of the "
               "council's type there are that year (what the computed averages are over).",
               COMPUTED, lambda row: row.average.letters if row.average else None, "count"),
        Column("letter_id", "Letter number", "The letter's number on this site.", SITE,
               lambda row: row.letter.pk),
        Column("letter_url", "Letter page", "The letter's page on this site: every figure with "
               "the words it was read from.", SITE,
               lambda row: row.site + row.letter.get_absolute_url()),
        Column("original_url", "Original", "The original file the Ombudsman sent.", SITE,
               lambda row: row.site + reverse("letters:letter-original",
                                              kwargs={"pk": row.letter.pk})),
    ]  # fmt: skip
    return columns


COLUMNS = _columns()
STATED_COLUMNS = {measure.stated_average for measure in MEASURES}


def rows(site: str = "") -> Iterator[Row]:
    """Every current letter, by council name then year, with its type's averages and its
    corrections in force (three queries); links start with `site`."""
    letters = list(
        AnnualLetter.objects.current()
        .with_figures()
        .select_related("council")
        .defer("extracted_text", "evidence", "warnings")
        .order_by("council__short_name", "council__official_name", "period_end")
    )
    averages = average_lookup(type_averages())
    corrected = corrections_by_letter([letter.pk for letter in letters])
    for letter in letters:
        yield Row(
            letter=letter,
            average=averages.get((letter.council.authority_type, letter.year)),
            corrections=corrected.get(letter.pk, {}),
            site=site,
        )


def table(site: str = "") -> tuple[list[str], Iterator[list]]:
    """The column names and each row's values, in COLUMNS order."""
    return [c.name for c in COLUMNS], ([c.value(row) for c in COLUMNS] for row in rows(site))

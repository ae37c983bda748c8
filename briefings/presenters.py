"""The briefing as a document: sections of headings, paragraphs, tables and links, every
figure already written. The page (templates/briefings/) and the Word document
(briefings.word) draw the same document, so they hold the same figures."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from briefings import summary
from briefings.selectors import Briefing
from core.periods import METHOD_CHANGE_YEAR, year_label
from councils.measures import COMPLIANCE, MEASURES, PER_100K_RESIDENTS, REMEDY, SMALL_BASE, UPHOLD
from councils.models import AuthorityType
from councils.presenters import measure_rows
from councils.selectors.council_page import CouncilYear

Cell = tuple[str, ...]  # a cell's lines
WIDE_COLUMNS = 6


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # absolute: the briefing is read on paper too


@dataclass(frozen=True)
class Paragraph:
    text: str
    links: tuple[Link, ...] = ()  # after the text, each with its address written out
    small: bool = False
    kind: str = "paragraph"


@dataclass(frozen=True)
class Heading:
    text: str
    kind: str = "heading"


@dataclass(frozen=True)
class Bullets:
    items: tuple[Paragraph, ...]
    kind: str = "bullets"


@dataclass(frozen=True)
class Table:
    """A table whose rows each begin with their header cell."""

    key: str  # its id on the page, "briefing-five-years"
    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    kind: str = "table"

    @property
    def wide(self) -> bool:
        """More columns than a tablet's width holds (the page stacks it there)."""
        return len(self.headings) > WIDE_COLUMNS

    @property
    def labelled_rows(self) -> list[list[tuple[str, Cell]]]:
        """Each row's cells with their column's heading (a phone shows it beside each)."""
        return [list(zip(self.headings, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple = ()


@dataclass(frozen=True)
class BriefingDocument:
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value) under the title
    summary: tuple[str, ...]  # the summary's sentences
    sections: tuple[Section, ...] = field(default_factory=tuple)
    page_url: str = ""
    word_url: str = ""


# The summary ---------------------------------------------------------------------------------


def _stated_or_pooled(year: CouncilYear, measure) -> summary.Average | None:
    """The average a summary sentence compares with: the letter's own, else the pooled one
    computed here (with the letters it is computed from)."""
    stated = getattr(year.letter, measure.stated_average)
    if stated is not None:
        return summary.Average(float(stated))
    average = year.average
    if average is None:
        return None
    computed = average.pooled(measure) if measure.compared_with == "pooled" else None
    if computed is None or average.letters < 2:
        return None  # an average of the council's own letter alone compares with nothing
    return summary.Average(computed, letters=average.letters)


def summary_sentences(briefing: Briefing) -> list[str]:
    """The sentences of the summary, each from its figures; none for a council without
    letters."""
    year = briefing.latest
    if year is None:
        return []
    letter, council = year.letter, briefing.council
    type_label = AuthorityType(council.authority_type).label
    period = year.period_label
    sentences = [
        summary.uphold_sentence(
            period=period,
            council_name=council.official_name,
            percent=letter.uphold_rate,
            upheld=_whole_count(letter.upheld_n),
            investigated=letter.investigated_n,
            average=_stated_or_pooled(year, UPHOLD),
            type_label=type_label,
        ),
        summary.small_sentence(
            period=period, investigated=letter.investigated_n, small_base=SMALL_BASE
        )
        if briefing.pooled and briefing.pooled.pools
        else None,
        _change(briefing),
        summary.compliance_sentence(
            period=period,
            percent=letter.compliance_rate,
            outcomes=letter.compliance_outcomes,
            average=_stated_or_pooled(year, COMPLIANCE),
            type_label=type_label,
        ),
        summary.remedy_sentence(
            period=period,
            percent=letter.remedy_rate,
            remedies=letter.remedies,
            basis=letter.remedy_basis,
            average=_stated_or_pooled(year, REMEDY),
            type_label=type_label,
        ),
        summary.per_100k_sentence(
            period=period,
            rate=letter.per_100k,
            average=_stated_or_pooled(year, PER_100K_RESIDENTS),
            type_label=type_label,
        ),
    ]
    pooled = briefing.pooled.of(UPHOLD) if briefing.pooled and briefing.pooled.pools else None
    if pooled is not None and len(pooled.years) > 1:
        sentences.append(
            summary.pooled_sentence(
                period=pooled.period_label,
                upheld=_whole_count(pooled.council.numerator),
                investigated=pooled.council.base,
                type_percent=pooled.type_average.rate,
                type_letters=pooled.type_average.letters,
                type_label=type_label,
            )
        )
        sentences.append(
            summary.method_change_sentence(
                period=pooled.period_label,
                crosses=pooled.crosses_method_change,
                change_year=year_label(METHOD_CHANGE_YEAR),
            )
        )
    sentences.append(summary.corrections_sentence(count=len(briefing.corrections)))
    return [sentence for sentence in sentences if sentence]


def _change(briefing: Briefing) -> str | None:
    """The share upheld against the year before, where the council has its letter."""
    years = briefing.page.years
    if len(years) < 2 or years[1].year != years[0].year - 1:
        return None
    latest, previous = years[0].letter, years[1].letter
    return summary.change_sentence(
        percent=latest.uphold_rate,
        previous_percent=previous.uphold_rate,
        previous_period=years[1].period_label,
        previous_upheld=_whole_count(previous.upheld_n),
        previous_investigated=previous.investigated_n,
        method_changed=years[1].year < METHOD_CHANGE_YEAR <= years[0].year,
    )


def _whole_count(value) -> int | None:
    return None if value is None else round(value)


# The sections ---------------------------------------------------------------------------------


def _lines(*lines: str) -> Cell:
    return tuple(line for line in lines if line)


def latest_year_section(briefing: Briefing) -> Section | None:
    year = briefing.latest
    if year is None:
        return None
    type_label = AuthorityType(briefing.council.authority_type).label
    rows = tuple(
        (
            (row.label,),
            _lines(row.value, row.caution, "corrected: see Corrections" if row.corrections else ""),
            _lines(row.stated),
            _lines(row.pooled, row.pooled_note),
            _lines(row.mean, row.councils),
            (row.difference,),
        )
        for row in measure_rows(year)
    )
    letters = year.average.letters if year.average else 0
    return Section(
        "latest",
        f"{year.period_label}: against the {summary.type_noun(type_label)} average",
        (
            Table(
                key="briefing-latest",
                caption=f"{briefing.council.short_name}, {year.period_label}, against the "
                f"{summary.type_noun(type_label)} average",
                headings=(
                    "Measure",
                    briefing.council.short_name,
                    "Average the letter states",
                    "Average computed here (pooled)",
                    "Mean of councils",
                    "Difference",
                ),
                rows=rows,
            ),
            Paragraph(
                f"The averages computed here are from {letters} letter"
                f"{'' if letters == 1 else 's'} to {summary.type_plural(type_label)} for "
                f"{year.period_label}. Differences are from the pooled average (per 100,000: "
                "from the mean).",
                small=True,
            ),
        ),
    )


def five_years_section(briefing: Briefing) -> Section | None:
    years = briefing.table_years
    if not years:
        return None
    rows = []
    for year in years:
        cells = [(year.period_label,)]
        for measure in MEASURES:
            letter = year.letter
            value = measure.write(
                getattr(letter, measure.rate),
                getattr(letter, measure.numerator) if measure.numerator else None,
                getattr(letter, measure.base) if measure.base else None,
            )
            stated = getattr(letter, measure.stated_average)
            cells.append(
                _lines(
                    value,
                    f"average {measure.write_stated(stated)}" if stated is not None else "",
                    "corrected" if year.corrected(*measure.corrections) else "",
                )
            )
        rows.append(tuple(cells))
    crosses = min(y.year for y in years) < METHOD_CHANGE_YEAR <= max(y.year for y in years)
    blocks = [
        Table(
            key="briefing-years",
            caption=f"{briefing.council.short_name}, the last {len(years)} year"
            f"{'' if len(years) == 1 else 's'}, with the average each letter states",
            headings=("Year", *(measure.column_label for measure in MEASURES)),
            rows=tuple(rows),
        )
    ]
    if crosses:
        blocks.append(
            Paragraph(
                f"The Ombudsman changed how it reports its figures in "
                f"{year_label(METHOD_CHANGE_YEAR)}: years before and after are not strictly "
                "comparable.",
                small=True,
            )
        )
    return Section("years", f"The last {len(years)} years", tuple(blocks))


def pooled_section(briefing: Briefing) -> Section | None:
    pooled = briefing.pooled
    if pooled is None:
        return None
    if not pooled.pools:
        return Section(
            "pooled",
            "Three years together",
            (
                Paragraph(
                    f"Only one letter in the three years {pooled.period_label}: there is "
                    "nothing to add up."
                ),
            ),
        )
    type_label = pooled.type_label
    blocks = [
        Paragraph(
            f"The counts in {briefing.council.short_name}'s letters for {pooled.period_label} "
            "added up, beside the same counts added up over every "
            f"{summary.type_noun(type_label)}'s current letter for the same years: steadier "
            "than any single year."
        )
    ]
    if pooled.missing_years:
        blocks.append(Paragraph(f"There is no letter for {pooled.missing_label}."))
    blocks.append(
        Table(
            key="briefing-pooled",
            caption=f"{briefing.council.short_name}, {pooled.period_label} together",
            headings=(
                "Measure",
                f"{briefing.council.short_name}, years together",
                f"{type_label} average, same years pooled",
                "Difference",
            ),
            rows=tuple(
                (
                    _lines(
                        row.measure.row_label,
                        f"{row.period_label} only" if row.years != pooled.letter_years else "",
                    ),
                    _lines(row.council.write(), row.caution),
                    _lines(
                        row.type_average.write_average(),
                        f"{row.type_average.letters} letter"
                        f"{'' if row.type_average.letters == 1 else 's'}",
                    ),
                    (row.write_difference(),),
                )
                for row in pooled.measures
            ),
        )
    )
    if pooled.crosses_method_change:
        blocks.append(
            Paragraph(
                f"These years span the Ombudsman's change of method in "
                f"{pooled.method_change_label}: adding them up mixes the two.",
                small=True,
            )
        )
    blocks.append(
        Paragraph(
            "Upheld per 100,000 residents over the years together is the upheld complaints "
            "divided by the council's population once for each year (the register's "
            "population), so a yearly rate.",
            small=True,
        )
    )
    return Section("pooled", "Three years together", tuple(blocks))


def _dash(value) -> str:
    return "–" if value is None else f"{value:,}"


def _percent(value) -> str:
    return "–" if value is None else f"{float(value):.0f}%"


SERVICE_COLUMNS = (
    ("Complaints", lambda row: _dash(row.complaints)),
    ("Stage 2", lambda row: _dash(row.stage_2)),
    ("Independent investigator", lambda row: _dash(row.independent_investigator)),
    ("Answered in target", lambda row: _percent(row.in_target_percent)),
    ("Compliments", lambda row: _dash(row.compliments)),
)


def services_section(briefing: Briefing, absolute: Callable[[str], str]) -> Section | None:
    page = briefing.page
    tables = briefing.service_tables()
    if not tables and not page.own_years:
        return None
    blocks = []
    for n, (source, rows) in enumerate(tables):
        period = year_label(rows[0].period_end.year)
        # The columns this source gives: a letter counts complaints only.
        columns = [
            (heading, write)
            for heading, write in SERVICE_COLUMNS
            if heading == "Complaints" or any(write(row) != "–" for row in rows)
        ]
        blocks.append(
            Table(
                key=f"briefing-services-{n}",
                caption=f"Complaints by service, {period}: {source}",
                headings=("Service", *(heading for heading, _ in columns)),
                rows=tuple(
                    ((row.service,), *((write(row),) for _, write in columns)) for row in rows
                ),
            )
        )
    if page.own_years:
        blocks.append(
            Table(
                key="briefing-own",
                caption=f"{briefing.council.short_name}'s own complaints reports, with the "
                "Ombudsman's letters",
                headings=(
                    "Year",
                    "Stage 1",
                    "Stage 2",
                    "Independent investigator",
                    "Answered in target",
                    "To the Ombudsman (report)",
                    "Ombudsman investigated (letter)",
                    "Ombudsman upheld (letter)",
                ),
                rows=tuple(
                    (
                        (year.period_label,),
                        (_dash(year.figures.stage_1),),
                        (_dash(year.figures.stage_2),),
                        (_dash(year.figures.independent_investigator),),
                        (_percent(year.figures.in_target_percent),),
                        (_dash(year.figures.ombudsman),),
                        (_dash(year.letter.investigations) if year.letter else "no letter",),
                        (_dash(year.letter.upheld_count) if year.letter else "no letter",),
                    )
                    for year in page.own_years
                ),
            )
        )
        blocks.append(
            Bullets(
                tuple(
                    Paragraph(
                        f"{report.report_year} annual complaints report",
                        links=(
                            Link(
                                "the original",
                                absolute(reverse("reports:report-original", args=[report.pk])),
                            ),
                        ),
                    )
                    for report in page.own_reports
                )
            )
        )
    return Section("services", "Complaints by service and the council's own figures", tuple(blocks))


def _corrected_what(correction, letters: dict) -> str:
    if correction.letter_id is not None:
        year = letters.get(correction.letter_id)
        return f"{year.period_label} letter" if year else "letter"
    if correction.report_year_id is not None:
        return f"The council's report, {year_label(correction.report_year.period_end.year)}"
    row = correction.service_row
    return f"{row.service}, {year_label(row.period_end.year)} ({row.get_source_display()})"


def corrections_section(briefing: Briefing) -> Section | None:
    if not briefing.corrections and briefing.latest is None:
        return None
    if not briefing.corrections:
        return Section(
            "corrections",
            "Corrections",
            (Paragraph("No figure shown here has been corrected by hand."),),
        )
    letters = {year.letter.pk: year for year in briefing.page.years}
    return Section(
        "corrections",
        "Corrections",
        (
            Paragraph(
                "Figures a data admin corrected by hand after the documents were read, with "
                "the reason given."
            ),
            Bullets(
                tuple(
                    Paragraph(
                        f"{_corrected_what(c, letters)}: {c.label} corrected on "
                        f"{c.made_at:%-d %B %Y} from {c.old_display} to {c.new_display}. "
                        f"Reason: {c.reason}"
                    )
                    for c in briefing.corrections
                )
            ),
        ),
    )


def said_section(briefing: Briefing, absolute: Callable[[str], str]) -> Section | None:
    if not briefing.said:
        return None
    blocks = [
        Paragraph(
            "What each year's letter says about the council itself, beyond the text every "
            "council received that year."
        )
    ]
    for year in briefing.said:
        blocks.append(Heading(year.period_label))
        if year.paragraphs:
            blocks.extend(Paragraph(p.text) for p in year.paragraphs)
        else:
            blocks.append(Paragraph("Only the text every council received that year."))
        blocks.append(
            Paragraph(
                f"The whole {year.period_label} letter",
                links=(Link("its text", absolute(year.letter_url)),),
                small=True,
            )
        )
    return Section("said", "What the Ombudsman said", tuple(blocks))


def sources_section(briefing: Briefing, absolute: Callable[[str], str]) -> Section | None:
    years = briefing.table_years
    if not years:
        return None
    return Section(
        "sources",
        "Sources",
        (
            Paragraph(
                "The Ombudsman's annual review letters these figures come from (the current "
                "version of each)."
            ),
            Bullets(
                tuple(
                    Paragraph(
                        f"{year.period_label} letter",
                        links=(
                            Link("figures and text", absolute(year.letter.get_absolute_url())),
                            Link(
                                "the original",
                                absolute(reverse("letters:letter-original", args=[year.letter.pk])),
                            ),
                        ),
                    )
                    for year in years
                )
            ),
        ),
    )


def briefing_document(
    briefing: Briefing, *, absolute: Callable[[str], str], today: date
) -> BriefingDocument:
    """The briefing as a document; ``absolute`` makes a path an address to print."""
    council = briefing.council
    facts = [
        ("Type", AuthorityType(council.authority_type).label),
        ("Region", council.region or "not known"),
        (
            "Population",
            f"{council.population:,} ({council.population_year})"
            if council.population
            else "not known",
        ),
    ]
    if council.end_date:
        label = "Abolished" if council.is_abolished else "To be abolished"
        facts.append((label, f"{council.end_date:%-d %B %Y}"))
    facts.append(("Figures as held on", f"{today:%-d %B %Y}"))
    sections = [
        latest_year_section(briefing),
        five_years_section(briefing),
        pooled_section(briefing),
        services_section(briefing, absolute),
        corrections_section(briefing),
        said_section(briefing, absolute),
        sources_section(briefing, absolute),
    ]
    return BriefingDocument(
        title=f"{council.official_name}: complaints to the Ombudsman",
        facts=tuple(facts),
        summary=tuple(summary_sentences(briefing)),
        sections=tuple(s for s in sections if s is not None),
        page_url=absolute(reverse("briefings:briefing", args=[council.slug])),
        word_url=absolute(reverse("briefings:briefing-docx", args=[council.slug])),
    )

"""What the API answers, as typed schemas: django-ninja serialises every answer through
them and writes the OpenAPI schema (/api/v1/openapi.json) from the same classes, so the
schema cannot drift from the answers. Every field says what it is; the docs page
(/api/v1/docs/) is written from these descriptions."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import create_model

from councils.measures import MEASURES
from councils.models import AuthorityType
from documents.models import DocumentKind
from letters.figures import FIGURES
from opendata.api.represent import figure_unit

Unit = Literal["count", "percent", "per 100,000 residents"]


class Problem(Schema):
    detail: str = Field(description="What went wrong, in words.")


# Councils --------------------------------------------------------------------------------


class CouncilRef(Schema):
    slug: str = Field(description="The council's address on this site, e.g. `cambridge`.")
    name: str = Field(description="Its official name.")
    type: AuthorityType = Field(description="The Ombudsman's type of council.")
    current: bool = Field(description="Whether it exists today (false once abolished).")
    url: str = Field(description="Its page on this site.")
    api_url: str = Field(description="Its record in this API.")


class Council(Schema):
    slug: str = Field(description="The council's address on this site, e.g. `cambridge`.")
    name: str = Field(description="Its official name, e.g. `Cambridge City Council`.")
    short_name: str = Field(description="Its short name, e.g. `Cambridge`.")
    type: AuthorityType = Field(
        description="The Ombudsman's type of council, which its averages compare within."
    )
    type_label: str = Field(description="The type in words, e.g. `District Council`.")
    region: str = Field(description="Its region of England (mySociety's register).")
    population: int | None = Field(description="Residents (mySociety's register).")
    population_year: int | None = Field(description="The year the population is of.")
    register_code: str = Field(
        description="mySociety's register's local-authority-code, e.g. `CAB`."
    )
    gss_code: str | None = Field(description="The ONS (GSS) code, e.g. `E07000008`.")
    start_date: date | None = Field(description="The day it came into being, if known.")
    end_date: date | None = Field(description="The day it ceased to exist, if abolished.")
    current: bool = Field(description="Whether it exists today.")
    url: str = Field(description="Its page on this site.")
    api_url: str = Field(description="Its record in this API.")
    letters_api_url: str = Field(description="Its current letters in this API.")
    feed_url: str = Field(description="The Atom feed of its new and corrected letters.")


class LetterRef(Schema):
    id: int = Field(description="The letter's number on this site.")
    year: int = Field(description="The year its reporting period ends (2024 is 2023-24).")
    period: str = Field(description="The reporting year, e.g. `2023-24`.")
    url: str = Field(description="Its page on this site.")
    api_url: str = Field(description="Its record in this API.")


class SimilarCouncil(CouncilRef):
    pass


class Neighbour(CouncilRef):
    relation: Literal["county", "district", "boundary", "nearest"] = Field(
        description=(
            "`county`: the district's county council; `district`: one of the county's "
            "districts; `boundary`: any other council sharing a boundary; `nearest`: for an "
            "island, the nearest councils."
        )
    )


class CouncilDetail(Council):
    predecessors: list[CouncilRef] = Field(description="Councils it replaced.")
    successors: list[CouncilRef] = Field(description="Councils that replaced it.")
    letters: list[LetterRef] = Field(
        description="Its current letter for each reporting year, newest first."
    )
    similar: list[SimilarCouncil] | None = Field(
        description=(
            "Five similar councils of the same type, as its page suggests; null for an "
            "abolished council, or where the similarity data are not available."
        )
    )
    similar_basis: str | None = Field(description="How the similar councils were chosen.")
    neighbours: list[Neighbour] | None = Field(
        description="Councils sharing a boundary with it, whatever their type; null as above."
    )


class CouncilPage(Schema):
    count: int = Field(description="How many councils match, on every page.")
    page: int = Field(description="This page's number (from 1).")
    pages: int = Field(description="How many pages there are.")
    next: str | None = Field(description="The next page's address, null on the last.")
    previous: str | None = Field(description="The previous page's address, null on the first.")
    results: list[Council] = Field(description="This page's councils.")


# Letters ---------------------------------------------------------------------------------


class Correction(Schema):
    corrected_on: date = Field(description="The day a data admin corrected the figure.")
    was: float | None = Field(description="The figure before the correction.")
    reason: str = Field(description="Why it was corrected.")


class Figure(Schema):
    label: str = Field(description="The figure's name, as its page writes it.")
    value: int | float | None = Field(description="The figure, as the letter prints it.")
    unit: Unit = Field(description="What the figure counts.")
    evidence: str | None = Field(
        description=(
            "The letter's own words the figure was read from; null when none were recorded."
        )
    )
    correction: Correction | None = Field(
        description="The data admin's correction in force on this figure, if any."
    )


# One property per figure of a letter (letters.figures.FIGURES), named by its column.
LetterFigures = create_model(
    "LetterFigures",
    __base__=Schema,
    **{
        figure.column: (
            Figure,
            Field(
                description=(
                    f"{figure.label} ({figure_unit(figure)}); `{figure.path}` in the parser's "
                    "contract. Its value is null where the letter does not give it."
                )
            ),
        )
        for figure in FIGURES
    },
)


class MeasureFigure(Schema):
    label: str = Field(description="The measure's name, e.g. `Share of complaints upheld`.")
    unit: Unit = Field(description="What the figure counts.")
    value: float | None = Field(
        description=(
            "The council's figure as the pages compute it (upheld / investigated where the "
            "letter gives counts, else the percentage it prints)."
        )
    )
    numerator: float | None = Field(description="The count it is of, where known (upheld).")
    base: int | None = Field(description="The count it is out of, where known (investigated).")
    written: str = Field(description="As the council page writes it, e.g. `70%, 21 of 30`.")
    stated_average: float | None = Field(
        description="The average for similar authorities that the letter states."
    )


LetterMeasures = create_model(
    "LetterMeasures",
    __base__=Schema,
    **{measure.key: (MeasureFigure, Field(description=measure.label)) for measure in MEASURES},
)


class ServiceRow(Schema):
    service: str = Field(description="The service area, as the letter names it.")
    complaints: int | None = Field(description="Complaints and enquiries received about it.")
    evidence: str | None = Field(description="The letter's words the count was read from.")


class Letter(Schema):
    id: int = Field(description="The letter's number on this site.")
    council: CouncilRef = Field(description="The council the letter is to.")
    year: int = Field(description="The year its reporting period ends (2024 is 2023-24).")
    period: str = Field(description="The reporting year, e.g. `2023-24`.")
    period_start: date = Field(description="The first day of the reporting year.")
    period_end: date = Field(description="Its last day.")
    letter_date: date | None = Field(description="The date the letter bears, if any.")
    council_name_as_printed: str = Field(description="The council's name as the letter prints it.")
    current: bool = Field(
        description="Whether this is the current version (false once a newer upload replaced it)."
    )
    uploaded_at: datetime = Field(description="When this version was uploaded here.")
    url: str = Field(description="Its page on this site.")
    api_url: str = Field(description="Its record in this API.")
    original_url: str = Field(description="The original file the Ombudsman sent (PDF or text).")
    figures: LetterFigures = Field(  # type: ignore[valid-type]
        description="Every figure of the letter, with its evidence and correction."
    )
    measures: LetterMeasures = Field(  # type: ignore[valid-type]
        description="The four measures the pages compare, as the pages compute them."
    )
    services: list[ServiceRow] = Field(
        description="Complaints and enquiries received, per service area, in printed order."
    )
    warnings: list[str] = Field(description="What the parser noticed when reading it.")
    evidence_recorded: bool = Field(
        description="False for letters read before the site kept the words behind each figure."
    )


class LetterPage(Schema):
    count: int = Field(description="How many letters match, on every page.")
    page: int = Field(description="This page's number (from 1).")
    pages: int = Field(description="How many pages there are.")
    next: str | None = Field(description="The next page's address, null on the last.")
    previous: str | None = Field(description="The previous page's address, null on the first.")
    results: list[Letter] = Field(description="This page's letters.")


# Type averages -----------------------------------------------------------------------------


class Stated(Schema):
    value: float | None = Field(
        description="What the letters state, when they agree (to rounding); else null."
    )
    low: float | None = Field(description="The lowest the letters of the type and year state.")
    high: float | None = Field(description="The highest.")
    letters: int = Field(description="How many letters state it.")
    disagree: bool = Field(description="Whether the letters state different averages.")


class Totals(Schema):
    numerator: int | None = Field(description="The pooled count, e.g. upheld in all.")
    base: int | None = Field(description="What it is out of, e.g. investigated in all.")


class AverageOfMeasure(Schema):
    label: str = Field(description="The measure's name.")
    unit: Unit = Field(description="What its figures count.")
    stated: Stated = Field(description="The average for similar authorities the letters state.")
    pooled: float | None = Field(
        description=(
            "Computed here: all the type's counts together (all upheld / all investigated), "
            "so larger councils weigh more."
        )
    )
    mean: float | None = Field(
        description="Computed here: the mean of the councils' own figures, each counted once."
    )
    councils: int = Field(description="How many councils' figures the mean is of.")
    totals: Totals | None = Field(
        description="The sums the pooled average divides, for measures pooled from counts."
    )


TypeAverageMeasures = create_model(
    "TypeAverageMeasures",
    __base__=Schema,
    **{measure.key: (AverageOfMeasure, Field(description=measure.label)) for measure in MEASURES},
)


class TypeAverage(Schema):
    type: AuthorityType = Field(description="The Ombudsman's type of council.")
    type_label: str = Field(description="The type in words, e.g. `District Council`.")
    year: int = Field(description="The year the reporting period ends (2024 is 2023-24).")
    period: str = Field(description="The reporting year, e.g. `2023-24`.")
    letters: int = Field(description="How many current letters of this type and year there are.")
    measures: TypeAverageMeasures = Field(  # type: ignore[valid-type]
        description="Each of the four measures' averages."
    )
    warnings: list[str] = Field(
        description="Where the letters disagree, or the stated and computed averages differ."
    )
    compare_url: str = Field(description="The page comparing the type's councils that year.")


class TypeAveragePage(Schema):
    count: int = Field(description="How many types and years match, on every page.")
    page: int = Field(description="This page's number (from 1).")
    pages: int = Field(description="How many pages there are.")
    next: str | None = Field(description="The next page's address, null on the last.")
    previous: str | None = Field(description="The previous page's address, null on the first.")
    results: list[TypeAverage] = Field(description="This page's averages, oldest year first.")


# Search ----------------------------------------------------------------------------------


class SearchHit(Schema):
    kind: DocumentKind = Field(
        description="`lgsco-letter`: an Ombudsman letter; `council-report`: a council's report."
    )
    kind_label: str = Field(description="The kind in words.")
    title: str = Field(description="The document's title.")
    council: CouncilRef = Field(description="The council it is about.")
    year: int = Field(description="The year its reporting period ends (2024 is 2023-24).")
    period: str = Field(description="The reporting year, e.g. `2023-24`.")
    url: str = Field(
        description="Its page on this site at the matching passage, the query's words marked."
    )
    passage: int | None = Field(description="The matching passage's number on that page.")
    heading: str = Field(description="The heading the passage is printed under.")
    snippet: str = Field(description="The matching words in context (PostgreSQL ts_headline).")
    snippet_html: str = Field(description="The same, escaped, the query's words in `<mark>`.")
    rank: float = Field(description="How well it matches (higher first).")


class SearchPage(Schema):
    query: str = Field(description="The query searched, as read (spaces folded, at most 200).")
    count: int = Field(description="How many documents match, on every page.")
    page: int = Field(description="This page's number (from 1).")
    pages: int = Field(description="How many pages there are.")
    next: str | None = Field(description="The next page's address, null on the last.")
    previous: str | None = Field(description="The previous page's address, null on the first.")
    results: list[SearchHit] = Field(description="This page's documents, best match first.")


# The API's front door ---------------------------------------------------------------------


class Index(Schema):
    title: str = Field(description="The API's name.")
    description: str = Field(description="What it holds and how it behaves.")
    docs: str = Field(description="The documentation page.")
    openapi: str = Field(description="The OpenAPI schema.")
    councils: str = Field(description="The councils.")
    letters: str = Field(description="The letters.")
    averages: str = Field(description="The type averages per year.")
    search: str | None = Field(description="Search of the letters' and reports' text.")
    dataset: dict[str, str] = Field(description="The whole dataset in one file, by format.")
    feed: str = Field(description="The Atom feed of new and corrected letters.")
    licence: str = Field(description="The data's sources and licences.")

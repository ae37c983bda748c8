"""Reading the search rows: full-text search (``search``), what the Ombudsman said about a
council year by year (``ombudsman_said``), and a letter's or report's text in passages
(``document_text``).

Only current documents are searched and shown: a letter or report is current through its
own row (``is_current``, never true once withdrawn), read at query time, so a newer
version, a withdrawal or a re-parse shows at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from typing import ClassVar
from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from core.periods import year_label
from councils.models import AuthorityType, Council
from documents.models import DocumentKind
from letters.parsing import paragraphs
from search.models import CONFIG, Document, Passage

MAX_QUERY = 200  # characters of a query
# ts_headline marks the query's words with these (private-use characters, never in a
# letter's text once escaped); they become <mark> in HTML and vanish in plain text.
START, STOP = "\ue000", "\ue001"
HEADLINE = (
    f'StartSel="{START}", StopSel="{STOP}", MaxWords=40, MinWords=15, ShortWord=3, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)

KIND_LABELS = {
    DocumentKind.LGSCO_LETTER: "Ombudsman letter",
    DocumentKind.COUNCIL_REPORT: ("Council's complaints report"),
}


def marked_html(text: str) -> SafeString:
    """Text from ts_headline, escaped, its marked words in <mark>."""
    return mark_safe(  # noqa: S308 - escaped first; only our own tags are added
        escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    )


def plain(text: str) -> str:
    return text.replace(START, "").replace(STOP, "")


def document_url(document: Document, *, highlight: str = "", passage: int | None = None) -> str:
    """The letter's page (a report's text page), at a passage, with the words to mark."""
    if document.kind == DocumentKind.LGSCO_LETTER:
        url = reverse("letters:letter-detail", kwargs={"pk": document.letter_id})
    else:
        url = reverse("search:report-text", kwargs={"pk": document.report_id})
    if highlight:
        url += "?" + urlencode({"highlight": highlight})
    if passage is not None:
        url += f"#passage-{passage}"
    return url


# --------------------------------------------------------------------------- search


@dataclass(frozen=True)
class Hit:
    """One document found, with the passage that matches best."""

    kind: str
    kind_label: str
    title: str
    council: Council
    year: int
    url: str  # the letter's page (or the report's text) at the passage, words marked
    passage: int | None  # the passage's number (anchor "passage-<n>")
    heading: str  # the heading the passage is printed under
    snippet: str  # the matching words in context, plain text
    snippet_html: SafeString  # the same with the query's words in <mark>
    rank: float

    @property
    def period_label(self) -> str:
        return year_label(self.year)

    @property
    def authority_type_label(self) -> str:
        return AuthorityType(self.council.authority_type).label

    def as_json(self, *, absolute) -> dict:
        """The hit as the JSON of the results gives it (``absolute``: path -> URL)."""
        return {
            "kind": self.kind,
            "title": self.title,
            "council": {
                "slug": self.council.slug,
                "name": self.council.official_name,
                "authority_type": self.council.authority_type,
                "url": absolute(self.council.get_absolute_url()),
            },
            "year": self.year,
            "period": self.period_label,
            "url": absolute(self.url),
            "passage": self.passage,
            "heading": self.heading,
            "snippet": self.snippet,
            "snippet_html": str(self.snippet_html),
            "rank": round(self.rank, 6),
        }


@dataclass
class SearchResults:
    """Every current document matching a query, best first, read a page at a time: one
    query ranks the matching documents and gives a page of them with the number found
    (``count()`` reads the first ``FIRST_PAGE`` so, which a slice of the first page then
    uses), one reads that page's documents and one their best passages and snippets.
    Django's Paginator takes it as it is."""

    FIRST_PAGE: ClassVar[int] = 20

    query: str
    filters: dict = field(default_factory=dict)  # name -> value, as _FILTERS name them
    has_words: bool = True
    _count: int | None = field(default=None, repr=False)
    _first: list | None = field(default=None, repr=False)

    def count(self) -> int:
        if self._count is None:
            self._first = self._ranked(0, self.FIRST_PAGE) if self.has_words else []
            self._count = self._first[0][2] if self._first else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            hits = self[index : index + 1]
            if not hits:
                raise IndexError("no result there")
            return hits[0]
        start, stop = index.start or 0, index.stop
        if index.step not in (None, 1) or start < 0 or (stop is not None and stop < 0):
            raise ValueError("Only forward slices of results.")
        if not self.has_words or (stop is not None and stop <= start):
            return []
        if self._first is not None and stop is not None and stop <= self.FIRST_PAGE:
            return self._hits(self._first[start:stop])
        limit = None if stop is None else stop - start
        return self._hits(self._ranked(start, limit))

    def sql(self, offset: int = 0, limit: int | None = FIRST_PAGE) -> tuple[str, dict]:
        """The ranking query and its parameters."""
        filters = "".join(_FILTERS[name] for name in self.filters if name in _FILTERS)
        council = "".join(
            _COUNCIL_FILTERS[name] for name in self.filters if name in _COUNCIL_FILTERS
        )
        params = {"config": CONFIG, "query": self.query, "offset": offset, "limit": limit}
        params.update(self.filters)
        sql = _SEARCH.replace("{filters}", filters).replace("{council_filters}", council)
        return sql, params

    def _ranked(self, offset: int, limit: int | None) -> list[tuple[int, float, int]]:
        """(document id, rank, number found) of each document in this part of the ranking."""
        sql, params = self.sql(offset, limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _hits(self, ranked: list[tuple[int, float, int]]) -> list[Hit]:
        ids = [row[0] for row in ranked]
        documents = Document.objects.select_related("council").defer("vector").in_bulk(ids)
        best = _best_passages(ids, self.query)
        hits = []
        for document_id, rank, _ in ranked:
            document = documents[document_id]
            number, heading, snippet = best.get(document_id, (None, "", ""))
            hits.append(
                Hit(
                    kind=document.kind,
                    kind_label=KIND_LABELS.get(document.kind, document.kind),
                    title=document.title,
                    council=document.council,
                    year=document.year,
                    url=document_url(document, highlight=self.query, passage=number),
                    passage=number,
                    heading=heading,
                    snippet=plain(snippet),
                    snippet_html=marked_html(snippet),
                    rank=float(rank),
                )
            )
        return hits


# Every current document matching the query, ranked (ts_rank, normalisation 1: divided by
# 1 + the log of the document's length, so that a long report does not outrank a letter
# for using a word more often), with the number found. One scan of the documents (the GIN
# index, or the table when most of them match) computes each one's rank and keeps only
# narrow rows, which are then checked for being current (a letter or report is current
# through its own row: never once withdrawn), counted and sorted.
_SEARCH = """
WITH q AS (SELECT websearch_to_tsquery(%(config)s::regconfig, %(query)s) AS q),
found AS MATERIALIZED (
    SELECT d.id, d.year, d.title, d.council_id, d.letter_id, d.report_id,
           ts_rank(d.vector, q.q, 1) AS rank
    FROM search_document d CROSS JOIN q
    WHERE d.vector @@ q.q{filters}
)
SELECT f.id, f.rank, count(*) OVER () AS found
FROM found f
JOIN councils_council c ON c.id = f.council_id
LEFT JOIN letters_annualletter l ON l.id = f.letter_id
LEFT JOIN letters_councilreport r ON r.id = f.report_id
WHERE (l.is_current OR r.is_current){council_filters}
ORDER BY f.rank DESC, f.year DESC, f.title, f.id
LIMIT %(limit)s OFFSET %(offset)s
"""
_FILTERS = {
    "year": " AND d.year = %(year)s",
    "kind": " AND d.kind = %(kind)s",
    "council_id": " AND d.council_id = %(council_id)s",
}
_COUNCIL_FILTERS = {
    "council_slug": " AND c.slug = %(council_slug)s",
    "authority_type": " AND c.authority_type = %(authority_type)s",
}


def search(
    query: str,
    *,
    year: int | None = None,
    authority_type: str | None = None,
    council: Council | str | None = None,
    kind: str | None = None,
) -> SearchResults:
    """Every current letter and council report matching ``query``, best first.

    ``query`` is in web search syntax (PostgreSQL's ``websearch_to_tsquery``, English):
    words are all required, ``"a phrase"`` in quotes, ``-word`` leaves out documents with
    it, ``or`` between words finds either; words are stemmed ("reports" finds "report").
    Filters: ``year`` the calendar year the reporting period ends (2024 for 2023-24; a
    report's own last year), ``authority_type`` one of ``AuthorityType``, ``council`` a
    Council or its slug, ``kind`` one of ``DocumentKind`` (letters or councils' reports).

    Returns ``SearchResults``: ``.count()``, and slices of ``Hit`` (each with the best
    passage's number, its heading, a snippet from ``ts_headline``, the rank, and the URL of
    the letter's page at that passage)."""
    query = " ".join((query or "").split())[:MAX_QUERY]
    filters = {
        "year": year,
        "kind": kind or None,
        "council_id": council.pk if isinstance(council, Council) else None,
        "council_slug": council if council and not isinstance(council, Council) else None,
        "authority_type": authority_type or None,
    }
    filters = {name: value for name, value in filters.items() if value is not None}
    return SearchResults(query=query, filters=filters, has_words=_has_words(query))


def _tsquery(query: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, search_type="websearch", config=CONFIG)


def _has_words(query: str) -> bool:
    """Whether the query has anything to search for (not only stop words like "the")."""
    if not query:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)) > 0", [CONFIG, query]
        )
        return bool(cursor.fetchone()[0])


_BEST_PASSAGES = """
WITH q AS (SELECT websearch_to_tsquery(%(config)s::regconfig, %(query)s) AS q),
best AS (
    SELECT DISTINCT ON (p.document_id) p.id
    FROM search_passage p, q
    WHERE p.document_id = ANY(%(documents)s)
    ORDER BY p.document_id, (p.vector @@ q.q) DESC, ts_rank(p.vector, q.q) DESC, p.number
)
SELECT p.document_id, p.number, p.heading,
       ts_headline(%(config)s::regconfig, p.text, q.q, %(options)s), p.text
FROM search_passage p JOIN best ON best.id = p.id, q
"""


def _best_passages(document_ids: list[int], query: str) -> dict[int, tuple[int, str, str]]:
    """For each document, the passage that matches the query best (the whole query if one
    passage does, else the most of it): document id -> (number, heading, headline)."""
    if not document_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            _BEST_PASSAGES,
            {"config": CONFIG, "query": query, "documents": document_ids, "options": HEADLINE},
        )
        return {row[0]: (row[1], row[2], _ellipsed(row[3], row[4])) for row in cursor.fetchall()}


def _ellipsed(headline: str, text: str) -> str:
    """The headline with "… " before it if it starts inside the passage, " …" after it if
    it ends inside it."""
    shown = " ".join(plain(headline).split())
    whole = " ".join(text.split())
    if shown and not whole.startswith(shown.split(" … ")[0]):
        headline = "… " + headline
    if shown and not whole.endswith(shown.split(" … ")[-1]):
        headline += " …"
    return headline


# --------------------------------------------------------------------------- what was said


@dataclass(frozen=True)
class SaidParagraph:
    number: int
    text: str
    heading: str
    topics: tuple[str, ...]
    url: str  # the letter's page at this paragraph


@dataclass(frozen=True)
class YearSaid:
    """What one year's letter said about the council, beyond the standard text."""

    year: int
    letter_id: int
    letter_url: str  # the letter's page, at its full text
    paragraphs: tuple[SaidParagraph, ...]  # the council-specific paragraphs, in order
    standard: int  # how many paragraphs of the standard text it also carries
    councils_in_year: int  # councils with a letter that year (1: nothing to compare with)

    @property
    def period_label(self) -> str:
        return year_label(self.year)

    @cached_property
    def topics(self) -> tuple[str, ...]:
        found = {topic for p in self.paragraphs for topic in p.topics}
        return tuple(topic for topic in paragraphs.TOPICS if topic in found)


def ombudsman_said(council: Council) -> list[YearSaid]:
    """What the Ombudsman's letters said about ``council``, year by year, newest first:
    each current letter's council-specific paragraphs (``letters.parsing.paragraphs``:
    compared with the letters of the same year to every council), the number of standard
    paragraphs left out, and links to the letter's full text. Years whose letter has no
    text read are left out. One query, whatever the number of years."""
    said = []
    for (year, document_id, letter_id), (separation, in_year) in _separations(
        "d.council_id = %(council)s AND l.is_current", {"council": council.pk}
    ).items():
        document = Document(pk=document_id, kind=DocumentKind.LGSCO_LETTER, letter_id=letter_id)
        said.append(
            YearSaid(
                year=year,
                letter_id=letter_id,
                letter_url=document_url(document) + "#letter-text",
                paragraphs=tuple(
                    SaidParagraph(
                        number=p.number,
                        text=p.text,
                        heading=p.heading,
                        topics=p.topics,
                        url=document_url(document, passage=p.number),
                    )
                    for p in separation.specific
                ),
                standard=len(separation.standard),
                councils_in_year=in_year,
            )
        )
    return sorted(said, key=lambda year_said: -year_said.year)


# The body paragraphs of some letters, each with how many councils' letters of the same
# year carry it (any version kept: a council's newer version adds no council), counted up
# to the number that makes it standard (reading further would change nothing: an
# index-only probe of a few dozen entries, however many councils a year has), and how
# many councils have a letter that year.
_SAID = """
WITH own AS (
    SELECT d.year, d.id AS document_id, d.letter_id, p.number, p.role, p.heading, p.text,
           p.fingerprint, p.names_council, p.about_council, p.topics
    FROM search_passage p
    JOIN search_document d ON d.id = p.document_id
    JOIN letters_annualletter l ON l.id = d.letter_id
    WHERE d.kind = 'lgsco-letter' AND p.role = 'body' AND {where}
),
years AS (
    SELECT d.year, count(DISTINCT d.council_id) AS councils
    FROM search_document d
    WHERE d.kind = 'lgsco-letter' AND d.year IN (SELECT year FROM own)
    GROUP BY d.year
)
SELECT own.*, years.councils, (
    SELECT count(*) FROM (
        SELECT DISTINCT other.council_id FROM search_passage other
        WHERE other.kind = 'lgsco-letter' AND other.role = 'body'
          AND other.year = own.year AND other.fingerprint = own.fingerprint
        LIMIT greatest(%(min_shared)s, ceil(%(share)s * years.councils))::integer
    ) AS carrying
) AS carried
FROM own JOIN years ON years.year = own.year
ORDER BY own.year DESC, own.document_id, own.number
"""


def _separations(where: str, params: dict) -> dict[tuple, tuple[paragraphs.Separation, int]]:
    """The letters ``where`` (SQL on d: the document, l: the letter) picks, each one's body
    paragraphs separated against the letters of its year: (year, document id, letter id)
    -> (Separation, councils with a letter that year). One query."""
    params = {
        **params,
        "min_shared": paragraphs.MIN_SHARED,
        "share": paragraphs.STANDARD_SHARE,
    }
    found: dict[tuple, list] = {}
    with connection.cursor() as cursor:
        cursor.execute(_SAID.replace("{where}", where), params)
        columns = [column.name for column in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(columns, values, strict=True))
            key = (row["year"], row["document_id"], row["letter_id"])
            found.setdefault(key, []).append(row)
    result = {}
    for key, rows in found.items():
        own = [_pure(row) for row in rows]
        in_year = max(1, rows[0]["councils"])
        counts = {row["fingerprint"]: max(1, row["carried"]) for row in rows}
        result[key] = (
            paragraphs.separate(own, seen_in=counts, councils_in_year=in_year),
            in_year,
        )
    return result


def _pure(row: dict) -> paragraphs.Passage:
    return paragraphs.Passage(
        number=row["number"],
        text=row["text"],
        role=row["role"],
        heading=row["heading"],
        fingerprint=row["fingerprint"],
        names_council=row["names_council"],
        about_council=row["about_council"],
        topics=tuple(row["topics"]),
    )


# --------------------------------------------------------------------------- full text


@dataclass(frozen=True)
class ShownPassage:
    number: int
    role: str
    text: str
    html: SafeString  # the text, the highlighted words in <mark>
    specific: bool  # a paragraph about this council (letters only)

    @property
    def anchor(self) -> str:
        return f"passage-{self.number}"


@dataclass(frozen=True)
class DocumentText:
    document: Document
    passages: tuple[ShownPassage, ...]
    highlight: str  # the words marked, as asked
    marked: int  # how many passages have a marked word

    @property
    def specific_count(self) -> int:
        return sum(1 for p in self.passages if p.specific)


def document_text(source, *, highlight: str = "") -> DocumentText | None:
    """A letter's or report's text in passages (None if it has none read), each paragraph
    about the council marked as such (a letter's), and the words of ``highlight`` (a search
    query, as the results link with it) in <mark>."""
    document = (
        Document.objects.filter(**{"letter" if _is_letter(source) else "report": source})
        .defer("vector")
        .first()
    )
    if document is None:
        return None
    specific: set[int] = set()
    if document.kind == DocumentKind.LGSCO_LETTER:
        for separation, _ in _separations(
            "d.id = %(document)s", {"document": document.pk}
        ).values():
            specific = {p.number for p in separation.specific}
    # Words to mark, from the address: a NUL (which PostgreSQL text cannot hold) is a space.
    highlight = " ".join((highlight or "").replace("\x00", " ").split())[:MAX_QUERY]
    if not _has_words(highlight):
        highlight = ""
    rows = Passage.objects.filter(document=document).order_by("number")
    if highlight:
        from django.contrib.postgres.search import SearchHeadline

        rows = rows.annotate(
            marked=SearchHeadline(
                "text",
                _tsquery(highlight),
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                highlight_all=True,
            )
        )
    shown = []
    marked = 0
    for row in rows.values("number", "role", "text", *(["marked"] if highlight else [])):
        text = row.get("marked", row["text"])
        marked += START in text
        shown.append(
            ShownPassage(
                number=row["number"],
                role=row["role"],
                text=row["text"],
                html=marked_html(text),
                specific=row["number"] in specific,
            )
        )
    return DocumentText(
        document=document, passages=tuple(shown), highlight=highlight, marked=marked
    )


def _is_letter(source) -> bool:
    return source._meta.label == "letters.AnnualLetter"

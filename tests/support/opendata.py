"""Reading what the open data answers: Atom feeds checked against RFC 4287's rules, the
council page's year tables as text, and the dataset's CSV and XLSX files as rows."""

import csv
import io
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

from openpyxl import load_workbook

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time, as RFC 4287 (3.3) requires for atom:updated and atom:published.
RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
)
IRI = re.compile(r"^[a-z][a-z0-9+.-]*:\S+$", re.IGNORECASE)


def _one(element, name: str, where: str, problems: list[str]):
    found = element.findall(ATOM + name)
    if len(found) != 1:
        problems.append(f"{where} has {len(found)} atom:{name} (exactly one required)")
        return None
    return found[0]


def _date(element, name: str, where: str, problems: list[str], required: bool = True):
    found = element.findall(ATOM + name)
    if not found and not required:
        return
    if len(found) != 1:
        problems.append(f"{where} has {len(found)} atom:{name}")
        return
    if not RFC3339.match((found[0].text or "").strip()):
        problems.append(f"{where}'s atom:{name} is not an RFC 3339 date: {found[0].text!r}")


def _links(element, where: str, problems: list[str]) -> list:
    links = element.findall(ATOM + "link")
    seen = set()
    for link in links:
        if not link.get("href"):
            problems.append(f"{where} has a link without href")
        rel = link.get("rel", "alternate")
        if rel == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in seen:
                problems.append(f"{where} has two alternate links of one type and language")
            seen.add(key)
    return links


def _has_author(element) -> bool:
    return any(
        (author.findtext(ATOM + "name") or "").strip()
        for author in element.findall(ATOM + "author")
    )


def atom_problems(content: bytes) -> list[str]:
    """What breaks RFC 4287's requirements in an Atom document (empty when it is valid):
    atom:feed with exactly one id (an IRI), title and updated, and a self link; an author
    on the feed or on every entry; each entry with exactly one id (unique), title and
    updated, an alternate link or content; RFC 3339 dates; at most one alternate link per
    type and language."""
    problems: list[str] = []
    try:
        feed = ElementTree.fromstring(content)  # noqa: S314 - the site's own feed
    except ElementTree.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if feed.tag != ATOM + "feed":
        return [f"the root element is {feed.tag}, not atom:feed"]
    feed_id = _one(feed, "id", "the feed", problems)
    if feed_id is not None and not IRI.match((feed_id.text or "").strip()):
        problems.append(f"the feed's id is not an IRI: {feed_id.text!r}")
    _one(feed, "title", "the feed", problems)
    _date(feed, "updated", "the feed", problems)
    links = _links(feed, "the feed", problems)
    if not any(link.get("rel") == "self" for link in links):
        problems.append("the feed has no self link")
    feed_author = _has_author(feed)
    ids = set()
    for n, entry in enumerate(feed.findall(ATOM + "entry"), start=1):
        where = f"entry {n}"
        entry_id = _one(entry, "id", where, problems)
        if entry_id is not None:
            text = (entry_id.text or "").strip()
            if not IRI.match(text):
                problems.append(f"{where}'s id is not an IRI: {text!r}")
            if text in ids:
                problems.append(f"{where}'s id is not unique: {text}")
            ids.add(text)
        _one(entry, "title", where, problems)
        _date(entry, "updated", where, problems)
        _date(entry, "published", where, problems, required=False)
        entry_links = _links(entry, where, problems)
        has_alternate = any(link.get("rel", "alternate") == "alternate" for link in entry_links)
        if not has_alternate and entry.find(ATOM + "content") is None:
            problems.append(f"{where} has neither an alternate link nor content")
        if not feed_author and not _has_author(entry):
            problems.append(f"{where} has no author, and neither has the feed")
    return problems


def atom_entries(content: bytes) -> list[dict]:
    """Each entry's id, title, summary, updated, published and alternate link."""
    feed = ElementTree.fromstring(content)  # noqa: S314 - the site's own feed
    return [
        {
            "id": entry.findtext(ATOM + "id"),
            "title": entry.findtext(ATOM + "title"),
            "summary": entry.findtext(ATOM + "summary") or "",
            "updated": entry.findtext(ATOM + "updated"),
            "published": entry.findtext(ATOM + "published"),
            "link": next(
                (
                    link.get("href")
                    for link in entry.findall(ATOM + "link")
                    if link.get("rel", "alternate") == "alternate"
                ),
                None,
            ),
        }
        for entry in feed.findall(ATOM + "entry")
    ]


def feed_links(html: str) -> list[tuple[str, str]]:
    """(title, href) of each <link rel="alternate" type="application/atom+xml"> in a page."""
    found = []
    for tag in re.findall(r"<link\b[^>]*>", html):
        if 'rel="alternate"' in tag and 'type="application/atom+xml"' in tag:
            title = re.search(r'title="([^"]*)"', tag)
            href = re.search(r'href="([^"]*)"', tag)
            found.append((title[1] if title else "", href[1] if href else ""))
    return found


class _YearTables(HTMLParser):
    """The council page's year cards: {year: [[cell text before any <br>, ...], ...]}."""

    def __init__(self):
        super().__init__()
        self.years: dict[int, list[list[str]]] = {}
        self.year: int | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.after_break = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        labelled = attrs.get("aria-labelledby") or ""
        if tag == "section" and re.fullmatch(r"year-\d{4}", labelled):
            self.year = int(labelled[5:])
            self.years[self.year] = []
        elif self.year is not None and tag == "tbody":
            self.row = None
        elif self.year is not None and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("td", "th"):
            self.cell, self.after_break = [], False
        elif tag == "br":
            self.after_break = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.year is not None:
            if self.row and len(self.row) == 6:
                self.years[self.year].append(self.row)
            self.row = None
        elif tag == "section":
            self.year = None

    def handle_data(self, data):
        if self.cell is not None and not self.after_break:
            self.cell.append(data)


def year_tables(html: str) -> dict[int, dict[str, list[str]]]:
    """The council page's table of each year: {year: {measure's row label: [council's
    figure, stated average, pooled, mean, difference]}} (the first line of each cell)."""
    parser = _YearTables()
    parser.feed(html)
    return {
        year: {row[0]: row[1:] for row in rows if row[0] != "Measure"}
        for year, rows in parser.years.items()
    }


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def xlsx_sheets(content: bytes) -> dict[str, list[list]]:
    """Every sheet of a workbook as rows of values."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }

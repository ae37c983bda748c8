"""/search/: PostgreSQL full-text search (English, web search syntax, GIN index, ranked,
snippets from ts_headline) over every current letter and council report, with filters for
year, type and council, results that open the letter at the matching passage, a permalink
and JSON; and ``search.selectors.search``, which the API calls."""

import json
import re
from html import unescape

import pytest
from django.db import connection

from councils.models import AuthorityType
from letters.models import AnnualLetter
from search.models import Document
from search.selectors import search
from tests.support.said import PUBLIC_INTEREST_REPORT, STEMS, WITNESS_SUMMONS, ingest_said

pytestmark = pytest.mark.django_db


def found(query: str, **filters) -> set[str]:
    """The fixtures (by stem) a query finds."""
    hits = search(query, **filters)
    return {_stem(hit) for hit in hits[0 : hits.count()]}


def _stem(hit) -> str:
    council = hit.council.slug
    return next(s for s in STEMS if s.startswith(council) and str(hit.year) in s)


def get(client, query: str, status: int = 200) -> str:
    response = client.get(f"/search/?{query}")
    assert response.status_code == status, response.content.decode()[:3000]
    return response.content.decode()


def get_json(client, query: str, status: int = 200) -> dict:
    response = client.get(f"/search/?{query}&format=json")
    assert response.status_code == status, response.content.decode()[:3000]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_witness_summons_and_public_interest_report_found_where_written_and_nowhere_else(
    said_letters,
):
    assert found('"witness summons"') == WITNESS_SUMMONS
    assert found("witness summons") == WITNESS_SUMMONS
    assert found('"public interest report"') == PUBLIC_INTEREST_REPORT
    assert found("public interest report") == PUBLIC_INTEREST_REPORT
    assert found("public interest reports") == PUBLIC_INTEREST_REPORT  # words stemmed
    assert len(STEMS) == 8 and found("Ombudsman") == set(STEMS)


def test_web_search_syntax(said_letters):
    # A phrase in quotes is the words together; without them, each word anywhere.
    assert found('"summons witness"') == set()
    assert found("summons witness") == WITNESS_SUMMONS
    # -word leaves out the documents that use it.
    assert found("witness -housing") == {"borsetshire-2024-per-100k"}
    # or: either.
    assert found('"witness summons" or "public interest report"') == (
        WITNESS_SUMMONS | PUBLIC_INTEREST_REPORT
    )
    # Words too common to search for: nothing searched, said so.
    results = search("the and of")
    assert not results.has_words and results.count() == 0 and results[0:20] == []


def test_filters_year_type_council_and_kind(said_letters, said_councils):
    assert found("witness", year=2020) == {"felpersham-2020-three-statistics"}
    assert found("witness", authority_type=AuthorityType.COUNTY) == {"borsetshire-2024-per-100k"}
    assert found("interest", council="felpersham") == {"felpersham-2024-per-100k"}
    assert found("interest", council=said_councils["borsetshire"]) == {"borsetshire-2017-tables"}
    assert found("witness", kind="council-report") == set()
    assert found("witness", year=2017) == set()


def test_ranked_with_the_best_passage_and_a_snippet(said_letters):
    results = search("witness summons")
    first, second = results[0:2]
    # Felpersham's 2019-20 letter names a witness summons twice, Borsetshire's once.
    assert first.title == "Felpersham City Council, 2019-20 letter"
    assert first.rank > second.rank > 0
    assert first.heading == "Your authority's performance"
    assert "<mark>witness</mark> <mark>summons</mark>" in first.snippet_html
    assert "issuing a witness summons to Felpersham" in first.snippet
    letter = said_letters["felpersham-2020-three-statistics"]
    assert first.url == (f"/letters/{letter.pk}/?highlight=witness+summons#passage-{first.passage}")
    passage = letter.search_document.passages.get(number=first.passage)
    assert passage.text.startswith("During the year I had to take the unusual step")


def test_a_nul_in_the_words_to_mark_is_read_as_a_space(client, said_letters):
    """It reached PostgreSQL and answered 500 (bench/faults.py's hostile requests)."""
    letter = said_letters["felpersham-2020-three-statistics"]
    page = client.get(f"/letters/{letter.pk}/", {"highlight": "witness\x00summons"})
    assert page.status_code == 200
    assert "<mark>witness</mark> <mark>summons</mark>" in page.content.decode()
    assert client.get(f"/letters/{letter.pk}/?highlight=%00").status_code == 200


def test_the_result_opens_the_letter_at_the_passage_with_the_words_marked(client, said_letters):
    [hit] = search('"public interest report"', year=2024)[0:1]
    page = client.get(hit.url)
    assert page.status_code == 200
    html = page.content.decode()
    anchor = hit.url.rsplit("#", 1)[1]
    start = html.index(f'id="{anchor}"')
    passage = html[start : html.index("</div>", start)]
    assert "About this council" in passage
    assert "<mark>public</mark> <mark>interest</mark> <mark>report</mark>" in passage
    assert 'The words you searched for, "public interest report", are marked.' in unescape(html)


def test_a_snippet_is_escaped(said_councils):
    from tests.support.said import said_text

    text = said_text("borsetshire-2020-three-statistics").replace(
        "agreed to every recommendation",
        'agreed, as Smith & Jones\'s "review" <script>alert(1)</script> said, to every'
        " recommendation",
    )
    ingest_said("borsetshire-2020-three-statistics", said_councils["borsetshire"], text=text)
    [hit] = search("review recommendation")[0:1]
    assert "<script" not in hit.snippet_html
    assert "Smith &amp; Jones&#x27;s &quot;<mark>review</mark>&quot;" in hit.snippet_html
    assert 'Smith & Jones\'s "review"' in hit.snippet


def test_only_current_documents_are_searched(said_letters, said_councils):
    old = said_letters["felpersham-2020-three-statistics"]
    from tests.support.said import said_text

    newer = said_text("felpersham-2020-three-statistics").replace(
        "witness summons", "formal warning"
    )
    new = ingest_said("felpersham-2020-three-statistics", said_councils["felpersham"], text=newer)
    old.refresh_from_db()
    assert not old.is_current and new.is_current
    assert found('"witness summons"') == {"borsetshire-2024-per-100k"}
    assert found('"formal warning"') == {"felpersham-2020-three-statistics"}
    # A letter that stops being current by any route (here, a plain update) drops out.
    AnnualLetter.objects.filter(pk=new.pk).update(is_current=False)
    assert found('"formal warning"') == set()


def test_a_council_report_is_searched_and_opens_at_its_passage(
    client, cambridge, seed_report_from_text
):
    from reports.services import report_ingest
    from tests.support.paths import SEED_REPORT

    report = report_ingest(
        parsed=seed_report_from_text,
        data=SEED_REPORT.read_bytes(),
        filename="report.txt",
        council=cambridge,
        uploaded_by=None,
    ).document
    results = search("compliments", kind="council-report")
    assert results.count() == 1
    [hit] = results[0:1]
    assert hit.kind_label == "Council's complaints report"
    assert hit.url.startswith(f"/letters/reports/{report.pk}/text/?highlight=compliments#passage-")
    html = client.get(hit.url).content.decode()
    anchor = hit.url.rsplit("#", 1)[1]
    assert f'id="{anchor}"' in html and "<mark>" in html
    assert "Download the original file" in html


def test_the_search_page(client, said_letters):
    html = unescape(get(client, "q=%22witness+summons%22"))
    assert '<h1 class="govuk-heading-xl">Search the letters and reports</h1>' in html
    assert "2 results" in html
    titles = re.findall(
        r'<h3 class="govuk-heading-m[^"]*"><a class="govuk-link" href="([^"]+)">([^<]+)</a>', html
    )
    assert [title for _, title in titles] == [
        "Felpersham City Council, 2019-20 letter",
        "Borsetshire County Council, 2023-24 letter",
    ]
    assert all(re.search(r"#passage-\d+$", url) for url, _ in titles)
    assert (
        "Ombudsman letter · District Council · 2019-20 · under “Your authority's performance”"
        in html
    )
    assert (
        '<a class="govuk-link" href="http://testserver/search/?q=%22witness+summons%22" '
        'rel="bookmark">Link to these results</a>' in html
    )
    assert 'href="/search/?q=%22witness+summons%22&amp;format=json"' in get(
        client, "q=%22witness+summons%22"
    )
    # The form keeps what was asked.
    assert 'value="&quot;witness summons&quot;"' in get(client, "q=%22witness+summons%22")


def test_the_page_without_a_query_and_with_nothing_found(client, said_letters):
    html = unescape(get(client, ""))
    assert (
        "Search for words or a phrase" in html
        and "results"
        not in html.lower().split("search the letters and reports", 1)[1].split("<form", 1)[0]
    )
    assert "No results" in unescape(get(client, "q=zebra"))
    assert "Nothing to search for" in unescape(get(client, "q=the"))


def test_a_permalink_names_the_query_and_filters_in_order(client, said_letters):
    data = get_json(
        client,
        "kind=lgsco-letter&council=felpersham&year=2020&q=witness++summons&type=district&unknown=1",
    )
    assert data["permalink"] == (
        "http://testserver/search/?q=witness+summons&year=2020&type=district&council=felpersham"
        "&kind=lgsco-letter"
    )
    assert data["filters"] == {
        "year": 2020,
        "type": "district",
        "council": "felpersham",
        "kind": "lgsco-letter",
    }
    assert data["count"] == 1


def test_json_of_the_results(client, said_letters):
    data = get_json(client, "q=witness")
    assert data["query"] == "witness" and data["count"] == 2 and data["searchable"]
    assert (data["page"], data["pages"], data["per_page"]) == (1, 1, 20)
    assert data["previous"] is None and data["next"] is None
    first = data["results"][0]
    letter = said_letters["felpersham-2020-three-statistics"]
    assert first["title"] == "Felpersham City Council, 2019-20 letter"
    assert first["council"] == {
        "slug": "felpersham",
        "name": "Felpersham City Council",
        "authority_type": "district",
        "url": "http://testserver/councils/felpersham/",
    }
    assert (first["kind"], first["year"], first["period"]) == ("lgsco-letter", 2020, "2019-20")
    assert (
        first["url"]
        == f"http://testserver/letters/{letter.pk}/?highlight=witness#passage-{first['passage']}"
    )
    assert "<mark>witness</mark>" in first["snippet_html"] and "<mark>" not in first["snippet"]
    assert first["rank"] > data["results"][1]["rank"]


def test_pages_of_results(client, said_letters, said_councils):
    from tests.support.factories import make_council
    from tests.support.said import letter_for

    for n in range(23):
        council = make_council(
            official_name=f"Loxley Barrett District Council {n}", slug=f"loxley-{n}"
        )
        text = letter_for(
            "borsetshire-2024-per-100k",
            council_name=council.official_name,
            specific=[
                f"We found fault with how {council.official_name} handled a tree preservation"
                " order."
            ],
        )
        ingest_said("borsetshire-2024-per-100k", council, text=text, filename=f"loxley-{n}.txt")
    first = get_json(client, "q=tree+preservation")
    assert first["count"] == 23 and first["pages"] == 2 and len(first["results"]) == 20
    assert first["next"] == "http://testserver/search/?q=tree+preservation&page=2&format=json"
    second = get_json(client, "q=tree+preservation&page=2")
    assert len(second["results"]) == 3
    assert second["previous"] == "http://testserver/search/?q=tree+preservation&format=json"
    assert not {r["url"] for r in first["results"]} & {r["url"] for r in second["results"]}
    html = unescape(get(client, "q=tree+preservation"))
    assert "page 1 of 2" in html and 'href="/search/?q=tree+preservation&page=2" rel="next"' in html
    get(client, "q=tree+preservation&page=3", status=404)
    assert get_json(client, "q=tree+preservation&page=3", status=404) == {
        "errors": {"page": [{"message": "There are not that many pages of results."}]}
    }


@pytest.mark.parametrize(
    "query, message",
    [
        ("q=witness&year=1999", "No letter or report covers the year 1999."),
        ("q=witness&year=99999999999999999999999", "No letter or report covers the year"),
        ("q=witness&type=parish", "“parish” is not a type of council."),
        (
            "q=witness&council=%3Cscript%3E",
            "No council with letters or reports has the address “<script>”.",
        ),
        ("q=witness&kind=memo", "“memo” is not a kind of document."),
        ("q=witness&page=0", "The page number must be a whole number from 1."),
        ("q=witness&page=x", "The page number must be a whole number from 1."),
        ("q=" + "w" * 201, "Ensure this value has at most 200 characters"),
        ("q=wit%00ness", "Null characters are not allowed."),
    ],
)
def test_bad_values_are_refused_with_the_reason(client, said_letters, query, message):
    html = unescape(get(client, query, status=400))
    assert "There is a problem" in html and message in html
    assert "<script>" not in get(client, query, status=400).split("<main", 1)[1]
    data = get_json(client, query, status=400)
    assert message.split("“")[0][:20] in json.dumps(data["errors"], ensure_ascii=False)


def test_hostile_queries_never_fail(client, said_letters):
    for query in [
        '"',
        '""',
        "-",
        "or",
        "!",
        "&|!",
        "a:*",
        "(",
        "'",
        "\\",
        "“witness”",
        "-witness",
        "witness -",
        '"unclosed phrase',
    ]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query


def test_searching_uses_the_gin_index(said_letters):
    """On a table this small PostgreSQL prefers a scan; with scans off the plan must use
    the GIN index (the bench measures the speed over 4,000 letters)."""
    sql, params = search('"witness summons"').sql()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on search_document_vector" in plan


def test_the_selector_the_api_calls(said_letters, said_councils):
    """``search(query, *, year, authority_type, council, kind)``: a lazily paged result
    with count() and slices of hits, for any paginator."""
    from django.core.paginator import Paginator

    results = search("Ombudsman", year=2024)
    assert len(results) == results.count() == 2
    page = Paginator(results, 1).page(2)
    assert len(page.object_list) == 1 and page.paginator.num_pages == 2
    hit = results[0]
    json_hit = hit.as_json(absolute=lambda path: "https://example.org" + path)
    assert json_hit["url"].startswith("https://example.org/letters/")
    assert Document.objects.count() == 8

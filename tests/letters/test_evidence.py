"""Each figure's evidence (the letter's own words it was read from): stored with the letter
by every path that writes one, updated by a re-parse, shown to the officer who checks the
preview and on the letter's public page.

Most tests build the parsed letter by hand, with evidence filled in, and call the services
or pages with it. The few that upload a real letter through the form compare the page with
what the parser itself records."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.html import escape

from letters import services
from letters.figures import FIGURES, evidence_for, service_path
from letters.models import AnnualLetter
from letters.parsing import ParsedLetter, parse_letter
from tests.support.commands import run_import
from tests.support.evidence import EVIDENCE, MISSING, make_preview, parsed_letter, preview_url
from tests.support.factories import make_council, make_letter
from tests.support.http import upload
from tests.support.paths import SEED_LETTER_2018

pytestmark = pytest.mark.django_db

SEED_2018 = SEED_LETTER_2018


def stored(parsed: ParsedLetter, council) -> AnnualLetter:
    """A letter saved by the service every upload and import goes through."""
    result = services.letter_ingest(
        parsed=parsed, data=b"one", filename="l.txt", council=council, uploaded_by=None
    )
    return result.document


def figure(path: str):
    return next(f for f in FIGURES if f.path == path)


def cell(html: str, attribute: str, name: str) -> str:
    """The HTML of one table cell, found by its data- attribute."""
    start = html.index(f'{attribute}="{escape(name)}"')
    return html[start : html.index("</td>", start)]


def row(html: str, path: str) -> str:
    """The HTML of one figure's (or service's) row, found by its contract path: a table row,
    or a row of the preview's summary lists (its name, then the figure with its words)."""
    start = html.index(f'data-path="{escape(path)}"')
    ends = [html.find(end, start) for end in ("</tr>", "</dd>")]
    return html[start : min(end for end in ends if end != -1)]


def shown_under(html: str, text: str, path: str) -> bool:
    return f'data-evidence="{escape(path)}">From the letter: “{escape(text)}”' in html


# --- Figures name their evidence one way -----------------------------------------------


def test_every_figure_path_is_a_field_of_the_contract():
    contract = ParsedLetter().to_dict()
    paths = [f.path for f in FIGURES]
    assert len(set(paths)) == len(paths)
    for f in FIGURES:
        assert f.key in contract[f.section], f.path
    assert figure("complaints_upheld.percent").column == "upheld_percent"
    assert service_path("Adult Care Services") == "received_by_service.Adult Care Services"


def test_evidence_is_looked_up_by_path_and_blank_text_is_none():
    evidence = {"compliance.outcomes": "6 compliance outcomes", "decisions.upheld": "  "}
    assert figure("compliance.outcomes").evidence_in(evidence) == "6 compliance outcomes"
    assert figure("decisions.upheld").evidence_in(evidence) is None
    assert figure("decisions.total").evidence_in(evidence) is None
    assert evidence_for(None, "council") is None


# --- Stored by every path that writes a letter ------------------------------------------


def test_letter_fields_carry_the_evidence():
    assert services.letter_fields(parsed_letter())["evidence"] == EVIDENCE


def test_an_ingested_letter_keeps_its_evidence(cambridge):
    result = services.letter_ingest(
        parsed=parsed_letter(), data=b"one", filename="l.txt", council=cambridge, uploaded_by=None
    )
    assert AnnualLetter.objects.get(pk=result.document.pk).evidence == EVIDENCE


def test_a_bulk_import_batch_keeps_each_letters_evidence(cambridge):
    other = make_council(official_name="Borsetshire District Council", slug="borsetshire")
    items = [
        services.BatchItem(
            parsed=parsed_letter(), data=b"one", filename="a.txt", council=cambridge
        ),
        services.BatchItem(
            parsed=parsed_letter(evidence={"council": "Borsetshire District Council"}),
            data=b"two",
            filename="b.txt",
            council=other,
        ),
    ]
    results = services.letters_ingest_batch(items=items)
    stored = {
        r.document.council: AnnualLetter.objects.get(pk=r.document.pk).evidence for r in results
    }
    assert stored == {cambridge: EVIDENCE, other: {"council": "Borsetshire District Council"}}


def test_confirming_a_preview_stores_the_evidence_it_showed(officer_client, officer, cambridge):
    preview = make_preview(user=officer, council=cambridge, parsed=parsed_letter())
    response = officer_client.post(preview_url(preview), {"action": "confirm"})
    assert response.status_code == 302
    assert AnnualLetter.objects.get().evidence == EVIDENCE


# --- The preview: each figure with its words ---------------------------------------------


def test_the_preview_shows_each_figures_words_and_flags_a_figure_without(
    officer_client, officer, cambridge
):
    preview = make_preview(user=officer, council=cambridge, parsed=parsed_letter())
    response = officer_client.get(preview_url(preview))
    assert response.status_code == 200
    html = response.content.decode()

    assert 'data-figure="Upheld">79%</span>' in html  # the figure's element holds it alone
    upheld = row(html, "complaints_upheld.percent")
    assert shown_under(upheld, EVIDENCE["complaints_upheld.percent"], "complaints_upheld.percent")
    outcomes = row(html, "compliance.outcomes")
    assert shown_under(outcomes, EVIDENCE["compliance.outcomes"], "compliance.outcomes")
    # Read, but without its words: the officer is told.
    remedies = row(html, "satisfactory_remedy.remedies")
    assert MISSING in remedies and "From the letter" not in remedies
    # Not stated in the letter: named once, folded away, with nothing missing.
    assert 'data-path="decisions.total"' not in html
    folded = html[html.index('id="not-stated"') : html.index("</details>")]
    assert 'data-not-stated="decisions.total">Total decisions</li>' in folded
    assert html.count(MISSING) == 1
    # The service rows, and the council, year and date, with theirs.
    housing = row(html, "received_by_service.Housing")
    assert shown_under(housing, "Housing 12", "received_by_service.Housing")
    for path in ("council", "period_start", "period_end", "letter_date"):
        assert shown_under(html, EVIDENCE[path], path), path


def test_a_preview_without_any_evidence_flags_every_figure_read(officer_client, officer, cambridge):
    preview = make_preview(user=officer, council=cambridge, parsed=parsed_letter(evidence={}))
    html = officer_client.get(preview_url(preview)).content.decode()
    read = [f for f in FIGURES if f.from_parsed(preview.parsed) is not None]
    assert html.count(MISSING) == len(read) + 2  # and the two service rows
    assert "From the letter" not in html


def test_a_preview_made_before_evidence_existed_still_opens(officer_client, officer, cambridge):
    preview = make_preview(user=officer, council=cambridge, parsed=parsed_letter())
    del preview.parsed["evidence"]
    preview.save(update_fields=["parsed"])
    response = officer_client.get(preview_url(preview))
    assert response.status_code == 200
    assert MISSING in response.content.decode()


def test_evidence_is_escaped(officer_client, officer, cambridge):
    words = {"complaints_upheld.percent": "<script>alert(1)</script> 79% upheld"}
    preview = make_preview(user=officer, council=cambridge, parsed=parsed_letter(evidence=words))
    html = officer_client.get(preview_url(preview)).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 79% upheld" in html


# --- Re-parse -----------------------------------------------------------------------------


def test_a_reparse_updates_the_evidence_as_one_change(cambridge):
    letter = stored(parsed_letter(evidence={}), cambridge)

    changes, conflicts = services.letter_reparse(
        letter=letter, parsed=parsed_letter(), dry_run=True
    )
    assert [c.column for c in changes] == [services.EVIDENCE] and conflicts == []
    assert AnnualLetter.objects.get().evidence == {}  # a dry run saves nothing

    changes, _ = services.letter_reparse(letter=letter, parsed=parsed_letter())
    assert [(c.column, c.old, c.new) for c in changes] == [(services.EVIDENCE, {}, EVIDENCE)]
    assert AnnualLetter.objects.get().evidence == EVIDENCE
    assert services.letter_reparse(letter=letter, parsed=parsed_letter()) == ([], [])


def test_a_reparse_updates_figures_and_evidence_together(cambridge):
    letter = stored(parsed_letter(evidence={}), cambridge)
    words = {**EVIDENCE, "complaints_upheld.upheld": "12 upheld decisions"}
    changes, _ = services.letter_reparse(
        letter=letter, parsed=parsed_letter(evidence=words, upheld=12)
    )
    assert [c.column for c in changes] == ["upheld_count", services.EVIDENCE]
    letter.refresh_from_db()
    assert (letter.upheld_count, letter.evidence["complaints_upheld.upheld"]) == (
        12,
        "12 upheld decisions",
    )


def test_a_reparse_keeps_a_correction_but_takes_the_letters_words(cambridge):
    from letters.corrections import letter_correct

    letter = stored(parsed_letter(evidence={}), cambridge)
    letter.upheld_count = 10
    letter_correct(letter=letter, reason="The letter's table says 10.")
    changes, conflicts = services.letter_reparse(letter=letter, parsed=parsed_letter())
    assert [c.column for c in conflicts] == ["upheld_count"]
    assert [c.column for c in changes] == [services.EVIDENCE]
    letter.refresh_from_db()
    assert (letter.upheld_count, letter.evidence) == (10, EVIDENCE)


def test_reparse_letters_reports_new_evidence_in_one_line_and_saves_it(cambridge, tmp_path):
    """Whatever the parser records for the seed letter (nothing, until it does), a letter
    stored with other evidence is brought up to date, in one line of the report."""

    (tmp_path / "letter.txt").write_bytes(SEED_2018.read_bytes())
    assert run_import(str(tmp_path))[0] == 0
    expected = parse_letter(SEED_2018.read_bytes(), "letter.txt").evidence
    assert AnnualLetter.objects.get().evidence == expected  # as imported
    AnnualLetter.objects.update(evidence={"decisions.upheld": "words an older parser kept"})

    out = StringIO()
    call_command("reparse_letters", "--dry-run", stdout=out)
    assert out.getvalue().count("evidence") == 1
    assert "evidence updated" in out.getvalue() and "1 letters changed" in out.getvalue()
    assert AnnualLetter.objects.get().evidence == {"decisions.upheld": "words an older parser kept"}

    out = StringIO()
    call_command("reparse_letters", stdout=out)
    assert "evidence updated" in out.getvalue()
    assert "words an older parser kept" not in out.getvalue()
    assert AnnualLetter.objects.get().evidence == expected


# --- The letter's public page ---------------------------------------------------------------


def test_the_letter_page_shows_each_figures_words(client, cambridge):
    letter = stored(parsed_letter(), cambridge)
    html = client.get(letter.get_absolute_url()).content.decode()  # public: not signed in
    assert 'data-figure="Upheld">79%</td>' in html
    upheld = row(html, "complaints_upheld.percent")
    assert shown_under(upheld, EVIDENCE["complaints_upheld.percent"], "complaints_upheld.percent")
    adult_care = "received_by_service.Adult Care Services"
    assert shown_under(row(html, adult_care), "Adult Care Services 3", adult_care)
    assert shown_under(html, EVIDENCE["period_end"], "period_end")
    assert MISSING in row(html, "satisfactory_remedy.remedies")
    assert html.count(MISSING) == 1
    assert 'id="no-evidence"' not in html


def test_a_letter_read_before_evidence_says_so_once(client, cambridge):
    letter = make_letter(cambridge)  # evidence: {}
    html = client.get(letter.get_absolute_url()).content.decode()
    assert 'id="no-evidence"' in html
    assert MISSING not in html and "From the letter" not in html


def test_a_corrected_figure_keeps_the_letters_words_beside_its_note(client, cambridge):
    from letters.corrections import letter_correct

    letter = stored(parsed_letter(), cambridge)
    letter.upheld_count = 10
    letter_correct(letter=letter, reason="The letter's table says 10.")
    upheld = row(client.get(letter.get_absolute_url()).content.decode(), "complaints_upheld.upheld")
    assert 'data-figure="Upheld decisions">10<' in upheld
    assert shown_under(upheld, "11 upheld decisions", "complaints_upheld.upheld")
    assert "was 11" in upheld


# --- Through the real form, with the parser's own evidence -----------------------------------


def test_an_upload_through_the_form_shows_the_parsers_words_and_confirm_keeps_them(
    officer_client, cambridge
):
    data = SEED_2018.read_bytes()
    expected = parse_letter(data, "letter.txt")
    assert expected.evidence, "the parser recorded no evidence"
    response = upload(officer_client, "Cambridge 2018.txt", data)  # and read by the queue
    assert response.status_code == 302
    html = officer_client.get(response["Location"]).content.decode()

    contract = expected.to_dict()
    shown = 0
    for f in FIGURES:
        if f.from_parsed(contract) is None:
            continue
        words = f.evidence_in(expected.evidence)
        here = row(html, f.path)
        if words:
            assert shown_under(here, words, f.path), f.path
            shown += 1
        else:
            assert MISSING in here, f.path
    assert shown, "no figure showed its words"
    for service in expected.received_by_service:
        words = evidence_for(expected.evidence, service_path(service))
        if words:
            assert shown_under(row(html, service_path(service)), words, service_path(service))

    officer_client.post(response["Location"], {"action": "confirm"})
    letter = AnnualLetter.objects.get()
    assert letter.evidence == expected.evidence
    page = officer_client.get(letter.get_absolute_url()).content.decode()
    first = next(f for f in FIGURES if f.evidence_in(expected.evidence))
    assert shown_under(page, first.evidence_in(expected.evidence), first.path)

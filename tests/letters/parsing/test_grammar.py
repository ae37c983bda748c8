"""Small wording variants and the pieces of the grammar (fictional councils)."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from letters.parsing import parse_letter
from letters.parsing.grammar.dates import parse_date
from letters.parsing.particulars import council_named
from letters.parsing.text import flatten, normalise, to_number
from tests.support.paths import REAL, REGISTER_CSV, require_shared

HEADER = """18 July 2022

By email

Ms Ruth Archer
Chief Executive
{council}

Dear Ms Archer

Annual Review letter 2022

I write to you with our annual summary of statistics from the Local Government and Social
Care Ombudsman for the year ending 31 March 2022.

Yours sincerely,

Michael King
Local Government and Social Care Ombudsman

"""

STATS = """Complaints upheld
50% of complaints we investigated were upheld.
This compares to an average of 60% in similar authorities.
4 upheld decisions
Statistics are based on a total of 8 detailed investigations for the period between 1 April
2021 to 31 March 2022
"""


def parse(body: str, council: str = "Borsetshire District Council"):
    return parse_letter((HEADER.format(council=council) + body).encode(), "letter.txt")


# ----------------------------------------------------------------------------- text


def test_normalise_removes_extraction_noise():
    raw = (
        "\u2022 **85%** of\u00a0complaints \u2013 see [our website](#) and <https://lgo.org.uk>\n"
        "\u201cquoted\u201d it\u2019s investi-\ngated\r\nnext\u200b line"
    )
    text = normalise(raw)
    assert text == (
        "85% of complaints - see our website and https://lgo.org.uk\n"
        '"quoted" it\'s investigated\nnext line'
    )


def test_flatten_joins_wrapped_lines():
    assert (
        flatten("In 100%\nof cases \t we were\n\nsatisfied") == "In 100% of cases we were satisfied"
    )


@pytest.mark.parametrize(
    ("token", "value"),
    [("70", 70), ("4.5", 4.5), ("1,234", 1234), ("3.0", 3), ("three", 3), ("n/a", None)],
)
def test_numbers_as_printed(token, value):
    result = to_number(token)
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize(
    ("token", "day"),
    [
        ("18 July 2018", date(2018, 7, 18)),
        ("18th July 2018", date(2018, 7, 18)),
        ("1 Sept 2020", date(2020, 9, 1)),
        ("July 18, 2018", date(2018, 7, 18)),
        ("2018-07-18", date(2018, 7, 18)),
        ("31/03/2018", date(2018, 3, 31)),
        ("31.03.2018", date(2018, 3, 31)),
        ("31/02/2018", None),
    ],
)
def test_dates_british_and_iso(token, day):
    assert parse_date(token) == day


# ----------------------------------------------------------------------------- periods and dates


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("for the year ended 31 March 2018.", "2017-04-01", "2018-03-31"),
        ("for the year ending 31 March 2020.", "2019-04-01", "2020-03-31"),
        ("For the Period Ending: 31/03/2018", "2017-04-01", "2018-03-31"),
        ("for the year ending 2024-03-31.", "2023-04-01", "2024-03-31"),
        ("for the period between 1 April 2023 to 31 March 2024", "2023-04-01", "2024-03-31"),
        ("Between 1 April 2024 and 31 March 2025, we dealt with", "2024-04-01", "2025-03-31"),
    ],
)
def test_period_wordings(sentence, start, end):
    text = f"Borsetshire District Council\n\n{sentence}\n\n{STATS.split('Statistics')[0]}"
    result = parse_letter(text.encode(), "page.txt").to_dict()
    assert (result["period_start"], result["period_end"]) == (start, end)
    assert result["letter_date"] is None  # no letter: a statistics page


def test_period_disagreement_is_a_warning():
    body = STATS.replace("1 April\n2021 to 31 March 2022", "1 April\n2020 to 31 March 2021")
    assert body != STATS
    letter = parse(body)
    assert letter.period_end == date(2022, 3, 31)
    assert any("period" in w for w in letter.warnings)


def test_iso_letter_date():
    text = HEADER.format(council="Borsetshire District Council").replace(
        "18 July 2022", "2022-07-18"
    )
    assert parse_letter((text + STATS).encode(), "l.txt").letter_date == date(2022, 7, 18)


# ----------------------------------------------------------------------------- council names


@pytest.mark.parametrize(
    "name",
    [
        "London Borough of Croydon",
        "Royal Borough of Kensington and Chelsea",
        "City of London Corporation",
        "Council of the Isles of Scilly",
        "Borough Council of King's Lynn and West Norfolk",
        "Bournemouth, Christchurch and Poole Council",
        "Stoke-on-Trent City Council",
        "Newcastle-under-Lyme Borough Council",
        "Kingston upon Hull City Council",
        "City of Bradford Metropolitan District Council",
        "Borsetshire County Council",
    ],
)
def test_council_name_forms_in_address_block(name):
    assert parse(STATS, council=name).council == name


@pytest.mark.parametrize(
    "line",
    [
        "Jennifer Aldridge Chief Executive {name}",
        "Mr Brian Aldridge, Managing Director, {name}",
        "Chief Executive & Town Clerk\n{name}",
        "Interim Head of Paid Service\n{name}\nCouncil Offices\nBorchester",
    ],
)
def test_council_name_after_titles(line):
    name = "Borsetshire District Council"
    letter = parse(STATS, council=line.format(name=name))
    assert letter.council == name


def _english_councils():
    path = require_shared(REGISTER_CSV)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        " ".join(r["official-name"].split())
        for r in rows
        if r["nation"] == "England"
        and "Combined" not in r["official-name"]
        and r["official-name"] not in ("Greater London Authority", "Liverpool City Region")
    ]


def test_every_english_council_name_in_the_register_is_read():
    names = _english_councils()
    assert len(names) > 300, len(names)  # England's councils, not an empty read
    misses = []
    for name in names:
        text = f"1 May 2020\n\nJane Smith\nChief Executive\n{name}\n\nDear Ms Smith\n"
        named = council_named(normalise(text), flatten(text), _salutation(text))
        found = named[0] if named else None
        if found != name:
            misses.append((name, found))
    assert misses == []


def _salutation(text):
    from letters.parsing.grammar.names import SALUTATION

    return SALUTATION.search(text)


def test_council_from_adjusted_for_population_when_no_address():
    body = STATS + "Adjusted for Borsetshire County Council's population, this is 2.1 upheld "
    body += "decisions per 100,000 residents."
    text = "Some statistics\n\n" + body
    assert parse_letter(text.encode(), "x.txt").council == "Borsetshire County Council"


# ----------------------------------------------------------------------------- statistics


def test_statistics_wording_variants():
    body = """Complaints upheld
We upheld 75 per cent of complaints we investigated.
This compares with an average of 63 % in similar councils.
Statistics are based on a total of 4 investigations for the period between 1 April 2021 to
31 March 2022
Compliance with Ombudsman recommendations
In 100% of cases, we were satisfied the council had successfully implemented our
recommendations.
Satisfactory remedy provided by the authority
In 33% of upheld cases, we found the council had provided a satisfactory remedy before the
complaint reached the Ombudsman.
one satisfactory remedy decision
Statistics are based on a total of three upheld decisions
"""
    result = parse(body).to_dict()
    assert result["complaints_upheld"]["percent"] == 75
    assert result["complaints_upheld"]["average_percent"] == 63
    assert result["complaints_upheld"]["investigations"] == 4
    assert result["compliance"]["percent"] == 100
    assert result["satisfactory_remedy"] == {
        "percent": 33,
        "average_percent": None,
        "remedies": 1,
        "basis": 3,
    }


def test_per_100k_wordings():
    body = STATS + (
        "This is 0.4 upheld decisions per 100,000 residents.\n"
        "The average for authorities of this type is 1 upheld decision per 100,000 residents.\n"
    )
    cu = parse(body).complaints_upheld
    assert (cu.per_100k, cu.average_per_100k) == (0.4, 1)
    assert isinstance(cu.average_per_100k, int)


def test_per_100k_average_na():
    body = STATS + "This is 2 upheld decisions per 100,000 residents. The average for "
    body += "authorities of this type is n/a upheld decisions per 100,000 residents."
    cu = parse(body).complaints_upheld
    assert (cu.per_100k, cu.average_per_100k) == (2, None)


def test_no_investigations_variant():
    body = """Complaints upheld
The Ombudsman carried out no detailed investigations during this period
Compliance with Ombudsman recommendations
In 100% of cases we were satisfied the authority had successfully implemented our
recommendations.
This compares to an average of 99% in similar authorities.
Statistics are based on a total of 2 compliance outcomes
Satisfactory remedies provided by the authority
The Ombudsman did not uphold any detailed investigations during this period
"""
    result = parse(body).to_dict()
    assert result["complaints_upheld"] == {
        "percent": None,
        "average_percent": None,
        "upheld": 0,
        "investigations": 0,
        "per_100k": None,
        "average_per_100k": None,
    }
    assert result["compliance"] == {"percent": 100, "average_percent": 99, "outcomes": 2}
    assert result["satisfactory_remedy"]["remedies"] == 0
    assert result["satisfactory_remedy"]["basis"] == 0


def test_overview_variants():
    body = (
        "Complaint overview\nBetween 1 April 2024 to 31 March 2025, we dealt with 1,204 "
        "complaints. Of these, 400 were not for us or not ready for us to investigate. We "
        "assessed and closed 504 complaints. We investigated 300 complaints.\n"
        "We investigated 300 complaints and upheld 240.\n"
    )
    result = parse(body).to_dict()
    assert result["overview"] == {
        "dealt_with": 1204,
        "not_for_us": 400,
        "assessed_and_closed": 504,
        "investigated": 300,
    }
    assert result["complaints_upheld"]["upheld"] == 240
    assert result["complaints_upheld"]["investigations"] == 300


def test_impossible_percentage_is_dropped_with_a_warning():
    letter = parse(STATS.replace("50%", "150%"))
    assert letter.complaints_upheld.percent is None
    assert any("impossible" in w for w in letter.warnings)


def test_table_header_in_another_order_with_missing_columns():
    body = """Local Authority Report: Borsetshire District Council
For the Period Ending: 31/03/2014

Decisions made
Upheld	Not Upheld	Closed After Initial Enquiries	Referred back for Local Resolution	Total
4	6	3	7	20
"""
    result = parse_letter(body.encode(), "t.txt").to_dict()
    assert result["decisions"] == {
        "incomplete_or_invalid": None,
        "advice_given": None,
        "referred_back": 7,
        "closed_after_initial_enquiries": 3,
        "not_upheld": 6,
        "upheld": 4,
        "uphold_rate": None,
        "total": 20,
    }
    assert result["complaints_upheld"]["investigations"] == 10
    assert result["warnings"] == []


def test_big_numbers_extracted_after_their_labels():
    body = """Complaints upheld
50% of complaints we investigated were upheld.
upheld decisions 4 Statistics are based on a total of 8 detailed investigations
Satisfactory remedy provided by the organisation
In 25% of upheld cases we found the organisation had provided a satisfactory remedy before the
complaint reached the Ombudsman.
satisfactory remedy decisions 1 Statistics are based on a total of 4 upheld decisions
"""
    letter = parse(body)
    assert letter.complaints_upheld.upheld == 4
    assert letter.satisfactory_remedy.remedies == 1
    assert letter.warnings == []


def test_web_page_heading_with_site_name():
    text = "Borsetshire District Council | Local Government and Social Care Ombudsman\n\n" + STATS
    result = parse_letter(text.encode(), "page.txt").to_dict()
    assert result["council"] == "Borsetshire District Council"
    assert result["letter_date"] is None


def test_overview_investigations_fill_the_upheld_base():
    body = (
        "Complaint overview\nBetween 1 April 2024 to 31 March 2025, we dealt with 12 complaints."
        " Of these, 7 were not for us or not ready for us to investigate. We assessed and closed"
        " 5 complaints. We investigated 0 complaints.\nComplaints upheld\n"
        "We did not investigate any complaints during this period.\n"
    )
    result = parse(body).to_dict()
    assert result["overview"]["investigated"] == 0
    assert result["complaints_upheld"]["investigations"] == 0
    assert result["complaints_upheld"]["upheld"] == 0
    assert result["complaints_upheld"]["percent"] is None


def test_pdfium_line_end_hyphen_joins_the_word():
    assert normalise("investi\x02\ngated  \nand\x02 more") == "investigated\nand more"


def _corpus_texts():
    from tests.support.paths import LETTER_FIXTURES as FIXTURES
    from tests.support.paths import SEEDS

    paths = [*FIXTURES.glob("*.txt"), *SEEDS.glob("lgsco-*.txt"), *REAL.rglob("*.txt")]
    return [flatten(normalise(p.read_text(encoding="utf-8"))) for p in sorted(paths)]


def test_anchored_patterns_find_what_the_whole_pattern_finds():
    """Searching only around the anchor words is a shortcut, never a different answer."""
    import importlib
    import pkgutil

    from letters.parsing import grammar
    from letters.parsing.grammar import key_statistics
    from letters.parsing.grammar.anchored import Anchored

    modules = [
        importlib.import_module(f"{grammar.__name__}.{found.name}")
        for found in pkgutil.iter_modules(grammar.__path__)
    ]
    anchored = {
        f"{module.__name__}.{name}": value
        for module in modules
        for name in dir(module)
        for value in (getattr(module, name),)
        if isinstance(value, Anchored)
    }
    anchored |= {
        f"{name}[{i}]": p
        for name in ("UPHELD_PCT", "COMPLIANCE_PCT", "REMEDY_PCT")
        for i, p in enumerate(getattr(key_statistics, name))
    }
    texts = _corpus_texts()
    assert len(texts) > 10 and len(anchored) > 15
    for name, pattern in anchored.items():
        for text in texts:
            fast = [m.span() for m in pattern.finditer(text)]
            whole = [m.span() for m in pattern.pattern.finditer(text)]
            assert fast == whole, name

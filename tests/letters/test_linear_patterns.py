"""The readers' patterns rewritten to run in linear time find what the patterns they replace
found: each rewrite against the old pattern (kept here, verbatim, as the reference) on every
fixture, seed and real text and on generated texts built from the words the pattern reads.
How long they take is measured by bench/normalise.py, not here."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from letters.parsing import text as text_module
from letters.parsing.grammar import names
from letters.parsing.text import clean_cell, normalise
from reports.parsing import prose, reader
from tests.support.parsing import FIXTURES, SEEDS
from tests.support.paths import REAL

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- The patterns as they were --------------------------------------------------------

OLD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
OLD_ANGLE_URL = re.compile(r"<((?:https?://|www\.)[^>\s]*)>")
OLD_CELL_HYPHEN_WRAP = re.compile(r"([a-z])-\s*\n\s*([a-z])")
OLD_SALUTATION = re.compile(r"^\s*Dear\b[ \t]*(?P<name>[^\n,:]*)", re.M)
OLD_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]", re.I)
NUMBER, COUNT, YEAR = reader.NUMBER, reader.COUNT, reader.YEAR
OLD_BRIEF_SERVICE = re.compile(
    r"(?<![\w])((?:[A-Z][A-Za-z-]+|&)(?: (?:[A-Z][A-Za-z-]+|&))*) received "
    rf"({COUNT}) stage (?:one|1) complaints?(?:,? and ({COUNT}) stage (?:two|2) complaints?)?,? "
    r"([^.]*?)resolved within target"
)
OLD_SUMMARY = [
    rf"In ({YEAR}),? the total number of complaints [^.]*?(?:\bby ({COUNT})\b[^.]*?)?"
    rf"\bfrom ({NUMBER}) to ({NUMBER})",
    rf"({COUNT}) complaints were escalated to stage (?:two|2),? and a further ({COUNT}) "
    r"(?:were )?escalated to the Independent Complaints? Investigator",
    rf"({NUMBER})% were (?:resolved|responded to|answered) within the target time"
    rf"(?:[^.]*\.[^.]*?\bwhere ({NUMBER})% were [^.]*?in ({YEAR}),? "
    rf"and ({NUMBER})% in ({YEAR}))?",
    rf"({COUNT}) new complaints were submitted to the (?:ICI|Independent Complaints? "
    rf"Investigator) in ({YEAR})",
    rf"({COUNT}) complaints were made to the Local Government (?:and Social Care )?"
    rf"Ombudsman\.? Of these,? ({COUNT}) were investigated and,? of those,? ({COUNT}) "
    r"were upheld",
    rf"({NUMBER}) \(({NUMBER})%\) of all complaints received by the Council were for "
    rf"([^.]+?)\. "
    rf"This represented an? (?:decrease|increase|reduction|rise) of ({NUMBER}) from the "
    rf"({NUMBER}) complaints(?: \(({NUMBER})% of the total\))? received in ({YEAR})",
]
_CAP = r"[A-Z][A-Za-z'.&]*(?:-[A-Za-z][A-Za-z']*)*"
_CONN = r"(?:of|and|upon|on|under|the|in|le|by|with|&)"
_WORDS = rf"{_CAP}(?:(?:[ \t]+|,[ \t]+)(?:{_CAP}|{_CONN}))*?"
_NAMED = rf"{_CAP}(?:[ \t]+(?:{_CAP}|{_CONN}))*"
OLD_COUNCIL_NAME = re.compile(
    rf"(?:(?:The[ \t]+)?(?:London|Royal)[ \t]+Borough[ \t]+of[ \t]+{_NAMED}"
    rf"|City[ \t]+of[ \t]+London[ \t]+Corporation"
    rf"|(?:The[ \t]+)?Council[ \t]+of[ \t]+the[ \t]+Isles[ \t]+of[ \t]+Scilly"
    rf"|Borough[ \t]+Council[ \t]+of[ \t]+{_NAMED}"
    rf"|{_WORDS}[ \t]+(?:Council|Corporation)"
    rf"|(?:Greater[ \t]+London|{_WORDS}[ \t]+Combined(?:[ \t]+County)?)[ \t]+Authority"
    rf"|City[ \t]+of[ \t]+Westminster|Borough[ \t]+of[ \t]+{_NAMED})\b"
)


def corpus() -> list[str]:
    paths = [*SEEDS.glob("*.txt"), *FIXTURES.rglob("*.txt"), *REAL.glob("texts/*.txt")]
    return [p.read_text(encoding="utf-8") for p in sorted(paths)]


def old_normalise(text: str, monkeypatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(text_module, "strip_links", lambda t: OLD_LINK.sub(r"\1", t))
        patch.setattr(text_module, "strip_angle_urls", lambda t: OLD_ANGLE_URL.sub(r"\1", t))
        return normalise(text)


def spans(matches) -> list[tuple]:
    return [(m.span(), m.groups()) for m in matches]


def words(vocabulary: list[str], separators: list[str], max_size: int = 40):
    """Texts made of the given words joined by the given separators."""
    pairs = st.tuples(st.sampled_from(separators), st.sampled_from(vocabulary))
    return st.lists(pairs, max_size=max_size).map(lambda ps: "".join(s + w for s, w in ps))


# --- The normaliser ------------------------------------------------------------------


def test_the_normaliser_gives_what_it_gave_on_every_fixture_seed_and_real_text(monkeypatch):
    texts = corpus()
    assert len(texts) > 20
    for text in texts:
        assert normalise(text) == old_normalise(text, monkeypatch)


MARKUP = words(
    [
        "[", "]", "(", ")", "](", "[a]", "(b)", "[a](b)", "[a", "](b)", "a", "www.", "http://",
        "https://x", "<", ">", "<www.a>", "x",
    ],
    ["", "", " ", "\n", "\t"],
)  # fmt: skip


@SETTINGS
@given(MARKUP)
def test_links_and_angle_urls_as_the_old_patterns_read_them(text):
    assert text_module.strip_links(text) == OLD_LINK.sub(r"\1", text)
    assert text_module.strip_angle_urls(text) == OLD_ANGLE_URL.sub(r"\1", text)


@SETTINGS
@given(words(["a", "b", "-", "A", "1"], ["", "", " ", "\n", "\t", " \n ", "\u2028"]))
def test_cells_join_hyphenated_words_as_before(text):
    assert clean_cell(text) == " ".join(OLD_CELL_HYPHEN_WRAP.sub(r"\1\2", normalise(text)).split())


# --- Names --------------------------------------------------------------------------


def _salutation(pattern, text):
    m = pattern.search(text)
    if m is None:
        return None
    head = [line.strip() for line in text[: m.start()].split("\n") if line.strip()]
    return m["name"], head


@SETTINGS
@given(
    words(["Dear", "Dear Sir", "Deary", "x", "Mr Smith", ",", ":"], ["", " ", "\n", "\t", "\n\n"])
)
def test_the_salutation_and_the_address_block_above_it_as_before(text):
    assert _salutation(names.SALUTATION, text) == _salutation(OLD_SALUTATION, text)


def test_the_salutation_on_every_fixture_seed_and_real_text():
    for text in corpus():
        text = normalise(text)
        assert _salutation(names.SALUTATION, text) == _salutation(OLD_SALUTATION, text)


COUNCIL_WORDS = words(
    [
        "A", "Ab", "Borsetshire", "Ab-Cd", "Ab-cd", "Ab-Cd.e", "Cd.e", "A.", "Mc", "McDonald",
        "O'Neil", "Ab&", "&", "-", ".", ",", "x", "1", "The", "London", "Royal", "Borough",
        "of", "the", "and", "upon", "City", "Council", "Councils", "Corporation", "Combined",
        "County", "Authority", "Greater", "Westminster", "Isles", "Scilly",
        "Greater London Authority", "London Borough of", "The Royal Borough of",
        "City of Westminster", "Council of the Isles of Scilly", "Borough Council of",
        "City of London Corporation", "Borough of", "Combined County Authority",
        "Combined Authority", "Borsetshire County Council",
    ],
    ["", " ", " ", " ", "\t", ", ", ",", "\n", "-"],
    max_size=30,
)  # fmt: skip


@SETTINGS
@given(COUNCIL_WORDS)
def test_council_names_found_as_the_old_pattern_found_them(text):
    new, old = names.COUNCIL_NAME.search(text), OLD_COUNCIL_NAME.search(text)
    assert (new and (new.span(), new[0])) == (old and (old.span(), old[0]))
    assert bool(names.COUNCIL_NAME.fullmatch(text)) == bool(OLD_COUNCIL_NAME.fullmatch(text))


@SETTINGS
@given(COUNCIL_WORDS, st.integers(0, 40), st.integers(0, 40))
def test_council_names_between_positions_as_the_old_pattern_found_them(text, pos, length):
    new = names.COUNCIL_NAME.search(text, pos, pos + length)
    old = OLD_COUNCIL_NAME.search(text, pos, pos + length)
    assert (new and (new.span(), new[0])) == (old and (old.span(), old[0]))


@pytest.mark.parametrize("pos", [0, 1, 5])
def test_council_names_from_a_position_and_on_every_line_of_the_corpus(pos):
    for text in corpus():
        for line in normalise(text).split("\n"):
            new, old = names.COUNCIL_NAME.search(line, pos), OLD_COUNCIL_NAME.search(line, pos)
            assert (new and (new.span(), new[0])) == (old and (old.span(), old[0]))


# --- Councils' reports --------------------------------------------------------------

REPORT_WORDS = [
    "In", "2019-20", "2019/20,", "the", "total", "number", "of", "complaints", "by", "from",
    "to", "1", "12", "1,234", "12,345,678", "1234", "no", "none", "two", ".", ",", "Of",
    "those", "were", "resolved", "at", "first", "stage", "This", "compares", "with", "%",
    "12%", "where", "within", "target", "time", "escalated", "a", "further", "Independent",
    "Complaints", "Investigator", "new", "submitted", "ICI", "made", "Local", "Government",
    "Ombudsman.", "these,", "investigated", "and,", "upheld", "(35%)", "all", "received",
    "Council", "for", "Waste", "Services.", "represented", "decrease", "(45%", "total)",
    "Property", "Services", "&", "Arts", "stage", "one", "complaints,", "both", "resolved",
    "within", "target", "Aa-Bb", "[bookmark:", "x]", "]",
]  # fmt: skip
TEMPLATES = [
    "In 2019-20, the total number of complaints fell by {} from {} to {}.",
    "In 2019/20 the total number of complaints rose by no means from {} to {} by {}.",
    "Of those {} complaints, {}% were resolved at the first stage. This compares "
    "with {}% in 2018-19, and {}% in 2017-18.",
    "{} complaints were escalated to stage two, and a further {} escalated to the "
    "Independent Complaints Investigator.",
    "{}% were responded to within the target time. That is better than 2018-19 where "
    "{}% were answered in 2018-19, and {}% in 2017-18.",
    "{} new complaints were submitted to the ICI in 2019-20.",
    "{} complaints were made to the Local Government Ombudsman. Of these, {} were "
    "investigated and, of those, {} were upheld",
    "{} ({}%) of all complaints received by the Council were for Waste Services. "
    "This represented a decrease of {} from the {} complaints ({}% of the total) "
    "received in 2018-19",
    "Property Services received {} stage one complaints which were both resolved "
    "within target. Arts & Culture received {} stage one complaint, and {} stage two "
    "complaint, resolved within target.",
]
FIGURES = st.sampled_from(
    ["1", "12", "398", "1234", "1,234", "12,345,678", "1234,567", "1,2345", "no", "two", "x"]
)
# The sentences the reader reads, with figures of every form.
SENTENCES = st.builds(
    lambda template, figures: template.format(*figures),
    st.sampled_from(TEMPLATES),
    st.lists(FIGURES, min_size=5, max_size=5),
)
# Sentences the reader reads, among words they are made of.
SUMMARY_TEXTS = st.lists(
    st.tuples(
        st.sampled_from([" ", " ", "", ","]),
        st.one_of(SENTENCES, words(REPORT_WORDS, [" ", " ", "", ","], max_size=12)),
    ),
    max_size=6,
).map(lambda parts: "".join(s + chunk for s, chunk in parts))
# Where a pattern that begins with a figure reads differently (reader.NUMBER_FIRST): in a
# figure run on from the end of the match before it, a year ("in 2019-202 new complaints").
KNOWN_DIFFERENCES = re.compile(rf"{YEAR}\d")


NEW_SUMMARY = [
    prose.TOTAL_CHANGED,
    prose.ESCALATED,
    prose.IN_TARGET,
    prose.SUBMITTED_TO_ICI,
    prose.MADE_TO_OMBUDSMAN,
    prose.SERVICE_SHARE,
]


@SETTINGS
@given(SUMMARY_TEXTS)
def test_the_reports_sentences_read_as_the_old_patterns_read_them(text):
    assume(not KNOWN_DIFFERENCES.search(text))
    for new, old in zip(NEW_SUMMARY, OLD_SUMMARY, strict=True):
        old = re.compile(old, re.I)
        assert spans(new.finditer(text)) == spans(old.finditer(text)), new.pattern
        assert spans(filter(None, [new.search(text)])) == spans(filter(None, [old.search(text)]))


@SETTINGS
@given(SUMMARY_TEXTS)
def test_services_summed_up_in_a_sentence_as_the_old_pattern_read_them(text):
    new = [m.groups()[:4] for m in prose.BRIEF_SERVICE.finditer(text) if m["target"]]
    assert new == [m.groups() for m in OLD_BRIEF_SERVICE.finditer(text)]


@SETTINGS
@given(words(["[bookmark:", "[bookmark:x]", "]", "[", "x", "bookmark"], ["", " ", "\n"]))
def test_bookmarks_removed_as_before(text):
    assert reader.strip_bookmarks(text) == OLD_BOOKMARK.sub("", text)


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.from_regex(r"\A[0-9]{1,5}(?:,[0-9]{1,5}){0,3}\Z"),
            st.sampled_from([" ", "x", "-", ",", " complaints", "%", "none"]),
        ),
        max_size=12,
    ).map("".join)
)
def test_a_figure_a_pattern_begins_with_is_read_as_before(text):
    for after in (" complaints", "%"):
        new = re.compile(rf"({reader.NUMBER_FIRST}){after}")
        old = re.compile(rf"({NUMBER}){after}")
        assert spans(new.finditer(text)) == spans(old.finditer(text))
        new = re.compile(rf"({reader.COUNT_FIRST}){after}", re.I)
        assert spans(new.finditer(text)) == spans(
            re.compile(rf"({COUNT}){after}", re.I).finditer(text)
        )


def test_figures_a_pattern_begins_with():
    first = re.compile(rf"({reader.NUMBER_FIRST}) complaints")
    assert first.search("1234 complaints")[1] == "1234"
    assert first.search("we had 1,234 complaints")[1] == "1,234"
    assert first.search("Housing,12 complaints")[1] == "12"
    assert first.search("in 2018-19,1,234 complaints")[1] == "1,234"
    assert first.search("1234,567 complaints")[1] == "234,567"  # as "\d{1,3}(?:,\d{3})+" did
    assert first.search("12,3456 complaints")[1] == "3456"
    assert re.search(rf"({reader.COUNT_FIRST}) complaints", "none complaints")[1] == "none"

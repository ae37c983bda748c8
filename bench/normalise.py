"""Benchmark the text normaliser (and the readers' other patterns) on hostile shapes of text.

    .venv/bin/python bench/normalise.py [--size BYTES] [--repeat N] [--readers] [--before]

Each shape is a run of one short unit (a space, a line break, "[", "<www.", a capitalised
word ...) set in the middle of a letter, SIZE characters in all (1,000,000 by default). It is
timed (best of --repeat) and compared with an ordinary text of the same size (the seed
letters over and over):

* ``normalise``: letters.parsing.text.normalise, every reader's first step;
* the patterns made linear in issue 12 on the shapes that were quadratic for them: the
  council's name (``COUNCIL_NAME.search`` on one long line), the salutation, a table cell's
  hyphenated words, the report reader's sentences that begin with a figure, its services
  "received ... resolved within target" and its Word bookmarks;
* with ``--readers``: the whole letter reader and the whole report reader on each shape;
* with ``--before``: the patterns these replaced (kept in this file), on a text of 20,000
  characters, stopped after 60 s.

Target: every shape under a second at 1 MB (``normalise``: within a small multiple of the
ordinary text). This is a report: the exit status is 0 whatever the numbers say.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
sys.path.insert(0, str(ROOT))

from letters.parsing import LetterParseError, parse_letter  # noqa: E402
from letters.parsing.grammar.names import COUNCIL_NAME, SALUTATION  # noqa: E402
from letters.parsing.text import clean_cell, normalise  # noqa: E402
from reports.parsing import prose  # noqa: E402
from reports.parsing.api import parse_council_report  # noqa: E402
from reports.parsing.errors import ReportParseError  # noqa: E402
from reports.parsing.reader import strip_bookmarks  # noqa: E402

# --- Shapes -------------------------------------------------------------------------

NORMALISE_SHAPES = {
    "spaces in a line": " ",
    "spaces at a line's end": " " * 999 + "\n",
    "line breaks": "\n",
    "spaces and line breaks": " \n",
    "tabs": "\t",
    "no-break spaces": "\u00a0",
    "[": "[",
    "[](": "[](",
    "<www.": "<www.",
    "hyphen, line break": "a-\n",
    "**": "**",
    "#": "#",
    "bullets": "\u2022 ",
    "digits": "1",
    "pdfium hyphens": "a\x02\n",
}


def _letter() -> str:
    path = SEEDS / "lgsco-2020-canterbury-city.txt"
    if path.exists():
        return path.read_text(encoding="utf-8")
    return "Dear Chief Executive\nAnnual Review letter 2020\n79% of complaints were upheld.\n"


def _report() -> str:
    path = SEEDS / "cambridge-city-annual-complaints-report-2019-20.txt"
    return path.read_text(encoding="utf-8") if path.exists() else _letter()


def in_the_middle(document: str, unit: str, size: int) -> str:
    """``document`` with a run of ``unit`` in its middle, ``size`` characters in all."""
    run = (unit * (size // len(unit) + 1))[: max(0, size - len(document))]
    half = len(document) // 2
    return document[:half] + run + document[half:]


def ahead_of(document: str, unit: str, size: int) -> str:
    """A run of ``unit`` and then ``document``: a search meets the run before any match."""
    return (unit * (size // len(unit) + 1))[: max(0, size - len(document))] + document


def ordinary(document: str, size: int) -> str:
    return (document * (size // len(document) + 1))[:size]


# The patterns as they were before issue 12 (for --before), and the pattern the issue named.
BEFORE = {
    "normalise: trailing spaces (' +$', re.M)": (re.compile(r" +$", re.M), " ", "sub"),
    "normalise: [text](link)": (re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)"), "[", "sub"),
    "normalise: <www.link>": (re.compile(r"<((?:https?://|www\.)[^>\s]*)>"), "<www.", "sub"),
    "salutation ('^\\s*Dear', re.M)": (
        re.compile(r"^\s*Dear\b[ \t]*(?P<name>[^\n,:]*)", re.M),
        "\n",
        "search",
    ),
    "report: figure first (\\d+ ...)": (
        re.compile(r"(\d{1,3}(?:,\d{3})+|\d+) new complaints were submitted", re.I),
        "1",
        "search",
    ),
    "report: bookmarks": (re.compile(r"\[bookmark:[^\]\n]*\]", re.I), "[bookmark:", "sub"),
}


def pattern_shapes(letter: str, report: str, size: int):
    """(name, what is timed) for each rewritten pattern on the shape that was its worst."""
    line = "Chief Executive " + ("Abc " * size)[: size - 40] + "Borough"
    yield "council name: one line of capitalised words", lambda: COUNCIL_NAME.search(line)
    hyphens = ("Ab-Cd " * size)[:size]
    yield "council name: hyphenated words", lambda: COUNCIL_NAME.search(hyphens)
    breaks = ahead_of(letter, "\n", size)
    yield "salutation: line breaks", lambda: SALUTATION.search(breaks)
    cell = "a-" + " \n" * (size // 2) + "b"
    yield "table cell: hyphen and line breaks", lambda: clean_cell(cell)
    digits = ahead_of(report, "1", size)
    yield (
        "report sentences: digits",
        lambda: [
            p.search(digits)
            for p in (
                prose.ESCALATED,
                prose.IN_TARGET,
                prose.MADE_TO_OMBUDSMAN,
                prose.SERVICE_SHARE,
            )
        ],
    )
    groups = ahead_of(report, "111,", size)
    yield "report sentences: 111,111,...", lambda: prose.SERVICE_SHARE.search(groups)
    by = in_the_middle("In 2019-20, the total number of complaints ", "by 1 ", size)
    yield "report: 'by N' without 'from'", lambda: prose.TOTAL_CHANGED.search(by)
    names = ("Aa " * size)[:size]
    yield "report services: capitalised words", lambda: list(prose.BRIEF_SERVICE.finditer(names))
    received = ("Aa received 1 stage one complaints, " * size)[:size]
    yield "report services: no 'resolved'", lambda: list(prose.BRIEF_SERVICE.finditer(received))
    bookmarks = in_the_middle(report, "[bookmark:", size)
    yield "report: unclosed bookmarks", lambda: strip_bookmarks(bookmarks)


# --- Timing -------------------------------------------------------------------------


class _TooLong(Exception):
    pass


def _stop(signum, frame):
    raise _TooLong


def best_of(run, repeat: int, limit: float | None = None) -> float | None:
    """The fastest of ``repeat`` runs in seconds (None: stopped after ``limit`` seconds)."""
    best = float("inf")
    for _ in range(repeat):
        if limit:
            signal.signal(signal.SIGALRM, _stop)
            signal.setitimer(signal.ITIMER_REAL, limit)
        start = time.perf_counter()
        try:
            run()
        except _TooLong:
            return None
        finally:
            if limit:
                signal.setitimer(signal.ITIMER_REAL, 0)
        best = min(best, time.perf_counter() - start)
    return best


def _read(reader, text: str):
    with contextlib.suppress(LetterParseError, ReportParseError):
        reader(text.encode("utf-8"), "shape.txt")


def row(name: str, seconds: float | None, base: float | None = None) -> str:
    if seconds is None:
        return f"  {name:<46} stopped after the limit"
    ratio = f"  {seconds / base:6.1f}x" if base else ""
    return f"  {name:<46} {seconds * 1000:9.1f} ms{ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--readers", action="store_true", help="Time the whole readers too.")
    parser.add_argument("--before", action="store_true", help="Time the replaced patterns.")
    args = parser.parse_args()
    letter, report = _letter(), _report()

    print(f"normalise, {args.size:,} characters (best of {args.repeat}):")
    base = best_of(lambda: normalise(ordinary(letter, args.size)), args.repeat)
    print(row("ordinary text (the seed letters)", base))
    worst = 0.0
    for name, unit in NORMALISE_SHAPES.items():
        text = in_the_middle(letter, unit, args.size)
        seconds = best_of(lambda text=text: normalise(text), args.repeat)
        worst = max(worst, seconds)
        print(row(name, seconds, base))
    print(f"  worst shape / ordinary: {worst / base:.1f}x")

    print(f"\nthe readers' rewritten patterns, {args.size:,} characters:")
    for name, run in pattern_shapes(letter, report, args.size):
        print(row(name, best_of(run, args.repeat)))

    if args.readers:
        print(f"\nthe whole readers, {args.size:,} characters (one run each):")
        for label, reader, document in (
            ("letter", parse_letter, letter),
            ("report", parse_council_report, report),
        ):
            text = ordinary(document, args.size)
            plain = best_of(lambda r=reader, t=text: _read(r, t), 1)
            print(row(f"{label}: ordinary text", plain))
            for name, unit in NORMALISE_SHAPES.items():
                text = in_the_middle(document, unit, args.size)
                seconds = best_of(lambda r=reader, t=text: _read(r, t), 1)
                print(row(f"{label}: {name}", seconds, plain))

    if args.before:
        size = 20_000
        print(f"\nthe replaced patterns, {size:,} characters (stopped after 60 s):")
        for name, (pattern, unit, how) in BEFORE.items():
            # A run of spaces ahead of the letter would end its line: in the middle, it does not.
            text = (in_the_middle if unit == " " else ahead_of)(letter, unit, size)
            run = (lambda p=pattern, t=text: p.sub("", t)) if how == "sub" else None
            run = run or (lambda p=pattern, t=text: p.search(t))
            print(row(name, best_of(run, 1, limit=60.0)))


if __name__ == "__main__":
    main()

"""Benchmark the letter parser against the bare PDF text layer (pypdfium2 alone).

    .venv/bin/python bench/parse.py [FOLDER ...] [--repeat N] [--soak 1000]

One run covers: the seed letters and test fixtures rendered to PDF (tests/support/pdfs.py),
the table-era letters of tests/support/table_letters.py when it is there, every PDF and .txt
file in ../shared/real/{letters,texts,negative} when that folder is there, and every PDF and
.txt file in the folders given on the command line.

For each file: the cold parse (the first parse in a fresh process), the warm parse (median of
--repeat), the bare text layer (pypdfium2 opening the PDF and reading every page's text, timed
the same way), and ``pdftotext`` when poppler is installed. Files the parser refuses are listed
with their message; nothing stops the run. Then per-era medians and ratios, the resident
memory over --soak parses (it must stay flat), and a PASS/MISS summary against the targets:

* text-era letter median <= 2x the bare text layer (same letters, same run)
* table-era letter median <= 40 ms
* memory flat over 1,000 letters (RSS and traced heap growth < 10 MiB from 100 to 1,000)

This is a report: the exit status is 0 whatever the numbers say.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = (ROOT / ".." / "shared" / "real").resolve()
SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
sys.path.insert(0, str(ROOT))

from letters.parsing import LetterParseError, parse_letter  # noqa: E402
from letters.parsing.grammar.kinds import TABLE_ERA  # noqa: E402

TEXT_ERA_MAX_RATIO = 2.0
TABLE_ERA_MAX_MS = 40.0
FLAT_MAX_GROWTH_MIB = 10.0

# The first parse in a fresh interpreter: what a new worker pays (lazy imports included).
COLD_SCRIPT = """
import sys, time
sys.path.insert(0, sys.argv[1])
start = time.perf_counter()
from letters.parsing import parse_letter
imported = time.perf_counter()
data = open(sys.argv[2], "rb").read()
start_parse = time.perf_counter()
try:
    parse_letter(data, sys.argv[3])
except Exception:
    pass
print(imported - start, time.perf_counter() - start_parse)
"""


@dataclass
class Entry:
    origin: str  # rendered, table_letters, real/letters, ..., or the folder given
    path: Path
    data: bytes = b""
    pdf: bool = True
    # filled in by the run
    pages: int = 0
    table_era: bool = False
    refused: str | None = None  # LetterParseError message, or "ExceptionName: message"
    warm: float = float("nan")
    cold: float = float("nan")
    bare: float | None = None
    pdftotext: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


# --------------------------------------------------------------------------- the corpus


def render_corpus(folder: Path) -> list[Path]:
    """Seed letters and test fixtures, rendered to PDF by tests/support/pdfs.py."""
    from tests.support import pdfs

    sources = sorted(SEEDS.glob("lgsco-*.txt"))
    sources += sorted((ROOT / "tests" / "letters" / "parsing" / "fixtures").glob("*.txt"))
    written = []
    for source in sources:
        target = folder / f"{source.stem}.pdf"
        target.write_bytes(pdfs.text_to_pdf(source.read_text(encoding="utf-8")))
        written.append(target)
    return written


def render_table_letters(folder: Path) -> tuple[list[Path], str]:
    """The table-era fixtures of tests/support/table_examples.py (letters as the Ombudsman
    printed them: ruled tables, spanning headers, landscape, split pages), rendered by
    tests/support/table_letters.py. Returns the files and a note for the report."""
    try:
        from tests.support.table_examples import FIXTURES
        from tests.support.table_letters import render_table_letter
    except Exception as exc:  # noqa: BLE001 - reported; the rest of the corpus still runs
        return [], f"table-era fixtures not rendered ({exc!r})"
    written = []
    for name, (letter, _expected) in FIXTURES.items():
        target = folder / f"{name}.pdf"
        target.write_bytes(render_table_letter(letter))
        written.append(target)
    return written, f"table-era fixtures: {len(written)} PDFs rendered"


def folder_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".pdf", ".txt"))


def collect(tmp: Path, folders: list[Path]) -> tuple[list[Entry], list[str]]:
    entries = [Entry("rendered", p) for p in render_corpus(tmp)]
    table_files, note = render_table_letters(tmp)
    entries += [Entry("table_letters", p) for p in table_files]
    notes = [note]
    if REAL.is_dir():
        for sub in ("letters", "texts", "negative"):
            if (REAL / sub).is_dir():
                entries += [Entry(f"real/{sub}", p) for p in folder_files(REAL / sub)]
    else:
        notes.append(f"{REAL} not there: real documents skipped")
    for folder in folders:
        if folder.is_dir():
            entries += [Entry(str(folder), p) for p in folder_files(folder)]
        else:
            notes.append(f"{folder}: not a folder, skipped")
    for entry in entries:
        entry.data = entry.path.read_bytes()
        entry.pdf = entry.data[:1024].find(b"%PDF-") >= 0
    return entries, notes


# --------------------------------------------------------------------------- timing


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed_pair(first, second, repeat: int) -> tuple[float, float]:
    """Medians of two functions run in turn, so that both see the machine in the same state
    (a shared machine's speed drifts by tens of per cent between one second and the next)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for function, into in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            function()
            into.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def bare_text_layer(data: bytes) -> list[str]:
    """pypdfium2 alone: open the PDF, read every page's text, close everything."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    texts.append(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()
        return texts
    finally:
        pdf.close()


def run_pdftotext(path: Path) -> None:
    subprocess.run(
        [shutil.which("pdftotext"), "-q", str(path), "-"], stdout=subprocess.DEVNULL, check=False
    )


def cold_parse(entry: Entry) -> tuple[float, float]:
    """(import seconds, first parse seconds) in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", COLD_SCRIPT, str(ROOT), str(entry.path), entry.name],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        imported, parsed = (float(x) for x in out.stdout.split())
    except ValueError:
        entry.notes.append(f"cold run failed: {out.stderr.strip()[-200:]}")
        return float("nan"), float("nan")
    return imported, parsed


def measure(entry: Entry, repeat: int) -> float:
    """Fills in the entry; returns the import time of its cold run."""
    imported, entry.cold = cold_parse(entry)

    text = None
    try:
        letter = parse_letter(entry.data, entry.name)  # untimed: the warm runs follow
        entry.pages = getattr(letter, "pages", 0) or 0
        decisions = getattr(letter, "decisions", None)
        entry.table_era = bool(getattr(letter, "received_by_service", None)) or (
            getattr(decisions, "total", None) is not None
        )
        text = getattr(letter, "text", None)
    except LetterParseError as exc:
        entry.refused = getattr(exc, "message", None) or str(exc)
        if exc.__cause__ is not None:  # the parser turns surprises into an "internal" refusal
            entry.refused += f" [cause: {type(exc.__cause__).__name__}: {exc.__cause__}]"
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on
        entry.refused = f"{type(exc).__name__}: {exc}"

    def parse() -> None:
        with contextlib.suppress(Exception):  # reported above
            parse_letter(entry.data, entry.name)

    entry.warm = None
    if entry.pdf:
        try:
            pages = bare_text_layer(entry.data)  # also warms pypdfium2 for this file
            entry.pages = entry.pages or len(pages)
            text = text or "\n".join(pages)
            entry.warm, entry.bare = timed_pair(parse, lambda: bare_text_layer(entry.data), repeat)
        except Exception as exc:  # noqa: BLE001 - e.g. an encrypted PDF
            entry.notes.append(f"bare text layer: {type(exc).__name__}: {exc}")
    if entry.warm is None:
        entry.warm = timed(parse, repeat)
    if entry.pdf:
        if shutil.which("pdftotext"):
            entry.pdftotext = timed(lambda: run_pdftotext(entry.path), max(3, repeat // 3))
    elif text is None:
        text = entry.data.decode("utf-8", "replace")
    if text and TABLE_ERA.search(text):
        entry.table_era = True
    return imported


# --------------------------------------------------------------------------- memory


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def soak(entries: list[Entry], count: int) -> dict:
    """RSS and traced Python heap before, after 100 and after ``count`` parses."""
    blobs = [(e.name, e.data) for e in entries]
    marks = sorted({min(100, count), count})
    tracemalloc.start()
    gc.collect()
    points = {0: (rss_mib(), tracemalloc.get_traced_memory()[0] / 2**20)}
    start = time.perf_counter()
    for i in range(count):
        name, data = blobs[i % len(blobs)]
        with contextlib.suppress(Exception):  # refusals were reported already
            parse_letter(data, name)
        if i + 1 in marks:
            gc.collect()
            points[i + 1] = (rss_mib(), tracemalloc.get_traced_memory()[0] / 2**20)
    elapsed = time.perf_counter() - start
    tracemalloc.stop()
    return {"points": points, "seconds": elapsed}


# --------------------------------------------------------------------------- report


def ms(value: float | None) -> str:
    return "n/a" if value is None or value != value else f"{value * 1000:.1f}"


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None and v == v]
    return statistics.median(values) if values else None


def print_table(entries: list[Entry]) -> None:
    print(
        f"{'file':44} {'origin':14} {'kind':4} {'pages':>5} {'era':>5} {'cold ms':>8} "
        f"{'warm ms':>8} {'bare ms':>8} {'ratio':>6} {'pdftotext':>9}  refused"
    )
    for e in entries:
        ratio = f"{e.warm / e.bare:.2f}" if e.bare else "-"
        era = "table" if e.table_era else "text"
        print(
            f"{e.name[:44]:44} {e.origin[-14:]:14} {'pdf' if e.pdf else 'txt':4} {e.pages:5d} "
            f"{era:>5} {ms(e.cold):>8} {ms(e.warm):>8} {ms(e.bare):>8} {ratio:>6} "
            f"{ms(e.pdftotext):>9}  {'REFUSED' if e.refused else ''}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="more folders of PDF/.txt files")
    parser.add_argument("--repeat", type=int, default=15, help="warm runs per file")
    parser.add_argument("--soak", type=int, default=1000, help="parses for the memory check")
    args = parser.parse_args()
    repeat = max(1, args.repeat)

    with tempfile.TemporaryDirectory() as tmp:
        entries, notes = collect(Path(tmp), args.folders)
        if not entries:
            sys.exit("no files to benchmark")
        print(f"{len(entries)} files, {repeat} warm runs each, {os.cpu_count()} CPUs")
        for note in notes:
            print(f"  {note}")
        print()
        imports = [measure(entry, repeat) for entry in entries]
        print_table(entries)

    refused = [e for e in entries if e.refused]
    read = [e for e in entries if not e.refused]
    pdfs = [e for e in read if e.pdf]
    texts = [e for e in read if not e.pdf]

    print()
    print(f"refused ({len(refused)}):")
    for e in refused:
        print(f"  {e.origin}/{e.name}: {e.refused}")
    for e in entries:
        for note in e.notes:
            print(f"  note {e.name}: {note}")

    print()
    print(
        f"{'PDF letters read, medians':26} {'n':>3} {'cold ms':>8} {'warm ms':>8} {'bare ms':>8} "
        f"{'warm/bare':>9} {'pdftotext':>9}"
    )
    era_medians = {}
    for era, group in (
        ("text-era", [e for e in pdfs if not e.table_era]),
        ("table-era", [e for e in pdfs if e.table_era]),
    ):
        warm = median([e.warm for e in group])
        bare = median([e.bare for e in group])
        # The median of each file's own ratio (parse and text layer timed in turn).
        ratios = median([e.warm / e.bare for e in group if e.bare])
        left_out = sum(1 for e in refused if e.pdf and (era == "table-era") == e.table_era)
        counted = f"{len(group)} PDFs, {left_out} refused not counted"
        era_medians[era] = (warm, bare, ratios, counted)
        ratio = f"{ratios:.2f}x" if ratios else "n/a"
        print(
            f"{era:26} {len(group):3d} {ms(median([e.cold for e in group])):>8} {ms(warm):>8} "
            f"{ms(bare):>8} {ratio:>9} {ms(median([e.pdftotext for e in group])):>9}"
        )
    print(
        f"{'.txt files read (no PDF)':26} {len(texts):3d} {ms(median([e.cold for e in texts])):>8} "
        f"{ms(median([e.warm for e in texts])):>8}"
    )
    if not shutil.which("pdftotext"):
        print("(pdftotext not installed: no poppler column)")
    print(f"import of letters.parsing in a fresh process: median {ms(median(imports))} ms")
    total = sum(e.warm for e in read)
    if total:
        pages = sum(e.pages for e in read)
        print(f"warm throughput: {len(read) / total:.1f} files/s, {pages / total:.1f} pages/s")

    memory = None
    if args.soak > 0:
        memory = soak(entries, args.soak)
        points = memory["points"]
        print()
        print(
            f"memory over {args.soak} parses cycling through the {len(entries)} files "
            f"({args.soak / memory['seconds']:.1f} parses/s under tracemalloc):"
        )
        for count, (rss, heap) in points.items():
            print(f"  after {count:5d}: RSS {rss:7.1f} MiB, traced Python heap {heap:6.2f} MiB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.1f} MiB")

    print()
    print("summary (targets from the issue, this machine):")
    warm, bare, ratio, counted = era_medians["text-era"]
    if ratio:
        ok = ratio <= TEXT_ERA_MAX_RATIO
        print(
            f"  {'PASS' if ok else 'MISS'}  text-era median <= {TEXT_ERA_MAX_RATIO:g}x bare text "
            f"layer: {ratio:.2f}x (median of each file's ratio; medians {ms(warm)} ms vs "
            f"{ms(bare)} ms; {counted})"
        )
    else:
        print("  n/a   text-era median <= 2x bare text layer: no text-era PDF read")
    warm, _, _, counted = era_medians["table-era"]
    if warm:
        ok = warm * 1000 <= TABLE_ERA_MAX_MS
        print(
            f"  {'PASS' if ok else 'MISS'}  table-era median <= {TABLE_ERA_MAX_MS:g} ms: "
            f"{ms(warm)} ms ({counted})"
        )
    else:
        print("  n/a   table-era median <= 40 ms: no table-era PDF read")
    if memory:
        points = memory["points"]
        first, last = points[min(100, args.soak)], points[args.soak]
        rss_growth, heap_growth = last[0] - first[0], last[1] - first[1]
        ok = rss_growth < FLAT_MAX_GROWTH_MIB and heap_growth < FLAT_MAX_GROWTH_MIB
        print(
            f"  {'PASS' if ok else 'MISS'}  memory flat (growth < {FLAT_MAX_GROWTH_MIB:g} MiB "
            f"from {min(100, args.soak)} to {args.soak} parses): RSS {rss_growth:+.1f} MiB, "
            f"traced heap {heap_growth:+.2f} MiB"
        )
    else:
        print("  n/a   memory flat: --soak 0")
    print(f"  refused: {len(refused)} of {len(entries)} files (listed above)")


if __name__ == "__main__":
    main()

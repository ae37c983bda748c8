"""Benchmark the letter parser against poppler's ``pdftotext`` on the same PDFs.

    .venv/bin/python bench/parse.py [FOLDER] [--repeat N] [--soak 1000]

Without FOLDER, letters are rendered first (the shared seed letters when ../shared is
there, and the test fixtures), into a temporary folder. Prints per-letter medians for
text-era and table-era letters, letters/second, pages/second, peak memory, the same folder
through ``pdftotext`` as the baseline (with the ratio), and the resident memory before and
after parsing 1,000 letters (it must stay flat).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from letters.parsing import LetterParseError, parse_letter  # noqa: E402
from letters.parsing.pdf import extract  # noqa: E402


def _renderer():
    spec = importlib.util.spec_from_file_location("pdfs", ROOT / "tests" / "parsing" / "pdfs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render_corpus(folder: Path) -> None:
    pdfs = _renderer()
    sources = []
    shared = (ROOT / ".." / "shared" / "seeds").resolve()
    sources += sorted(shared.glob("lgsco-*.txt"))
    sources += sorted((ROOT / "tests" / "parsing" / "fixtures").glob("*.txt"))
    for source in sources:
        text = source.read_text(encoding="utf-8")
        (folder / f"{source.stem}.pdf").write_bytes(pdfs.text_to_pdf(text))


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_parse(data: bytes, name: str, repeat: int) -> tuple[float, int, bool]:
    times = []
    pages, table_era = 0, False
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            letter = parse_letter(data, name)
            pages = letter.pages
            table_era = bool(letter.received_by_service) or letter.decisions.total is not None
        except LetterParseError:
            pass
        times.append(time.perf_counter() - start)
    return statistics.median(times), pages, table_era


def time_pdftotext(path: Path, repeat: int) -> float | None:
    exe = shutil.which("pdftotext")
    if not exe:
        return None
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([exe, "-q", str(path), "-"], stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--soak", type=int, default=1000, help="letters for the memory check")
    args = parser.parse_args()

    tmp = None
    folder = args.folder
    if folder is None:
        tmp = tempfile.TemporaryDirectory()
        folder = Path(tmp.name)
        render_corpus(folder)
    files = sorted(folder.glob("*.pdf"))
    if not files:
        sys.exit(f"no PDFs in {folder}")

    # warm up imports (pdfplumber, pypdfium2) so they are not timed
    parse_letter(files[0].read_bytes(), files[0].name)

    print(
        f"{'letter':48} {'pages':>5} {'era':>6} {'parse ms':>9} {'pdftotext ms':>13} {'ratio':>6}"
    )
    rows = []
    for path in files:
        data = path.read_bytes()
        ours, pages, table_era = time_parse(data, path.name, args.repeat)
        base = time_pdftotext(path, max(3, args.repeat // 3))
        ratio = ours / base if base else float("nan")
        era = "table" if table_era else "text"
        rows.append((ours, pages, table_era, base))
        base_ms = f"{base * 1000:13.1f}" if base else f"{'n/a':>13}"
        print(f"{path.name[:48]:48} {pages:5d} {era:>6} {ours * 1000:9.1f} {base_ms} {ratio:6.2f}")

    total_time = sum(r[0] for r in rows)
    total_pages = sum(r[1] for r in rows)
    text_era = [r[0] for r in rows if not r[2]]
    table_era = [r[0] for r in rows if r[2]]
    bases = [r[3] for r in rows if r[3]]
    print()
    print(f"letters/second: {len(rows) / total_time:8.1f}")
    print(f"pages/second:   {total_pages / total_time:8.1f}")
    if text_era:
        print(f"text-era median:  {statistics.median(text_era) * 1000:6.1f} ms (target < 20 ms)")
    if table_era:
        print(f"table-era median: {statistics.median(table_era) * 1000:6.1f} ms (target < 60 ms)")
    if bases:
        base_median = statistics.median(bases)
        print(f"pdftotext median: {base_median * 1000:6.1f} ms (poppler, one process per file)")
        if text_era:
            ratio = statistics.median(text_era) / base_median
            print(f"ratio text-era parse / pdftotext: {ratio:.2f}x")
        if table_era:
            ratio = statistics.median(table_era) / base_median
            print(f"ratio table-era parse / pdftotext: {ratio:.2f}x")
    else:
        print("pdftotext not installed (apt-get install -y poppler-utils): no baseline")

    # text layer alone, for comparison with pdftotext's job
    layer = []
    for path in files:
        data = path.read_bytes()
        start = time.perf_counter()
        extract(data, tables=False)
        layer.append(time.perf_counter() - start)
    print(f"text layer only (pypdfium2) median: {statistics.median(layer) * 1000:6.1f} ms")

    # memory: tracemalloc peak for one table-era parse, then RSS over a long run
    slowest = max(range(len(rows)), key=lambda i: rows[i][0])
    sample = files[slowest]
    tracemalloc.start()
    parse_letter(sample.read_bytes(), sample.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"python heap peak for one letter ({sample.name}): {peak / 2**20:.1f} MiB")

    blobs = [(p.name, p.read_bytes()) for p in files]
    gc.collect()
    start_rss = rss_mib()
    checkpoints = []
    start = time.perf_counter()
    for i in range(args.soak):
        name, data = blobs[i % len(blobs)]
        with contextlib.suppress(LetterParseError):
            parse_letter(data, name)
        if (i + 1) % max(1, args.soak // 4) == 0:
            checkpoints.append(f"{i + 1}: {rss_mib():.1f}")
    elapsed = time.perf_counter() - start
    gc.collect()
    end_rss = rss_mib()
    print(
        f"memory over {args.soak} letters: RSS start {start_rss:.1f} MiB, end {end_rss:.1f} MiB "
        f"(growth {end_rss - start_rss:+.1f} MiB); checkpoints {', '.join(checkpoints)}"
    )
    print(f"soak throughput: {args.soak / elapsed:.1f} letters/second")
    print(f"peak RSS of this process: {peak_rss_mib():.1f} MiB")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()

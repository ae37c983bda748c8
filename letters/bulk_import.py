"""Bulk import of letter files: files, folders and .zip archives, parsed in worker processes.

Parsing happens in the sandbox's pool of long-lived limited workers (documents.sandbox:
address-space cap, per-file time limit). A worker that dies takes only its own files with
it: those are retried one at a time in the per-file sandbox.

Writing happens in this process, one transaction per letter, so a run killed at any moment
leaves whole letters or none, and running it again finishes the job.
"""

import os
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from documents.sandbox import read_in_worker, worker_pool
from documents.sniffing import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from letters.parsing import LetterParseError, ParsedLetter, parse_letter_sandboxed

LETTER_SUFFIXES = {".pdf", ".txt"}
ZIP_MEMBER_TOO_LARGE = f"The file inside the archive is larger than {MAX_UPLOAD_MB} MB."
ZIP_UNREADABLE = "The archive is damaged and could not be read."
NOT_FOUND = "No such file or folder."
UNREADABLE = "The file could not be read ({reason})."
UNSUPPORTED = "Only .pdf, .txt and .zip files are imported."


@dataclass
class InputFile:
    """One file to import: a display name and a way to read its bytes when needed."""

    name: str
    read: Callable[[], bytes]
    problem: str | None = None


def _zip_members(path: Path) -> Iterator[InputFile]:
    try:
        archive = zipfile.ZipFile(path)
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError):
        yield InputFile(str(path), lambda: b"", ZIP_UNREADABLE)
        return
    for info in sorted(infos, key=lambda i: i.filename):
        name = f"{path}:{info.filename}"
        if Path(info.filename).suffix.lower() not in LETTER_SUFFIXES:
            continue
        if info.file_size > MAX_UPLOAD_BYTES:
            # The declared size of a zip bomb's member gives it away before inflating.
            yield InputFile(name, lambda: b"", ZIP_MEMBER_TOO_LARGE)
            continue

        def read(info=info) -> bytes:
            with archive.open(info) as member:
                data = member.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                raise LetterParseError(ZIP_MEMBER_TOO_LARGE, "too_large")
            return data

        yield InputFile(name, read)


def collect_inputs(paths: list[str]) -> Iterator[InputFile]:
    """Every letter file under the given paths, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in LETTER_SUFFIXES:
                    yield InputFile(str(child), child.read_bytes)
                elif child.suffix.lower() == ".zip":
                    yield from _zip_members(child)
        elif path.is_file() and path.suffix.lower() == ".zip":
            yield from _zip_members(path)
        elif path.is_file() and path.suffix.lower() in LETTER_SUFFIXES:
            yield InputFile(str(path), path.read_bytes)
        elif path.exists():
            yield InputFile(str(path), lambda: b"", UNSUPPORTED)
        else:
            yield InputFile(str(path), lambda: b"", NOT_FOUND)


def read_input(item: InputFile) -> tuple[bytes, str | None]:
    """A file's bytes, or why it cannot be read."""
    if item.problem:
        return b"", item.problem
    try:
        return item.read(), None
    except LetterParseError as exc:
        return b"", exc.message
    except zipfile.BadZipFile:
        return b"", ZIP_UNREADABLE
    except OSError as exc:
        return b"", UNREADABLE.format(reason=exc.strerror or exc)


@dataclass
class ParseOutcome:
    item: InputFile
    data: bytes
    parsed: ParsedLetter | None = None
    text: str = ""
    error: str | None = None


def _outcome(item: InputFile, data: bytes, result: tuple) -> ParseOutcome:
    if result[0] != "ok":
        return ParseOutcome(item, data, error=result[1])
    payload = result[1]
    return ParseOutcome(item, data, parsed=ParsedLetter.from_dict(payload), text=payload["text"])


def _sandboxed(item: InputFile, data: bytes) -> ParseOutcome:
    try:
        parsed = parse_letter_sandboxed(data, item.name)
    except LetterParseError as exc:
        return ParseOutcome(item, data, error=exc.message)
    return ParseOutcome(item, data, parsed=parsed, text=parsed.text)


def parse_all(
    items: Iterator[InputFile],
    *,
    jobs: int,
    skip: Callable[[InputFile, bytes], str | None],
) -> Iterator[ParseOutcome]:
    """Parse files in `jobs` worker processes, yielding outcomes as they finish.

    `skip(item, data)` may answer a reason not to parse (e.g. already imported): the file
    is then yielded straight away with that reason as its error and `parsed` None.
    At most 2 x jobs files are held in memory at once."""
    in_flight: dict[Future, tuple[InputFile, bytes]] = {}
    pool = worker_pool(jobs)
    try:
        for item in items:
            data, problem = read_input(item)
            if problem:
                yield ParseOutcome(item, b"", error=problem)
                continue
            reason = skip(item, data)
            if reason:
                yield ParseOutcome(item, data, error=reason)
                continue
            while len(in_flight) >= 2 * jobs:
                pool, finished = _collect(pool, in_flight, jobs)
                yield from finished
            in_flight[pool.submit(read_in_worker, "letter", data, os.path.basename(item.name))] = (
                item,
                data,
            )
        while in_flight:
            pool, finished = _collect(pool, in_flight, jobs)
            yield from finished
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _collect(pool, in_flight, jobs):
    done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
    finished = []
    broken = False
    for future in done:
        item, data = in_flight.pop(future)
        try:
            finished.append(_outcome(item, data, future.result()))
        except BrokenProcessPool:
            broken = True
            finished.append(_sandboxed(item, data))
    if broken:
        # A worker died (a PDF crashed the reader or hit the memory cap): every file that
        # was in flight is retried alone in the sandbox, so only the culprit is refused.
        for future, (item, data) in list(in_flight.items()):
            finished.append(_sandboxed(item, data))
            del in_flight[future]
        pool.shutdown(wait=False, cancel_futures=True)
        pool = worker_pool(jobs)
    return pool, finished

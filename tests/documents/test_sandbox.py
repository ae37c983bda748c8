"""The sandbox: runaway parses are stopped with a clear message and the caller survives."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import pytest

from documents import errors, sandbox
from documents.errors import DocumentUnreadable
from documents.kinds import parse_document_sandboxed
from letters.parsing import LetterParseError, parse_letter, parse_letter_sandboxed
from tests.support.parsing import FIXTURES, fixture_text
from tests.support.pdfs import bomb_pdf, encrypted_pdf, text_to_pdf


def sandbox_refusal(data: bytes, filename: str = "x.pdf", **kwargs) -> LetterParseError:
    with pytest.raises(LetterParseError) as caught:
        parse_letter_sandboxed(data, filename, **kwargs)
    return caught.value


def hook_refusal(target: str, **kwargs) -> DocumentUnreadable:
    """What the sandbox says of one of its test hooks (a runaway reader)."""
    with pytest.raises(DocumentUnreadable) as caught:
        sandbox.run_sandboxed(target, b"x", "x.pdf", **kwargs)
    return caught.value


def test_sandboxed_parse_gives_the_same_result():
    text = (FIXTURES / "lakey-hill-2023-per-100k-markdown.txt").read_text(encoding="utf-8")
    letter = parse_letter_sandboxed(text_to_pdf(text), "letter.pdf")
    assert letter.council == "London Borough of Lakey Hill"
    assert letter.source == "pdf"
    assert letter.complaints_upheld.average_per_100k == 3.6
    assert len(letter.warnings) == 1


def test_refusals_cross_the_process_boundary():
    err = sandbox_refusal(encrypted_pdf())
    assert (err.message, err.code) == (errors.ENCRYPTED, "encrypted")


def test_timeout_is_refused_and_the_caller_survives(monkeypatch):
    """The runaway parse ran in a child process, which is gone once the refusal is raised
    (killed, not left sleeping), and the sandbox still works afterwards."""
    process_class = sandbox.process_context().Process
    start, children = process_class.start, []

    def start_and_note_the_pid(process):
        start(process)
        children.append(process.pid)

    monkeypatch.setattr(process_class, "start", start_and_note_the_pid)
    err = hook_refusal("sleep", timeout=1)
    monkeypatch.undo()
    assert err.code == "timeout"
    assert err.message == errors.TIMEOUT.format(seconds="1")
    (child,) = children
    assert child != os.getpid()
    with pytest.raises(ProcessLookupError):  # killed and reaped by the time we are told
        os.kill(child, 0)
    assert (
        parse_letter_sandboxed(
            (FIXTURES / "borsetshire-2025-overview.txt").read_bytes(), "l.txt"
        ).overview.dealt_with
        == 120
    )


def test_readers_give_way_to_the_web_processes(monkeypatch):
    """A child reads at a lower CPU priority than the process that asked for it."""
    process_class = sandbox.process_context().Process
    start, children = process_class.start, []

    def start_and_note_the_pid(process):
        start(process)
        children.append(process.pid)

    monkeypatch.setattr(process_class, "start", start_and_note_the_pid)
    seen = []

    def watch():
        while not children:
            time.sleep(0.01)
        for _ in range(200):
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{children[0]}/stat").read_text()
                seen.append(int(stat.rsplit(")", 1)[1].split()[16]))  # field 19: nice
                if seen[-1] != os.nice(0):
                    return
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    hook_refusal("sleep", timeout=3)
    watcher.join()
    assert seen and seen[-1] > os.nice(0)
    assert seen[-1] == os.nice(0) + sandbox.READER_NICENESS


def test_memory_blowup_is_refused():
    err = hook_refusal("allocate", memory_limit=256 << 20)
    assert (err.message, err.code) == (errors.OUT_OF_MEMORY, "out_of_memory")


def test_crash_of_the_reader_is_refused():
    err = hook_refusal("crash")
    assert (err.message, err.code) == (errors.CRASHED, "crashed")


def test_decompression_bomb_pdf_is_refused():
    """A real PDF whose page content inflates to 512 MiB, parsed under a 256 MiB limit.

    pdfium inflates the stream in its own allocator, which aborts the process (SIGABRT)
    when the memory limit refuses it: no MemoryError reaches Python, so the child dies and
    the sandbox reports the crash (in well under a second, far from the 20 s timeout).
    Without the limit it would inflate the stream and find no text layer."""
    err = sandbox_refusal(bomb_pdf(512), "bomb.pdf", memory_limit=256 << 20)
    assert (err.message, err.code) == (errors.CRASHED, "crashed")


def test_unknown_target_is_a_programming_error():
    with pytest.raises(ValueError):
        sandbox.run_sandboxed("os:system", b"x", "x")


def test_extracted_text_is_kept_across_the_sandbox():
    data = (FIXTURES / "borsetshire-2025-overview.txt").read_bytes()
    letter = parse_letter_sandboxed(data, "l.txt")
    assert "Complaint overview" in letter.text
    assert "text" not in letter.to_dict()


def test_a_letter_is_read_in_one_sandboxed_run_and_says_what_it_is():
    pdf = text_to_pdf(fixture_text("felpersham-2019-three-statistics"))
    letter = parse_document_sandboxed(pdf, "x.pdf")
    assert letter.KIND == "lgsco-letter"
    assert letter.to_dict() == parse_letter(pdf, "x.pdf").to_dict()

"""Parse untrusted uploads in a child process with a memory limit and a wall-clock timeout.

``parse_letter_sandboxed`` behaves like ``parse_letter`` (same result, same errors) but the
work happens in a forked child with ``RLIMIT_AS`` (default 1 GiB) and a CPU limit; the
parent waits at most ``timeout`` seconds (default 20) and kills the child after that. A
decompression bomb or a pathological PDF therefore ends as a ``LetterParseError`` with a
clear message, and the caller carries on.

Children are forked from a small "forkserver" process that has the parser preloaded, so
each parse costs a fork (milliseconds), not a fresh interpreter, and forking never copies
the caller's threads or open connections (safe inside a web server).
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import threading
import time

from . import errors
from .errors import LetterParseError
from .result import ParsedLetter

DEFAULT_TIMEOUT = 20.0
DEFAULT_MEMORY_LIMIT = 1 << 30  # bytes of address space for the child

_context = None
_context_lock = threading.Lock()


def process_context():
    """The multiprocessing context every limited child and worker pool starts from (a fork
    server with the parsers imported)."""
    global _context
    with _context_lock:
        if _context is None:
            methods = multiprocessing.get_all_start_methods()
            if "forkserver" in methods:
                ctx = multiprocessing.get_context("forkserver")
                # The parsers are imported once, in the fork server, not in every child.
                modules = {target.partition(":")[0] for target in _TARGETS.values()}
                ctx.set_forkserver_preload(sorted(modules))
            else:  # pragma: no cover - non-POSIX platforms
                ctx = multiprocessing.get_context("spawn")
            _context = ctx
        return _context


# Test hooks: named targets only (never arbitrary callables), used by the test suite to
# simulate runaway parses without crafting a PDF for every failure mode.
def _sleep_forever(data: bytes, filename: str) -> ParsedLetter:
    while True:
        time.sleep(1)


def _allocate_forever(data: bytes, filename: str) -> ParsedLetter:
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def _crash(data: bytes, filename: str) -> ParsedLetter:
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("unreachable")


# What a child may run, by name: "module:function", imported in the child, so this module
# depends on no parser (each parser's own module asks for its target).
_TARGETS = {
    "parse": "letters.parsing.parser:parse_letter",
    "document": "letters.parsing.documents:parse_document",
    "sleep": "letters.parsing.sandbox:_sleep_forever",
    "allocate": "letters.parsing.sandbox:_allocate_forever",
    "crash": "letters.parsing.sandbox:_crash",
}


def _resolve(target: str):
    module, _, function = _TARGETS[target].partition(":")
    return getattr(importlib.import_module(module), function)


def _child(conn, data: bytes, filename: str, memory_limit: int | None, cpu_seconds: int, target):
    try:
        import resource

        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):  # pragma: no cover - platform without limits
        pass
    try:
        letter = _resolve(target)(data, filename)
        payload = letter.to_dict()
        payload["source"], payload["pages"] = letter.source, letter.pages
        payload["text"] = letter.text
        payload["kind"] = letter.KIND  # which reader read it
        message = ("ok", payload)
    except LetterParseError as exc:
        message = ("error", exc.message, exc.code)
    except MemoryError:
        message = ("error", errors.OUT_OF_MEMORY, "out_of_memory")
    except BaseException:  # noqa: BLE001 - report, never let a traceback reach the caller
        message = ("error", errors.INTERNAL, "internal")
    with contextlib.suppress(BaseException):  # e.g. out of memory while pickling
        conn.send(message)
    conn.close()


def parse_letter_sandboxed(
    data: bytes,
    filename: str = "letter",
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    _target: str = "parse",
) -> ParsedLetter:
    """``parse_letter`` in a child process with memory and time limits.

    Raises ``LetterParseError`` for every refusal, including a timeout (``code="timeout"``),
    a memory blow-up (``"out_of_memory"``) or a crash of the PDF library (``"crashed"``).
    """
    payload = run_sandboxed(_target, data, filename, timeout=timeout, memory_limit=memory_limit)
    return ParsedLetter.from_dict(payload)


def run_sandboxed(
    target: str,
    data: bytes,
    filename: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
) -> dict:
    """Run a named target (``"parse"``: a letter, ``"document"``: a letter or a council's
    own report) in a limited child; return its result's ``to_dict()`` plus ``source``,
    ``pages`` and ``text``. Raises ``LetterParseError`` as ``parse_letter_sandboxed``."""
    _target = target
    if _target not in _TARGETS:
        raise ValueError(f"unknown sandbox target {_target!r}")
    if isinstance(data, str):
        data = data.encode("utf-8")
    ctx = process_context()
    receiver, sender = ctx.Pipe(duplex=False)
    cpu_seconds = max(1, int(timeout) + 2)
    process = ctx.Process(
        target=_child,
        args=(sender, bytes(data), filename, memory_limit, cpu_seconds, _target),
        daemon=False,  # allowed from daemonic workers too; we always kill and join it
    )
    try:
        process.start()
    except Exception:  # noqa: BLE001 - cannot start a child: refuse, do not crash the caller
        receiver.close()
        sender.close()
        raise LetterParseError(errors.INTERNAL, "internal") from None
    sender.close()
    message = None
    timed_out = False
    try:
        if receiver.poll(timeout):
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                message = None
        else:
            timed_out = True
    finally:
        if process.is_alive():
            process.kill()
        process.join(10)
        receiver.close()
        with contextlib.suppress(ValueError):  # still running after kill + join
            process.close()
    if timed_out:
        seconds = f"{timeout:g}"
        raise LetterParseError(errors.TIMEOUT.format(seconds=seconds), "timeout")
    if message is None:
        raise LetterParseError(errors.CRASHED, "crashed")
    if message[0] == "ok":
        return message[1]
    raise LetterParseError(message[1], message[2])

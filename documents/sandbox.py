"""Read untrusted files in a child process with a memory limit and a wall-clock timeout.

``run_sandboxed(target, data, filename)`` runs one named reader ("module:function", from a
fixed list) in a forked child with ``RLIMIT_AS`` (default 1 GiB) and a CPU limit; the parent
waits at most ``timeout`` seconds (default 20) and kills the child after that. A
decompression bomb or a pathological PDF therefore ends as a ``DocumentUnreadable`` with a
clear message, and the caller carries on.

Children are forked from a small "forkserver" process that has the readers preloaded, so
each parse costs a fork (milliseconds), not a fresh interpreter, and forking never copies
the caller's threads or open connections (safe inside a web server). Bulk imports start
their worker pools from the same context (``process_context``).

Every child and pool worker dies with the process that asked for it, however that process
ends (even by SIGKILL): each watches it (``_die_with``: a thread waiting on a pidfd, Linux;
polling elsewhere) and exits when it is gone, and asks the kernel for a SIGKILL should the
fork server, its parent, die first. Once they are gone, the fork server (which runs while
anyone holds its "alive" pipe: its caller and every child) and multiprocessing's resource
tracker (while anyone holds its pipe) see the end of their pipes and exit too.

Pure Python (no Django).
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from documents import errors
from documents.errors import DocumentUnreadable

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
def _sleep_forever(data: bytes, filename: str) -> object:
    while True:
        time.sleep(1)


def _allocate_forever(data: bytes, filename: str) -> object:
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def _crash(data: bytes, filename: str) -> object:
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("unreachable")


# What a child may run, by name: "module:function", imported in the child, so this module
# depends on no parser (each parser's own module asks for its target).
_TARGETS = {
    "letter": "letters.parsing.parser:parse_letter",
    "document": "documents.kinds:parse_document",
    "sleep": "documents.sandbox:_sleep_forever",
    "allocate": "documents.sandbox:_allocate_forever",
    "crash": "documents.sandbox:_crash",
}


def _resolve(target: str):
    if target not in _TARGETS:
        raise ValueError(f"unknown sandbox target {target!r}")
    module, _, function = _TARGETS[target].partition(":")
    return getattr(importlib.import_module(module), function)


# Reading files gives way to answering pages: on a machine that also serves the site, a
# reader competing for the CPU gets about a third of a web worker's share (niceness 5),
# without stopping (time limits are far above a letter's usual read).
READER_NICENESS = 5


def _set_limits(*, memory_limit: int | None, cpu_seconds: int | None = None) -> None:
    with contextlib.suppress(OSError):
        os.nice(READER_NICENESS)
    try:
        import resource

        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        if cpu_seconds:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):  # pragma: no cover - platform without limits
        pass


def _read(target: str, data: bytes, filename: str) -> tuple:
    """("ok", payload) or ("error", message, code): what a child or a worker answers."""
    try:
        document = _resolve(target)(data, filename)
        payload = document.to_dict()
        payload["source"], payload["pages"] = document.source, document.pages
        payload["text"] = document.text
        payload["kind"] = document.KIND  # which reader read it
        return ("ok", payload)
    except DocumentUnreadable as exc:
        return ("error", exc.message, exc.code)
    except MemoryError:
        return ("error", errors.OUT_OF_MEMORY, "out_of_memory")
    except BaseException:  # noqa: BLE001 - report, never let a traceback reach the caller
        return ("error", errors.INTERNAL, "internal")


PR_SET_PDEATHSIG = 1  # linux/prctl.h
_WATCH_EVERY = 0.5  # seconds, where a pidfd cannot be had


def _die_with(owner: int) -> None:
    """In a child or worker: exit as soon as process ``owner`` (the one that asked for it)
    has ended, and be sent SIGKILL if the fork server (the parent) ends first."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    try:
        watched = os.pidfd_open(owner)
    except ProcessLookupError:
        os._exit(1)  # already gone
    except (AttributeError, OSError):  # pragma: no cover - no pidfds: poll instead
        watched = None
    threading.Thread(
        target=_watch, args=(owner, watched), name="die-with-owner", daemon=True
    ).start()


def _watch(owner: int, watched: int | None) -> None:
    if watched is not None:
        import select

        waiting = select.poll()
        waiting.register(watched, select.POLLIN)
        while not waiting.poll():  # readable once the process has ended
            pass
    else:  # pragma: no cover - no pidfds
        while True:
            time.sleep(_WATCH_EVERY)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                continue
    os._exit(1)


def _child(
    conn,
    data: bytes,
    filename: str,
    memory_limit: int | None,
    cpu_seconds: int,
    target,
    owner: int,
):
    _die_with(owner)
    _set_limits(memory_limit=memory_limit, cpu_seconds=cpu_seconds)
    message = _read(target, data, filename)
    with contextlib.suppress(BaseException):  # e.g. out of memory while pickling
        conn.send(message)
    conn.close()


# A pool of long-lived limited workers, for bulk imports: forking a fresh child per file
# would cost more than the parse itself. Each worker has the child's memory cap; each file
# the same time limit, by SIGALRM (a worker serves many files, so RLIMIT_CPU cannot do).
def _limit_worker(owner: int) -> None:
    _die_with(owner)
    _set_limits(memory_limit=DEFAULT_MEMORY_LIMIT)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop


def _on_alarm(signum, frame):
    raise TimeoutError


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """Limited workers from the fork server: they share no database connection or thread
    with the caller. Give them ``read_in_worker``."""
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=process_context(),
        initializer=_limit_worker,
        initargs=(os.getpid(),),
    )


def read_in_worker(target: str, data: bytes, filename: str) -> tuple:
    """Runs in a ``worker_pool`` worker: ("ok", payload) or ("error", message, code), as
    ``run_sandboxed`` would answer. A worker that dies breaks the pool (the caller then
    retries its files one at a time with ``run_sandboxed``)."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(int(DEFAULT_TIMEOUT))
    try:
        return _read(target, data, filename)
    except TimeoutError:
        return ("error", errors.TIMEOUT.format(seconds=f"{DEFAULT_TIMEOUT:g}"), "timeout")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_sandboxed(
    target: str,
    data: bytes,
    filename: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
) -> dict:
    """Run a named target (``"letter"``: a letter, ``"document"``: a letter or a council's
    own report) in a limited child; return its result's ``to_dict()`` plus ``source``,
    ``pages``, ``text`` and ``kind``. Raises ``DocumentUnreadable`` for every refusal,
    including a timeout (``code="timeout"``), a memory blow-up (``"out_of_memory"``) or a
    crash of the PDF library (``"crashed"``)."""
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
        args=(sender, bytes(data), filename, memory_limit, cpu_seconds, _target, os.getpid()),
        daemon=False,  # allowed from daemonic workers too; we always kill and join it
    )
    try:
        process.start()
    except Exception:  # noqa: BLE001 - cannot start a child: refuse, do not crash the caller
        receiver.close()
        sender.close()
        raise DocumentUnreadable(errors.INTERNAL, "internal") from None
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
        raise DocumentUnreadable(errors.TIMEOUT.format(seconds=seconds), "timeout")
    if message is None:
        raise DocumentUnreadable(errors.CRASHED, "crashed")
    if message[0] == "ok":
        return message[1]
    raise DocumentUnreadable(message[1], message[2])

"""The sandbox's fork server, its children, the bulk pool's workers and multiprocessing's
resource tracker end within seconds of the process that started them, even when it is
SIGKILLed (documents.sandbox). Processes are found from /proc (Linux) before the kill: the
process group of the command and every descendant."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.support.paths import PROJECT_ROOT
from tests.support.pdfs import text_to_pdf
from tests.support.texts import letter_text

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # "pid (comm) state ppid pgrp ...": comm may hold spaces, so split after its ")".
    return raw[raw.rindex(")") + 2 :].split()


def started_by(root: int) -> set[int]:
    """Every live process in ``root``'s process group or descended from it."""
    parents, groups = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) and fields[0] != "Z":
            parents[int(entry.name)], groups[int(entry.name)] = int(fields[1]), int(fields[2])
    found = {pid for pid, group in groups.items() if group == root}
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in found | {root}} - found
        found |= more
        grew = bool(more)
    return found - {root}


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if (fields := _stat(pid)) and fields[0] != "Z"}


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.05)
    return condition()


def at_least(count: int, root: int) -> set[int] | None:
    found = started_by(root)
    return found if len(found) >= count else None


def commands_of(pids: set[int]) -> list[str]:
    out = []
    for pid in sorted(pids):
        with contextlib.suppress(OSError):
            out.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
    return out


@contextlib.contextmanager
def started(command: list[str], **env):
    """The command running in a process group of its own (to find what it starts); at the
    end, whatever happened, nothing it started is left running."""
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        for pid in alive(started_by(process.pid) | {process.pid}):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(10)


def killed_leaves_nothing(process: subprocess.Popen, children: set[int]) -> None:
    os.kill(process.pid, signal.SIGKILL)  # the command alone, not its group
    process.wait(10)
    left = wait_for(lambda: not alive(children), 5) or alive(children)
    assert left is True, commands_of(left)


def database_url() -> str:
    """The test database, for a command run as a process of its own."""
    settings = connection.settings_dict
    host = quote(settings["HOST"] or "", safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}{port}/{settings['NAME']}"


@pytest.mark.django_db
def test_a_killed_import_leaves_no_fork_server_worker_or_resource_tracker(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    for n in range(3000):  # councils not in the register: parsed, then refused
        name = f"Place {n} District Council"
        (folder / f"{n}.txt").write_text(letter_text(name, year_end=2015 + n % 10))
    for n in range(40):
        (folder / f"{n}.pdf").write_bytes(text_to_pdf(letter_text(f"Town {n} District Council")))
    command = [sys.executable, "manage.py", "import_letters", str(folder)]
    command += ["--jobs", "2", "--no-progress", "--skip-checks"]
    with started(command, DATABASE_URL=database_url()) as process:
        # Running: the command, the resource tracker, the fork server and two workers.
        children = wait_for(lambda: at_least(4, process.pid), 30)
        assert children and process.poll() is None, commands_of(started_by(process.pid))
        assert any("forkserver" in c for c in commands_of(children))
        assert any("resource_tracker" in c for c in commands_of(children))
        killed_leaves_nothing(process, started_by(process.pid))


def test_a_killed_caller_leaves_no_sandboxed_child_or_fork_server():
    reader = (
        "from documents.sandbox import run_sandboxed as run; run('sleep', b'', 'x', timeout=600)"
    )
    with started([sys.executable, "-c", reader]) as process:
        # The resource tracker, the fork server and the sleeping child.
        children = wait_for(lambda: at_least(3, process.pid), 30)
        assert children and process.poll() is None, commands_of(started_by(process.pid))
        killed_leaves_nothing(process, started_by(process.pid))

"""``manage.py run_site [ADDRPORT] [--workers N] [--noreload]``: the development server with
the queue's worker beside it (what ``make run`` starts).

The workers (``manage.py db_worker``, every queue) are this process's children and die with
it: on Linux the kernel sends each a SIGTERM when the server's process ends, however it
ends (Ctrl+C, a kill, a crash), and a worker told to stop finishes the file it is reading
(at most the sandbox's 20 seconds) and exits. This process then becomes ``runserver`` (the
same process id, so the tie holds)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int):
    """For the child, before it runs: a SIGTERM when ``parent`` ends (Linux)."""

    def tie():
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - not Linux
            return
        if os.getppid() != parent:  # the parent ended before the tie was made
            os._exit(0)

    return tie


def worker_command(*, interval: float = 0.5) -> list[str]:
    """The worker ``run_site`` starts: every queue, no autoreload (a reloading worker runs
    in a grandchild, which the tie would not reach)."""
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    return [
        sys.executable,
        manage,
        "db_worker",
        "--queue-name=*",
        f"--interval={interval:g}",
        "--no-reload",
        "--verbosity=1",
    ]


class Command(BaseCommand):
    help = "Serve the site (runserver) with the queue's worker beside it; both stop together."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=1, help="worker processes (1)")
        parser.add_argument("--noreload", action="store_true", help="no runserver autoreload")

    def handle(self, *, addrport, workers, noreload, **options):
        parent = os.getpid()
        for _ in range(max(1, workers)):
            subprocess.Popen(worker_command(), preexec_fn=_die_with(parent))
        self.stdout.write(
            f"Started {max(1, workers)} queue worker(s) (manage.py db_worker); they stop "
            "with the server."
        )
        self.stdout.flush()
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        command = [sys.executable, manage, "runserver", addrport]
        if noreload:
            command.append("--noreload")
        os.execv(sys.executable, command)  # noqa: S606 - this process becomes the server

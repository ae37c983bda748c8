"""A private PostgreSQL cluster for local use, started on demand.

When DATABASE_URL is unset the project runs its own cluster in a git-ignored
folder (.pgdata/) and talks to it over a Unix socket in that folder, so it
never clashes with a server on port 5432 and needs no root. PostgreSQL refuses
to run as root, so when we are root the cluster is owned by, and run as, an
unprivileged user (``postgres`` if it exists, else ``nobody``).

Pure standard library: settings.py imports this before Django is set up.

    python -m complaints_site.localdb start|stop|status|url|check-env
"""

from __future__ import annotations

import fcntl
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "complaints"


def _world_traversable(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents])


def _private_dir() -> Path:
    """.pgdata/ in the project, unless root runs the project from a folder the
    unprivileged cluster owner cannot enter (e.g. under /root): then /tmp."""
    in_project = PROJECT_ROOT / ".pgdata"
    if os.geteuid() != 0 or _world_traversable(PROJECT_ROOT):
        return in_project
    import hashlib

    digest = hashlib.sha1(str(PROJECT_ROOT).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"complaints-pgdata-{digest}"


CLUSTER_DIR = _private_dir()

NO_POSTGRES_HELP = """\
No database is configured, and PostgreSQL is not installed on this machine.

This project stores everything in PostgreSQL. Either install PostgreSQL so the
project can run its own private cluster (on Debian or Ubuntu:
`sudo apt-get install postgresql`; on macOS: `brew install postgresql`), or
point the project at an existing server by setting DATABASE_URL, for example
DATABASE_URL=postgres://user:password@localhost:5432/complaints"""


class LocalDatabaseUnavailable(Exception):
    """The private cluster cannot be created or started; the message says why."""


def _bin_dirs() -> list[str]:
    pattern = os.environ.get("POSTGRES_BIN_GLOB", "/usr/lib/postgresql/*/bin")
    versioned = sorted(
        glob.glob(pattern),
        key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0,
        reverse=True,
    )
    return versioned


def find_binary(name: str) -> str | None:
    """`initdb`/`pg_ctl`: on PATH first, then the newest /usr/lib/postgresql/*/bin."""
    on_path = shutil.which(name)
    if on_path:
        return on_path
    for directory in _bin_dirs():
        candidate = os.path.join(directory, name)
        if os.access(candidate, os.X_OK):
            return candidate
    return None


SOCKET_ID_FILE = "socket-id"


def _socket_dir() -> Path:
    """Where this cluster's socket lives: named after the cluster, so a server left running
    from a deleted checkout at the same path, which removes its own socket file when it
    notices, never removes this one's."""
    ident_file = CLUSTER_DIR / SOCKET_ID_FILE
    ident = ident_file.read_text().strip() if ident_file.exists() else ""
    preferred = CLUSTER_DIR / (f"run-{ident}" if ident else "run")
    # Unix socket paths are limited to ~107 bytes; fall back to /tmp for deep checkouts.
    if len(str(preferred / ".s.PGSQL.5432")) < 100:
        return preferred
    import hashlib

    digest = hashlib.sha1(f"{PROJECT_ROOT}{ident}".encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"complaints-pg-{digest}"


def _run_as() -> list[str]:
    """Prefix that drops root privileges for initdb/pg_ctl; empty when not root."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        if shutil.which("runuser"):
            return ["runuser", "-u", user, "--"]
        return ["su", user, "-s", "/bin/sh", "-c"]  # pragma: no cover - no runuser
    raise LocalDatabaseUnavailable(
        "PostgreSQL refuses to run as root and no unprivileged user (postgres or nobody) "
        "exists to run the private cluster. Set DATABASE_URL to an existing server instead."
    )


def _owner_uid(prefix: list[str]) -> int | None:
    if not prefix:
        return None
    return pwd.getpwnam(prefix[2]).pw_uid


def _run(prefix: list[str], args: list[str]) -> subprocess.CompletedProcess:
    if prefix and prefix[0] == "su":  # pragma: no cover - no runuser
        import shlex

        return subprocess.run(
            [*prefix, shlex.join(args)], capture_output=True, text=True, check=False
        )
    return subprocess.run([*prefix, *args], capture_output=True, text=True, check=False)


def _chown_tree(path: Path, uid: int | None) -> None:
    if uid is None:
        return
    for root, _dirs, files in os.walk(path):
        os.chown(root, uid, -1)
        for name in files:
            os.chown(os.path.join(root, name), uid, -1)


def is_running() -> bool:
    pg_ctl = find_binary("pg_ctl")
    if pg_ctl is None or not (CLUSTER_DIR / "data" / "PG_VERSION").exists():
        return False
    result = _run(_run_as(), [pg_ctl, "status", "-D", str(CLUSTER_DIR / "data")])
    return result.returncode == 0


def ensure_running() -> Path:
    """Create the cluster on first use and start it; return its socket directory."""
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise LocalDatabaseUnavailable(NO_POSTGRES_HELP)
    prefix = _run_as()
    uid = _owner_uid(prefix)
    data_dir = CLUSTER_DIR / "data"
    CLUSTER_DIR.mkdir(exist_ok=True)
    # One process at a time creates/starts the cluster (make run and make test may race).
    with open(CLUSTER_DIR / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (data_dir / "PG_VERSION").exists():
            if data_dir.exists():
                shutil.rmtree(data_dir)  # a half-made cluster from an interrupted initdb
            data_dir.mkdir(mode=0o700)
            _chown_tree(CLUSTER_DIR, uid)
            result = _run(
                prefix,
                [initdb, "-D", str(data_dir), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C", "--no-sync"],
            )  # fmt: skip
            if result.returncode != 0:
                raise LocalDatabaseUnavailable(
                    f"Could not create the private PostgreSQL cluster in {data_dir}:\n"
                    f"{result.stderr.strip()}"
                )
            (CLUSTER_DIR / SOCKET_ID_FILE).write_text(os.urandom(4).hex())
        socket_dir = _socket_dir()
        running = _run(prefix, [pg_ctl, "status", "-D", str(data_dir)]).returncode == 0
        if running and not (socket_dir / ".s.PGSQL.5432").exists():
            # Its socket was removed under it (e.g. an old checkout's server shutting down
            # removed the same path): restart so the server listens again.
            _run(prefix, [pg_ctl, "stop", "-m", "fast", "-w", "-D", str(data_dir)])
            running = False
        if not running:
            socket_dir.mkdir(parents=True, exist_ok=True)
            _chown_tree(socket_dir, uid)
            log = CLUSTER_DIR / "postgres.log"
            log.touch()
            _chown_tree(CLUSTER_DIR, uid)
            options = f"-k {socket_dir} -c listen_addresses='' -c fsync=off"
            result = _run(
                prefix,
                [pg_ctl, "start", "-w", "-t", "60", "-D", str(data_dir), "-l", str(log),
                 "-o", options],
            )  # fmt: skip
            if result.returncode != 0:
                tail = log.read_text(errors="replace").strip().splitlines()[-5:]
                raise LocalDatabaseUnavailable(
                    "Could not start the private PostgreSQL cluster:\n"
                    + "\n".join([result.stderr.strip(), *tail])
                )
        _ensure_database(socket_dir)
    return socket_dir


def _ensure_database(socket_dir: Path) -> None:
    import psycopg

    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres") as conn:
        conn.autocommit = True
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop() -> None:
    pg_ctl = find_binary("pg_ctl")
    if pg_ctl and (CLUSTER_DIR / "data" / "PG_VERSION").exists():
        _run(_run_as(), [pg_ctl, "stop", "-m", "fast", "-D", str(CLUSTER_DIR / "data")])


def database_settings() -> dict:
    """Django DATABASES['default'] for the private cluster, starting it if needed."""
    socket_dir = ensure_running()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
    }


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    try:
        if command == "check-env":
            # Used by make: a configured server, or a private cluster we can start.
            if not os.environ.get("DATABASE_URL"):
                ensure_running()
        elif command == "start":
            print(f"Private PostgreSQL running, socket in {ensure_running()}")
        elif command == "stop":
            stop()
            print("Private PostgreSQL stopped.")
        elif command == "status":
            print("running" if is_running() else "stopped")
        elif command == "url":
            print(f"postgres://postgres@/{DATABASE_NAME}?host={ensure_running()}")
        else:
            print("usage: python -m complaints_site.localdb start|stop|status|url|check-env")
            return 2
    except LocalDatabaseUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

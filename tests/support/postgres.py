"""A real PostgreSQL server for one test module: ``initdb`` into a temporary folder, ``pg_ctl start`` on a
free loopback port with its unix socket in that folder, stopped and removed afterwards.

Uses the server binaries already on the machine (``/usr/lib/postgresql/*/bin`` or ``PG_BIN``); nothing is
installed. Without them, tests skip and say why. PostgreSQL refuses to run as root: then the server runs as
the ``postgres`` (or ``nobody``) user, which owns the temporary folder.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

# Seconds any one server command (initdb, pg_ctl start/stop, createdb) may take.
PG_TIMEOUT = 60


def find_pg_bin() -> Path | None:
    explicit = os.environ.get("PG_BIN")
    candidates = [Path(explicit)] if explicit else sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    return next((c for c in candidates if (c / "initdb").is_file() and (c / "pg_ctl").is_file()), None)


def _run_as() -> str | None:
    """The user to run the server as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


PG_BIN = find_pg_bin()
requires_postgres = pytest.mark.skipif(
    PG_BIN is None or (os.geteuid() == 0 and _run_as() is None),
    reason="no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or PG_BIN"
    if PG_BIN is None else "running as root and no 'postgres' or 'nobody' user to run PostgreSQL as",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Postgres:
    port: int
    socket_dir: Path

    def conn_str(self, database: str = "terraform") -> str:
        """What ``PG_CONN_STR`` holds for Terraform's pg backend (loopback, trust auth, no TLS)."""
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}?sslmode=disable"


@contextmanager
def running_postgres() -> Iterator[Postgres]:
    assert PG_BIN is not None
    user = _run_as()
    root = Path(tempfile.mkdtemp(prefix="code42-scim-pg-"))
    data, sock = root / "data", root / "socket"
    sock.mkdir()
    if user is not None:
        entry = pwd.getpwnam(user)
        for path in (root, sock):
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def run(*args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, text=True, timeout=PG_TIMEOUT, user=user,
                       cwd=root)

    port = free_port()
    try:
        run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync",
            "--encoding=UTF8")
        options = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "server.log"),
            "-w", "-t", str(PG_TIMEOUT), "start")
        try:
            run(str(PG_BIN / "createdb"), "-h", str(sock), "-p", str(port), "-U", "postgres", "terraform")
            yield Postgres(port=port, socket_dir=sock)
        finally:
            run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", str(PG_TIMEOUT), "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)

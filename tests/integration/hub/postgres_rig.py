"""A throw-away PostgreSQL server for one test module (initdb + pg_ctl on a free
loopback port, data in a temp folder), run as the ``postgres`` user when the tests run
as root (PostgreSQL refuses root)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.rigs.hub import free_port

BIN = Path("/usr/lib/postgresql/15/bin")


def available() -> bool:
    return (BIN / "initdb").exists() or shutil.which("initdb") is not None


def _cmd(*args: str) -> list[str]:
    exe = str(BIN / args[0]) if (BIN / args[0]).exists() else args[0]
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", exe, *args[1:]]
    return [exe, *args[1:]]


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yields its SQLAlchemy URL (``postgresql+psycopg://...``)."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    subprocess.run(
        _cmd("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"),
        check=True,
        capture_output=True,
        timeout=120,
    )
    opts = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(
        _cmd("pg_ctl", "-D", str(data), "-o", opts, "-l", str(folder / "log"), "-w", "start"),
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _cmd("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"), capture_output=True, timeout=60
        )
        shutil.rmtree(folder, ignore_errors=True)

"""A throw-away PostgreSQL cluster for tests and benches (Debian's postgresql package).

    with postgres_cluster() as pg:            # initdb in a temp dir owned by `postgres`
        pg.url                                 # postgresql+psycopg://postgres@127.0.0.1:PORT/hub
        pg.create_database("other")            # another empty database, its URL
    # stopped and deleted at the end

initdb refuses to run as root, and tests run as root, so the cluster's folder belongs to
the ``postgres`` system user (created by the Debian package) and the server programs run
through ``runuser -u postgres``. It listens on a free loopback port with its unix socket
in the temp dir and ``fsync=off`` (a test cluster need not survive a power cut).
Binaries are found under /usr/lib/postgresql/*/bin, not through /usr/local/bin links.
The pytest fixture ``pg_cluster`` is session-scoped.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

START_TIMEOUT_S = 60.0


class PostgresRigError(RuntimeError):
    """The test cluster could not be set up; the message says what to install or fix."""


def pg_bin() -> Path:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb and pg_ctl."""
    found = sorted(
        (
            Path(p)
            for p in glob.glob("/usr/lib/postgresql/*/bin")
            if (Path(p) / "initdb").exists() and (Path(p) / "pg_ctl").exists()
        ),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not found:
        raise PostgresRigError("no PostgreSQL server under /usr/lib/postgresql/*/bin: apt-get install postgresql")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """One temporary cluster (see the module's docstring)."""

    def __init__(self, user: str = "postgres") -> None:
        self.user = user
        self.bin = pg_bin()
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data = self.root / "data"
        self.sock_dir = self.root / "sock"
        self.log = self.root / "server.log"
        self.url = self.url_for("hub")

    def url_for(self, db: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{db}"

    def _as_user(self, *cmd: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        prefix = [] if os.geteuid() != 0 else ["runuser", "-u", self.user, "--"]
        out = subprocess.run([*prefix, *cmd], check=False, capture_output=True, text=True, timeout=120)
        if check and out.returncode != 0:
            raise PostgresRigError(
                f"{Path(cmd[0]).name} failed ({out.returncode}): {(out.stderr or out.stdout).strip()[-2000:]}"
            )
        return out

    def start(self) -> PostgresCluster:
        if os.geteuid() == 0:
            try:
                ids = pwd.getpwnam(self.user)
            except KeyError:
                raise PostgresRigError(f"no system user {self.user!r}: apt-get install postgresql") from None
            os.chown(self.root, ids.pw_uid, ids.pw_gid)
        self.sock_dir.mkdir()
        self.log.touch()
        if os.geteuid() == 0:
            for path in (self.sock_dir, self.log):
                os.chown(path, ids.pw_uid, ids.pw_gid)
        self._as_user(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            self.user,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        opts = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.sock_dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
            "-c shared_buffers=64MB"
        )
        self._as_user(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            opts,
            "-w",
            "-t",
            str(int(START_TIMEOUT_S)),
            "start",
        )
        self.create_database("hub")
        return self

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database on the cluster (empty, or a copy of ``template``); its URL."""
        extra = ["-T", template] if template else []
        self._as_user(
            str(self.bin / "createdb"), "-h", str(self.sock_dir), "-p", str(self.port), "-U", self.user, *extra, name
        )
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name`` if it is there (a half-made template, before it is made again)."""
        self._as_user(
            str(self.bin / "dropdb"),
            "-h",
            str(self.sock_dir),
            "-p",
            str(self.port),
            "-U",
            self.user,
            "--if-exists",
            name,
        )

    def stop(self) -> None:
        if self.data.exists():
            self._as_user(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    """One throw-away PostgreSQL cluster for the test session."""
    with postgres_cluster() as cluster:
        yield cluster


_counter = iter(range(1, 1_000_000))


def fresh_database(cluster: PostgresCluster, prefix: str = "t", template: str | None = None) -> str:
    """A new database with a unique name on ``cluster`` (a copy of ``template``); its URL."""
    name = f"{prefix}_{os.getpid()}_{next(_counter)}_{int(time.time() * 1000) % 100000}"
    return cluster.create_database(name, template)

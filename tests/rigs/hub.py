"""The hub as a real uvicorn subprocess on a free loopback port, for tests and benches.

    with running_hub(tmp_path) as hub:        # fresh SQLite file (or db_url=postgres URL)
        hub.url                                # http://127.0.0.1:PORT, /api/v1/health answered
        hub.tokens["kiosk"], hub.tokens["window:3"], hub.tokens["display"], hub.tokens["admin"]
        hub.kill()                             # SIGKILL, as a crash
        hub.restart()                          # same database, same port
    # stopped (SIGTERM, then SIGKILL) at the end

Tokens are created with the real CLI (``kiosk hub token create``) before the server
starts. A fresh SQLite hub copies a template database that the session filled once with
CLI-made tokens (11 CLI runs take ~5 s; a copy takes a millisecond). Pytest fixtures:
``hub`` (a fresh hub per test, parametrized over SQLite and PostgreSQL), ``module_hub``
(one hub per test module and backend, for tests that bring their own data: a terminal
of their own from ``add_terminal``, their own keys and ids), ``sqlite_hub`` and
``session_hub`` (one SQLite hub per session); import them in a conftest.py together
with the cluster: ``from tests.rigs.hub import hub, module_hub, session_hub, sqlite_hub``
and ``from tests.rigs.postgres import pg_cluster``. A hub start costs ~2 s of CPU: take
``hub`` only when the test needs a fresh one (counts of everything, a restart, a lockout
that would leak into the next test) and say why.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
ROLES = (("kiosk", None), *(("window", n) for n in range(1, 9)), ("display", None), ("admin", None))
START_TIMEOUT_S = 30.0


class HubRigError(RuntimeError):
    """The hub subprocess did not come up; the message holds its log's tail."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{path}" if path else str(REPO), "PYTHONWARNINGS": "error"}


def kiosk_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m kiosk ARGS`` from the repository (raises when it fails)."""
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_env(),
        cwd=REPO,
    )
    if out.returncode != 0:
        raise HubRigError(f"kiosk {' '.join(args)} exited {out.returncode}: {out.stderr.strip()}")
    return out


def create_token(db_url: str, role: str, window: int | None = None, terminal: str | None = None) -> str:
    """A token made by ``kiosk hub token create`` (its last output line)."""
    name = terminal or (f"test-window-{window}" if window else f"test-{role}")
    args = ["hub", "token", "create", "--create", "--db", db_url, "--terminal", name, "--role", role]
    if window is not None:
        args += ["--window", str(window)]
    return kiosk_cli(*args).stdout.strip().splitlines()[-1]


def create_tokens(db_url: str) -> dict[str, str]:
    """Tokens for kiosk, window 1..8, display, admin; keys ``kiosk``, ``window:3`` ..."""
    first = create_token(db_url, *ROLES[0])  # the real command: makes and migrates the database
    # The rest straight through hub.tokens, as the command does: eleven more interpreters
    # starting at once took minutes on a busy machine and ran past the tests' timeouts.
    from hub import db, tokens

    engine = db.make_engine(db_url, pool_size=2)
    try:
        rest = [tokens.create(engine, f"test-window-{w}" if w else f"test-{r}", r, w)[1] for r, w in ROLES[1:]]
    finally:
        engine.dispose()
    keys = [f"{r}:{w}" if w else r for r, w in ROLES]
    return dict(zip(keys, [first, *rest], strict=True))


_template_lock = threading.Lock()
_template: tuple[Path, dict[str, str]] | None = None


def _sqlite_template() -> tuple[Path, dict[str, str]]:
    """A migrated SQLite hub database with the test tokens, made once per process."""
    global _template
    with _template_lock:
        if _template is None:
            folder = Path(tempfile.mkdtemp(prefix="kiosk-hub-template-"))
            path = folder / "hub.sqlite"
            _template = (path, create_tokens(str(path)))
        return _template


class HubProcess:
    """One hub subprocess (``python -m kiosk hub serve``)."""

    def __init__(
        self,
        db_url: str,
        tokens: dict[str, str],
        log_dir: Path,
        *,
        port: int | None = None,
        hall: Path | None = None,
        workers: int = 1,
        extra: tuple[str, ...] = (),
    ) -> None:
        self.db_url = db_url
        self.tokens = dict(tokens)  # add_terminal adds to it; the template's stays as made
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"hub-{self.port}.log"
        self.hall = hall
        self.workers = workers
        self.extra = extra
        self.proc: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        cmd = [
            sys.executable,
            "-m",
            "kiosk",
            "hub",
            "serve",
            "--db",
            self.db_url,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        if self.hall:
            cmd += ["--hall", str(self.hall)]
        return cmd + list(self.extra)

    def start(self) -> HubProcess:
        self.spawn()
        self._wait_healthy()
        return self

    def spawn(self) -> HubProcess:
        """Start the process without waiting for it to answer (``_wait_healthy`` waits)."""
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            self.command(), stdout=log, stderr=subprocess.STDOUT, env=_env(), cwd=REPO, start_new_session=True
        )
        log.close()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        # One client for every try: a new one per try (httpx.get) costs ~60 ms of CPU for
        # its TLS context, seconds per start on a busy machine polling every 0.1 s.
        with httpx.Client(timeout=1) as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise HubRigError(f"hub exited {self.proc.returncode}:\n{self.log_tail()}")
                try:
                    if http.get(self.url + "/api/v1/health").status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        self.stop()
        raise HubRigError(f"hub did not answer /api/v1/health in {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def kill(self) -> None:
        """SIGKILL the hub (and its workers), as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def restart(self) -> HubProcess:
        """Stop it if it runs, then start again on the same database and port."""
        self.stop()
        return self.start()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def client(self, role: str = "admin", **kwargs):
        """A HubClient with the token of ``role`` (``"window:3"`` ...)."""
        from offline_cache.sync.client import HubClient

        return HubClient(self.url, self.tokens[role], **kwargs)

    def add_terminal(self, role: str = "kiosk", window: int | None = None) -> str:
        """A token for a new terminal of this test's own (a unique name), made in the
        running hub's database; its key for ``client``/``headers``/``tokens`` is that name.

        On a shared hub (``module_hub``) a test's terminal then sees only its own cases,
        updates and try counts, whatever ran before it.
        """
        from hub import db, tokens

        name = f"test-{role}-{window or ''}-{uuid.uuid4().hex[:8]}".replace("--", "-")
        engine = db.make_engine(self.db_url, pool_size=1)
        try:
            self.tokens[name] = tokens.create(engine, name, role, window)[1]
        finally:
            engine.dispose()
        return name

    def headers(self, role: str = "admin") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def query(self, sql: str, **params: object) -> list[tuple]:
        """Rows of ``sql`` read straight from the hub's database, SQLite file or
        PostgreSQL alike (what the hub stored, not what its API says)."""
        import sqlalchemy as sa

        from hub.db import make_engine

        engine = make_engine(self.db_url, pool_size=1)
        try:
            with engine.connect() as conn:
                return [tuple(row) for row in conn.execute(sa.text(sql), params)]
        finally:
            engine.dispose()


_pg_templates: dict[int, dict[str, str]] = {}


def fresh_pg_hub_db(cluster) -> tuple[str, dict[str, str]]:
    """A new hub database on ``cluster`` with the test tokens: a copy of a template
    database migrated and filled by the CLI once per cluster."""
    from tests.rigs.postgres import fresh_database

    with _template_lock:
        if cluster.port not in _pg_templates:
            # One that an earlier, failed try left half made would fail every later test
            # with "already exists" instead of the first failure's reason.
            cluster.drop_database("hub_template")
            cluster.create_database("hub_template")
            _pg_templates[cluster.port] = create_tokens(cluster.url_for("hub_template"))
    return fresh_database(cluster, "hub", template="hub_template"), _pg_templates[cluster.port]


@contextmanager
def running_hub(
    tmp_path: Path,
    *,
    db_url: str | None = None,
    hall: Path | None = None,
    workers: int = 1,
    extra: tuple[str, ...] = (),
    pg=None,
) -> Iterator[HubProcess]:
    """A started hub; stopped at the end. Without ``db_url``: a fresh database (SQLite
    file, or on the PostgreSQL cluster ``pg``) already holding the test tokens."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    if db_url is None and pg is not None:
        db_url, tokens = fresh_pg_hub_db(pg)
    elif db_url is None:
        template, tokens = _sqlite_template()
        path = tmp_path / "hub.sqlite"
        shutil.copyfile(template, path)
        db_url = str(path)
    else:
        tokens = create_tokens(db_url)
    hub = HubProcess(db_url, tokens, tmp_path, hall=hall, workers=workers, extra=extra)
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)]


@pytest.fixture(params=BACKENDS)
def hub(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HubProcess]:
    """A fresh hub (demo hall) for one test, on SQLite and again on PostgreSQL."""
    pg = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    with running_hub(tmp_path / "hub", pg=pg) as rig:
        yield rig


@pytest.fixture(scope="module", params=BACKENDS)
def module_hub(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One hub per test module, on SQLite and again on PostgreSQL, shared by its tests:
    each makes its own data (``add_terminal``, fresh keys and ids) and asserts on that
    alone, so any order passes."""
    pg = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    with running_hub(tmp_path_factory.mktemp("module-hub"), pg=pg) as rig:
        yield rig


@pytest.fixture
def sqlite_hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A fresh hub on its own SQLite file (demo hall), for one test."""
    with running_hub(tmp_path / "hub") as rig:
        yield rig


@pytest.fixture(scope="session")
def session_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One hub for the whole session (tests must not assume fresh numbers)."""
    with running_hub(tmp_path_factory.mktemp("session-hub")) as rig:
        yield rig

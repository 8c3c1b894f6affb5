"""The city tier for tests: the platform simulator as a process, a city hub on
PostgreSQL and hall hubs (SQLite) linked to it with the real CLI.

    with running_platform(tmp_path, "--fail", "0.2") as platform:   # python -m drivers.sim.platform
        platform.url, platform.log(), platform.faults(fail=0)
    with running_city(tmp_path, pg_cluster, platform.url) as city:   # kiosk hub serve --city --platform URL
        with running_hall(tmp_path) as hall:                          # a SQLite hall hub, a kiosk token
            link_hall(city, hall, "XA-BL")                             # hall add, pair, link (CLI)
            wait_for(lambda: ..., what="...")
        with running_halls(tmp_path, ["bl", "zj"], kiosks=2) as (bl, zj), LinkCut(city.port) as cable:
            # two hall hubs started at once (tokens kiosk, kiosk2); bl reaches the city
            # through a link the test can cut; the CLI's main runs in this process
            link_hall(city, bl, "XA-BL", via=cable.url, in_process=True)

Also for city tests: ``tests/rigs/link_cut.py`` (a link cut and mended without either end
crashing) and ``tests/rigs/city_terminal.py`` (kiosk terminals as processes to SIGKILL).

The city needs no terminal tokens and the hall only a kiosk's, so neither copies the
eleven-token templates of tests/rigs/hub.py (on a busy machine those take a minute):
the city migrates its fresh database itself, the hall's token is made in-process.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import httpx

from tests.rigs.hub import REPO, HubProcess, HubRigError, _env, free_port, kiosk_cli

START_TIMEOUT_S = 20.0


class PlatformProcess:
    """``python -m drivers.sim.platform`` on a free loopback port."""

    def __init__(self, log_dir: Path, args: tuple[str, ...]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"platform-{self.port}.log"
        self.args = args
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> PlatformProcess:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "drivers.sim.platform", "--port", str(self.port), *self.args],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_env(),
                cwd=REPO,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HubRigError(f"platform simulator exited {self.proc.returncode}: {self.log_path.read_text()}")
            try:
                self.log()
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise HubRigError("platform simulator did not answer")

    def log(self) -> dict[str, Any]:
        """What the platform took: ``cases`` {provisionalNo: times}, ``evaluations``, ..."""
        return httpx.get(self.url + "/sim/log", timeout=5).json()

    def faults(self, **changes: object) -> None:
        httpx.post(self.url + "/sim/faults", json=changes, timeout=5).raise_for_status()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(10)


@contextmanager
def running_platform(tmp_path: Path, *args: str) -> Iterator[PlatformProcess]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    sim = PlatformProcess(tmp_path, args).start()
    try:
        yield sim
    finally:
        sim.stop()


@contextmanager
def _running(hub: HubProcess) -> Iterator[HubProcess]:
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()


def city_process(tmp_path: Path, pg, platform_url: str) -> HubProcess:
    """A city hub (not started) on a fresh PostgreSQL database, sending to ``platform_url``."""
    from tests.rigs.postgres import fresh_database

    folder = tmp_path / "city"
    folder.mkdir(parents=True, exist_ok=True)
    url = fresh_database(pg, "city")
    return HubProcess(url, {}, folder, extra=("--city", "--platform", platform_url))


@contextmanager
def running_city(tmp_path: Path, pg, platform_url: str) -> Iterator[HubProcess]:
    """A started city hub (:func:`city_process`), stopped at the end."""
    with _running(city_process(tmp_path, pg, platform_url)) as city:
        yield city


def hall_process(tmp_path: Path, name: str = "hall", kiosks: int = 1) -> HubProcess:
    """A hall hub (not started) on a fresh SQLite file with kiosk tokens:
    ``hall.tokens["kiosk"]`` (terminal ``test-kiosk``), then ``"kiosk2"`` (``test-kiosk2``) ..."""
    from hub import db, tokens

    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hub.sqlite"
    engine = db.make_engine(path, pool_size=1)
    names = ["kiosk", *(f"kiosk{n}" for n in range(2, kiosks + 1))]
    try:
        db.migrate(engine)
        made = {key: tokens.create(engine, f"test-{key}", "kiosk")[1] for key in names}
    finally:
        engine.dispose()
    return HubProcess(str(path), made, folder)


@contextmanager
def running_hall(tmp_path: Path, name: str = "hall", kiosks: int = 1) -> Iterator[HubProcess]:
    """A started hall hub (:func:`hall_process`), stopped at the end."""
    with _running(hall_process(tmp_path, name, kiosks)) as hall:
        yield hall


@contextmanager
def running_halls(tmp_path: Path, names: list[str], kiosks: int = 1) -> Iterator[list[HubProcess]]:
    """Several hall hubs (:func:`hall_process`) started at once."""
    with running_together([hall_process(tmp_path, name, kiosks) for name in names]) as halls:
        yield halls


@contextmanager
def running_together(hubs: list[HubProcess]) -> Iterator[list[HubProcess]]:
    """Start every hub at once, then wait until each answers (each start is a second or
    more of Python imports); all stopped at the end."""
    try:
        for hub in hubs:
            hub.spawn()
        for hub in hubs:
            hub._wait_healthy()
        yield hubs
    finally:
        for hub in hubs:
            hub.stop()


def link_hall(
    city: HubProcess,
    hall: HubProcess,
    code: str = "XA-BL",
    name: str = "碑林区政务服务中心",
    rectify_days: int = 15,
    *,
    district: str = "碑林区",
    level: str = "district",
    via: str | None = None,
    in_process: bool = False,
) -> str:
    """Register the hall at the city, make a pairing code and link the hall hub with it
    (all with the real CLI; ``via``: the city's URL as the hall reaches it, e.g. a
    :class:`tests.rigs.link_cut.LinkCut`; ``in_process``: the CLI's ``main`` called in
    this process, not three interpreters started); returns the code used."""
    cli = _cli_here if in_process else kiosk_cli
    cli(
        "hub", "city", "hall", "add", "--db", city.db_url, "--code", code, "--name", name,
        "--level", level, "--district", district, "--rectify-days", str(rectify_days),
    )  # fmt: skip
    pairing = cli("hub", "city", "pair", "--db", city.db_url, "--hall", code).stdout.strip().splitlines()[-1]
    cli("hub", "link", "--db", hall.db_url, "--city", via or city.url, "--code", pairing)
    return pairing


def _cli_here(*args: str) -> subprocess.CompletedProcess[str]:
    """``kiosk ARGS`` through ``launcher.cli.main`` in this process (raises when it fails)."""
    from launcher.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    if status != 0:
        raise HubRigError(f"kiosk {' '.join(args)} exited {status}: {err.getvalue().strip()}")
    return subprocess.CompletedProcess(list(args), status, out.getvalue(), err.getvalue())


def wait_for(check: Callable[[], object], *, what: str, timeout_s: float = 45.0) -> Any:
    """Poll ``check`` until it returns something true; fails with ``what`` after the timeout."""
    deadline = time.monotonic() + timeout_s
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except httpx.HTTPError as exc:
            last = exc
        if last and not isinstance(last, Exception):
            return last
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}; last: {last!r}")


def submit_case(hall: HubProcess, case: dict, image: bytes, key: str) -> str:
    """``case`` with one scanned page sent to ``hall`` as a kiosk does (multipart, the
    page named by its hash); returns the hall's case number."""
    sha = hashlib.sha256(image).hexdigest()
    r = httpx.post(
        hall.url + "/api/v1/cases",
        headers={**hall.headers("kiosk"), "Idempotency-Key": key},
        files=[("body", (None, json.dumps(case).encode(), "application/json")), (sha, (sha, image, "image/png"))],
    )
    assert r.status_code == 201, r.text
    return str(r.json()["case_number"])


def rating(satisfaction: int, project: str) -> dict:
    """A 好差评 record of ``project`` as the pad sends it (a reason given for a bad one)."""
    return {
        "id": uuid.uuid4().hex,
        "satisfaction": satisfaction,
        "assessTime": "2026-12-07T10:00:00+08:00",
        "hallCode": "XA-BL",
        "projectNo": project,
        "evalDetail": ["301"] if satisfaction <= 2 else [],
        "windowNo": 3,
    }

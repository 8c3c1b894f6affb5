"""The systemd watchdog's pings come from the Qt event loop: the terminal runs as a real
process (offscreen) with ``NOTIFY_SOCKET`` naming a unix datagram socket this test binds.
READY=1 arrives after the first screen, WATCHDOG=1 at half the interval; a stopped
process (SIGSTOP: a hung event loop from the outside) sends nothing, and pings resume on
SIGCONT."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import REPO
from tests.rigs.sd_notify import pings
from tests.rigs.sd_notify import receive as _receive

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def _wait_for(sock: socket.socket, payload: bytes, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            if sock.recv(4096).startswith(payload):
                return
        except TimeoutError:
            break
    raise AssertionError(f"no {payload!r} within {seconds} s")


def test_pings_follow_the_event_loop(tmp_path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify"))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NOTIFY_SOCKET": str(tmp_path / "notify"),
        "WATCHDOG_USEC": "600000",  # pings every 0.3 s
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--role", "display", "--demo", "--log-json"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(sock, b"READY=1", 60)
        alive = pings(sock, 3, 30)
        assert alive.count(b"WATCHDOG=1") >= 3, alive

        proc.send_signal(signal.SIGSTOP)
        time.sleep(0.2)  # a ping already on its way may still land
        _receive(sock, 0.1)
        assert _receive(sock, 1.5) == []  # a hung loop says nothing: systemd's watchdog fires

        proc.send_signal(signal.SIGCONT)
        resumed = pings(sock, 3, 30)
        assert resumed.count(b"WATCHDOG=1") >= 3, resumed

        proc.terminate()
        assert proc.wait(timeout=20) == 0
        assert b"STOPPING=1" in [p for _, p in _receive(sock, 0.5)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sock.close()

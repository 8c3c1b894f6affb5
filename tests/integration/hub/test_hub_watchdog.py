"""The hub under systemd's watchdog (``hall-kiosk-hub.service``: ``Type=notify``,
``WatchdogSec=``): a real ``kiosk hub serve`` subprocess whose ``$NOTIFY_SOCKET`` is a
unix datagram socket this test binds, as systemd's would be (hub/sd_notify.py)."""

from __future__ import annotations

import socket
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.embedded import start_embedded
from tests.rigs.hub import running_hub
from tests.rigs.sd_notify import receive as _messages

WATCHDOG_S = 2.0  # the unit says 30; 2 keeps the test short


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = str(tmp_path / "notify")
    sock.bind(path)
    yield path, sock
    sock.close()


def test_the_hub_says_ready_then_pings_at_half_the_interval(notify_socket, tmp_path, monkeypatch) -> None:
    path, sock = notify_socket
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    monkeypatch.setenv("WATCHDOG_USEC", str(int(WATCHDOG_S * 1_000_000)))
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    started = time.monotonic()
    with running_hub(tmp_path / "hub"):  # returns once /api/v1/health answers
        got = _messages(sock, 4 * WATCHDOG_S)
    lasted = time.monotonic() - started
    payloads = [payload for _, payload in got]
    assert payloads[0].split(b"\n")[0] == b"READY=1", payloads
    pings = [at for at, payload in got if payload == b"WATCHDOG=1"]
    assert len(pings) >= 3 and len(payloads) == len(pings) + 1, payloads
    # About half the interval: never faster (at most one ping per half interval since the
    # hub started; counted, because arrival times bunch up when this process waits for
    # a core), and in the middle well before systemd's deadline.
    assert len(pings) <= lasted / (WATCHDOG_S / 2) + 1, (lasted, payloads)
    gaps = [b - a for a, b in zip(pings, pings[1:], strict=False)]
    assert statistics.median(gaps) < WATCHDOG_S, gaps


def test_without_notify_socket_nothing_is_sent(notify_socket, tmp_path, monkeypatch) -> None:
    # The socket exists but the hub is not told about it (started by hand, not by systemd).
    _, sock = notify_socket
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.setenv("WATCHDOG_USEC", str(int(WATCHDOG_S * 1_000_000)))
    with running_hub(tmp_path / "hub") as hub:
        assert _messages(sock, WATCHDOG_S) == []
        assert hub.proc is not None and hub.proc.poll() is None


def test_a_hub_embedded_in_a_terminal_leaves_the_terminals_watchdog_alone(notify_socket, tmp_path, monkeypatch) -> None:
    # Under hall-kiosk@.service the terminal's Qt loop pings; a READY=1 or ping from the
    # embedded hub's thread would keep a hung screen alive.
    path, sock = notify_socket
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    monkeypatch.setenv("WATCHDOG_USEC", str(int(WATCHDOG_S * 1_000_000)))
    hub = start_embedded(tmp_path / "embedded.sqlite")
    try:
        assert _messages(sock, WATCHDOG_S) == []
    finally:
        hub.stop()

"""sd_notify over a real unix datagram socket bound by the test (``kiosk.watchdog``)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.watchdog import Notifier, socket_address


@pytest.fixture
def path_socket(tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    name = str(tmp_path / "notify")
    sock.bind(name)
    sock.settimeout(2)
    yield name, sock
    sock.close()


@pytest.fixture
def abstract_socket() -> Iterator[tuple[str, socket.socket]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    name = f"hall-kiosk-test-{uuid.uuid4().hex}"
    sock.bind(b"\0" + name.encode())
    sock.settimeout(2)
    yield "@" + name, sock
    sock.close()


def test_ready_and_pings_reach_a_path_socket(path_socket) -> None:
    name, sock = path_socket
    notifier = Notifier.from_environ({"NOTIFY_SOCKET": name, "WATCHDOG_USEC": "20000000"})
    assert notifier is not None and notifier.watchdog_s == 20 and notifier.ping_interval_s == 10
    assert notifier.ready(status="home screen shown")
    assert sock.recv(4096) == b"READY=1\nSTATUS=home screen shown"
    assert notifier.ping()
    assert sock.recv(4096) == b"WATCHDOG=1"
    assert notifier.stopping()
    assert sock.recv(4096) == b"STOPPING=1"


def test_an_at_sign_names_the_abstract_namespace(abstract_socket) -> None:
    name, sock = abstract_socket
    assert socket_address(name) == b"\0" + name[1:].encode()
    notifier = Notifier.from_environ({"NOTIFY_SOCKET": name})
    assert notifier is not None and notifier.watchdog_s == 0  # no WATCHDOG_USEC: no pings wanted
    assert notifier.ping()
    assert sock.recv(4096) == b"WATCHDOG=1"


def test_no_socket_no_notifier() -> None:
    assert Notifier.from_environ({}) is None
    assert Notifier.from_environ({"NOTIFY_SOCKET": ""}) is None
    assert Notifier.from_environ({"NOTIFY_SOCKET": "relative/name"}) is None  # logged, ignored


def test_watchdog_pid_of_another_process_turns_the_pings_off(path_socket) -> None:
    name, _ = path_socket
    env = {"NOTIFY_SOCKET": name, "WATCHDOG_USEC": "2000000"}
    assert Notifier.from_environ({**env, "WATCHDOG_PID": "4242"}, pid=7, parent_pid=1).watchdog_s == 0
    assert Notifier.from_environ({**env, "WATCHDOG_PID": "7"}, pid=7, parent_pid=1).watchdog_s == 2
    # Under cage the unit's main process is the compositor, the terminal its child.
    assert Notifier.from_environ({**env, "WATCHDOG_PID": "1"}, pid=7, parent_pid=1).watchdog_s == 2
    assert Notifier.from_environ({**env, "WATCHDOG_USEC": "soon"}).watchdog_s == 0


def test_a_vanished_socket_is_reported_not_raised(path_socket, caplog) -> None:
    name, sock = path_socket
    notifier = Notifier.from_environ({"NOTIFY_SOCKET": name})
    sock.close()
    os.unlink(name)
    assert notifier.ping() is False
    assert any(r.getMessage() == "watchdog_notify_failed" for r in caplog.records)

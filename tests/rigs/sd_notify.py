"""systemd's side of sd_notify for tests: read what a process under test sends to the
unix datagram socket its ``$NOTIFY_SOCKET`` names (the hub's and the terminal's
watchdog tests)."""

from __future__ import annotations

import socket
import time


def receive(sock: socket.socket, seconds: float) -> list[tuple[float, bytes]]:
    """Every datagram that arrives within ``seconds``, with its arrival time."""
    got: list[tuple[float, bytes]] = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            got.append((time.monotonic(), sock.recv(4096)))
        except TimeoutError:
            break
    return got


def pings(sock: socket.socket, count: int, seconds: float) -> list[bytes]:
    """Datagrams until ``count`` WATCHDOG=1 arrived or ``seconds`` passed: a busy machine
    slows the pings, it does not stop them (a stopped process is the test of silence)."""
    got: list[bytes] = []
    deadline = time.monotonic() + seconds
    while got.count(b"WATCHDOG=1") < count and (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            got.append(sock.recv(4096))
        except TimeoutError:
            break
    return got

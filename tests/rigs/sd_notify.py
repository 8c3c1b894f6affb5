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

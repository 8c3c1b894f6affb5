"""A hub that holds against hostile clients, on a real hub process on loopback:
silent connections cannot starve the terminals (hub/guard.py), and a body is never read
before the token is checked nor past its limit (hub/body_guard.py)."""

from __future__ import annotations

import select
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hub.routes.cases import MAX_REQUEST_BYTES
from tests.rigs.hub import HubProcess, _sqlite_template

NOFILE = 512  # the hub's fd limit here: budget 512 - hub.guard.RESERVED_FDS = 200 connections
SILENT = 700  # beyond the fd limit, so without the guard accept() fails with EMFILE
HEADER_TIMEOUT_S = 3
MB = 1024 * 1024


class LimitedHub(HubProcess):
    """The hub under ``prlimit --nofile`` (a small fd limit keeps the test small)."""

    def command(self) -> list[str]:
        return ["prlimit", f"--nofile={NOFILE}:{NOFILE}", "--", *super().command()]


@pytest.fixture
def limited_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubProcess]:
    monkeypatch.setenv("KIOSK_HUB_HEADER_TIMEOUT_S", str(HEADER_TIMEOUT_S))
    template, tokens = _sqlite_template()
    shutil.copyfile(template, tmp_path / "hub.sqlite")
    hub = LimitedHub(str(tmp_path / "hub.sqlite"), tokens, tmp_path).start()
    try:
        yield hub
    finally:
        hub.stop()


def _silent(hub: HubProcess, count: int) -> list[socket.socket]:
    """Up to ``count`` connections that send nothing (stops after 20 s)."""
    socks: list[socket.socket] = []
    deadline = time.monotonic() + 20
    while len(socks) < count and time.monotonic() < deadline:
        try:
            socks.append(socket.create_connection(("127.0.0.1", hub.port), timeout=2))
        except OSError:
            break  # the kernel's queue is full: enough for the test
    return socks


def _closed_by_peer(sock: socket.socket, timeout: float) -> bool:
    """True when the hub closes ``sock`` within ``timeout`` seconds (EOF or reset)."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_silent_connections_beyond_the_fd_limit_do_not_starve_the_health_check(limited_hub: HubProcess) -> None:
    socks = _silent(limited_hub, SILENT)
    try:
        assert len(socks) > NOFILE  # more than the hub could hold open at all
        started = time.monotonic()
        r = httpx.get(limited_hub.url + "/api/v1/health", timeout=5)
        assert r.status_code == 200
        assert time.monotonic() - started < 5
        # An authenticated request still works while the flood is there.
        r = httpx.get(limited_hub.url + "/api/v1/queue", headers=limited_hub.headers("display"), timeout=5)
        assert r.status_code == 200
    finally:
        for s in socks:
            s.close()
    assert "out of system resource" not in limited_hub.log_tail(200)  # asyncio's EMFILE line


def test_a_silent_or_half_sent_request_is_closed_after_the_header_timeout(limited_hub: HubProcess) -> None:
    silent = socket.create_connection(("127.0.0.1", limited_hub.port), timeout=2)
    half = socket.create_connection(("127.0.0.1", limited_hub.port), timeout=2)
    half.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: hub\r\n")  # and never the blank line
    try:
        started = time.monotonic()
        assert _closed_by_peer(silent, HEADER_TIMEOUT_S + 5)
        assert _closed_by_peer(half, HEADER_TIMEOUT_S + 5)
        assert time.monotonic() - started >= HEADER_TIMEOUT_S - 1  # not before the timeout
    finally:
        silent.close()
        half.close()


def _vm_hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def _chunked_upload(hub: HubProcess, path: str, total: int, headers: dict[str, str]) -> tuple[int, int]:
    """POST ``total`` bytes chunked to ``path``; returns (HTTP status, bytes sent when the
    answer came). Stops sending as soon as the hub answers (or after 60 s)."""
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    sock = socket.create_connection(("127.0.0.1", hub.port), timeout=10)
    sock.sendall(
        f"POST {path} HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
        f"Transfer-Encoding: chunked\r\n{head}\r\n".encode()
    )
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"7" * 64 * 1024)
    chunks = total // (64 * 1024)
    sent, answer, pending = 0, b"", b""
    deadline = time.monotonic() + 60
    try:
        sock.setblocking(False)
        while time.monotonic() < deadline and b"\r\n" not in answer:
            more = bool(pending) or sent < total
            readable, writable, _ = select.select([sock], [sock] if more else [], [], 1)
            if readable:
                try:
                    data = sock.recv(4096)
                except ConnectionResetError:
                    break
                if not data:
                    break
                answer += data
            elif writable:
                if not pending:
                    pending = chunk if sent < total else b""
                    sent += 64 * 1024
                    if sent >= chunks * 64 * 1024:
                        pending += b"0\r\n\r\n"
                try:
                    pending = pending[sock.send(pending) :]
                except (BrokenPipeError, ConnectionResetError):
                    break
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 "), answer[:100]
    return int(answer.split()[1]), sent


# A fresh hub per test: they measure the hub's peak memory (VmHWM only grows, so a shared
# hub's earlier peak would hide a new one) or fill its file descriptors.


@pytest.mark.parametrize("path", ["/api/v1/tickets", "/api/v1/cases"])
def test_without_a_token_the_hub_answers_401_before_reading_the_body(sqlite_hub: HubProcess, path: str) -> None:
    before = _vm_hwm_kb(sqlite_hub.proc.pid)
    status, sent = _chunked_upload(sqlite_hub, path, 96 * MB, {})
    assert status == 401
    assert sent < 16 * MB  # the answer came before the client had sent most of the body
    status, sent = _chunked_upload(sqlite_hub, path, 96 * MB, {"Authorization": "Bearer not-a-token"})
    assert status == 401 and sent < 16 * MB
    assert _vm_hwm_kb(sqlite_hub.proc.pid) - before < 32 * 1024  # KiB: nothing of the body was kept


def test_a_body_past_its_limit_is_refused_while_it_is_read(sqlite_hub: HubProcess) -> None:
    before = _vm_hwm_kb(sqlite_hub.proc.pid)
    headers = sqlite_hub.headers("kiosk")
    status, sent = _chunked_upload(sqlite_hub, "/api/v1/cases", 400 * MB, {**headers, "Idempotency-Key": "k-1"})
    assert status == 413
    assert sent < MAX_REQUEST_BYTES + 16 * MB  # refused when it passed the limit, not at its end
    # The case route may hold one case in memory, never the 400 MiB (it peaked at 900 MB).
    assert _vm_hwm_kb(sqlite_hub.proc.pid) - before < 1.5 * MAX_REQUEST_BYTES / 1024
    # A small JSON route refuses past 1 MiB, and a declared length past it at once.
    status, sent = _chunked_upload(sqlite_hub, "/api/v1/tickets", 48 * MB, headers)
    assert status == 413 and sent < 16 * MB  # 1 MiB and what the sockets' buffers hold
    r = httpx.post(
        sqlite_hub.url + "/api/v1/tickets",
        headers={**headers, "Content-Type": "application/json"},
        content=b" " * (2 * MB),
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "request.too_large"
    # Ordinary requests are untouched.
    r = httpx.post(sqlite_hub.url + "/api/v1/tickets", headers=headers, json={"service": "A"})
    assert r.status_code == 201

"""HubClient and EventStream against servers that misbehave (real sockets on loopback):
nothing listening, 5xx, garbage, a 4xx from a proxy, a hub that never answers, and an
event stream with an unknown kind."""

from __future__ import annotations

import json
import queue
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from offline_cache.sync import HubUnavailable, ServiceClosed, Unauthorized
from offline_cache.sync.client import HubClient
from offline_cache.sync.events import EventStream
from offline_cache.wire import QueueEvent

REPLIES: dict[str, tuple[int, str, bytes]] = {
    "/api/v1/queue": (500, "text/plain", b"boom"),
    "/api/v1/services": (200, "application/json", b"{not json"),
    "/api/v1/health": (200, "application/json", b'{"status": "ok"}'),
    "/api/v1/tickets": (
        423,
        "application/json",
        b'{"error": {"code": "service.closed", "message": "closed"}, "opens_at": "2026-12-07T08:30:00+08:00"}',
    ),
    "/api/v1/windows/1/next": (502, "text/html", b"<html>bad gateway</html>"),
    "/api/v1/windows/2/next": (413, "text/html", b"<html>too large</html>"),
    "/api/v1/windows/3/next": (401, "application/json", b'{"error": {"code": "auth.invalid", "message": "x"}}'),
    "/api/v1/windows/4/next": (200, "application/json", b'{"ticket": {"id": "x"}}'),
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _reply(self) -> None:
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/api/v1/events":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            body = (
                "id: 1\nevent: ticket.teleported\ndata: {}\n\n"
                f"id: 2\nevent: ticket.issued\ndata: {json.dumps(TICKET)}\n\n"
            )
            self.wfile.write(body.encode())
            self.wfile.flush()
            time.sleep(5)
            return
        status, ctype, body = REPLIES.get(
            self.path, (404, "application/json", b'{"error": {"code": "not_found", "message": "n"}}')
        )
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _reply


TICKET = {
    "id": "t1",
    "number": "A001",
    "service": "A",
    "status": "waiting",
    "priority": None,
    "ahead": 0,
    "estimated_wait_s": 0,
    "issued_at": "2026-12-02T09:00:00+08:00",
    "window": None,
    "called_at": None,
    "recalls": 0,
    "staff": None,
}


@contextmanager
def odd_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nothing_listening_is_unavailable() -> None:
    with HubClient(f"http://127.0.0.1:{closed_port()}", "t") as c, pytest.raises(HubUnavailable) as exc:
        c.health()
    assert exc.value.key == "hub.unreachable" and exc.value.data["error"] == "ConnectError"


def test_misbehaving_answers_map_to_typed_errors() -> None:
    with odd_server() as url, HubClient(url, "t", timeout_s=1) as c:
        assert c.health() == {"status": "ok"}
        with pytest.raises(HubUnavailable) as exc:
            c.queue()
        assert exc.value.key == "hub.server_error" and exc.value.data["status"] == 500
        with pytest.raises(HubUnavailable) as exc:
            c.services()
        assert exc.value.key == "hub.bad_answer"
        with pytest.raises(ServiceClosed) as exc:
            c.issue_ticket("A")
        assert exc.value.opens_at == "2026-12-07T08:30:00+08:00" and exc.value.key == "hub.service_closed"
        with pytest.raises(HubUnavailable):
            c.call_next(1)  # 502 from a proxy
        with pytest.raises(HubUnavailable) as exc:
            c.call_next(2)  # a proxy's own 413 page: not the hub refusing, tried again (issue 17)
        assert exc.value.key == "hub.bad_answer" and exc.value.data["status"] == 413
        with pytest.raises(Unauthorized) as exc:
            c.call_next(3)
        assert exc.value.key == "hub.unauthorized"
        with pytest.raises(HubUnavailable) as exc:
            c.call_next(4)  # a ticket missing its fields
        assert exc.value.key == "hub.bad_answer"
        with pytest.raises(HubUnavailable) as exc:
            c._json("GET", "/slow")
        assert exc.value.data["error"] == "timeout"


def test_event_stream_passes_over_an_unknown_kind() -> None:
    got: queue.Queue[QueueEvent] = queue.Queue()
    states: queue.Queue[str] = queue.Queue()
    with odd_server() as url:
        stream = EventStream(url, "t", got.put, states.put)
        stream.start()
        try:
            assert states.get(timeout=5) == "connected"
            event = got.get(timeout=5)
            assert (event.seq, event.kind, event.data["number"]) == (2, "ticket.issued", "A001")
            assert stream.last_event_id == 2
            assert got.empty()
        finally:
            t0 = time.monotonic()
            stream.stop()
            assert time.monotonic() - t0 < 2  # stop does not wait for the server's silence

"""Cases sent through a proxy that answers its own HTML 404 for a while (a wrong path, a
hub being redeployed behind nginx) are not lost (issue 17): only the hub's own refusal
ends a record's delivery; anything else is tried again, and once the path heals every
case reaches the REAL hub (uvicorn subprocess on loopback). A dead letter the hub did
cause is never silent: the heartbeat carries it to the hub."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from offline_cache.outbox import Outbox
from offline_cache.sync.client import HubClient
from offline_cache.sync.engine import SyncEngine
from tests.integration.test_sync_hub import FAST, case_body, drain, hub_cases
from tests.rigs import hub as hub_rig
from tests.rigs.hub import HubProcess

hub = hub_rig.hub  # the fixture: a fresh hub subprocess per test

NGINX_404 = (
    b"<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center></body></html>"
)


class Proxy:
    """A tiny real HTTP proxy in front of the hub: while ``broken``, every request gets
    nginx's HTML 404; otherwise it is passed to the hub and the answer back."""

    def __init__(self, upstream: str) -> None:
        self.upstream = urlparse(upstream)
        self.broken = True
        self.refused = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                pass

            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if proxy.broken:
                    proxy.refused += 1
                    self._answer(404, [("Content-Type", "text/html")], NGINX_404)
                    return
                conn = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port, timeout=10)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                    conn.request(self.command, self.path, body=body, headers=headers)
                    reply = conn.getresponse()
                    data = reply.read()
                    kept = [(k, v) for k, v in reply.getheaders() if k.lower() in ("content-type",)]
                    self._answer(reply.status, kept, data)
                finally:
                    conn.close()

            def _answer(self, status: int, headers: list[tuple[str, str]], data: bytes) -> None:
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Proxy:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def proxy(hub: HubProcess) -> Iterator[Proxy]:
    with Proxy(hub.url) as p:
        yield p


def test_cases_survive_a_proxys_html_404_and_go_once_it_heals(hub: HubProcess, proxy: Proxy, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "t")
    records = [outbox.put("case", case_body(n), personal={"applicant", "values"}) for n in range(3)]
    with HubClient(proxy.url, hub.tokens["kiosk"]) as client:
        engine = SyncEngine(outbox, client, timing=FAST)
        while proxy.refused < 8:  # several tries of each record meet the proxy's page
            engine.step()
            time.sleep(0.02)
        stats = outbox.stats()
        assert stats.dead == 0 and stats.waiting == 3, stats
        assert engine.state().last_error_key == "hub.bad_answer"
        proxy.broken = False
        drain(engine)
    assert [r[0] for r in hub_cases(hub)] == [r.id for r in records]
    assert all(outbox.get(r.id).state == "sent" for r in records)
    outbox.close()


def test_a_dead_letter_the_hub_caused_reaches_the_hubs_heartbeats(
    hub: HubProcess, proxy: Proxy, tmp_path: Path
) -> None:
    proxy.broken = False
    outbox = Outbox(tmp_path / "t")
    first = outbox.put("case", case_body(1), personal={"applicant", "values"})
    with HubClient(proxy.url, hub.tokens["kiosk"]) as client:
        client.push("case", first.id, case_body(99))  # the key already used for another body
        engine = SyncEngine(outbox, client, timing=FAST)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            engine.step()
            beats = hub.query("SELECT dead FROM heartbeats")
            if beats and beats[0][0] == 1:
                break
            time.sleep(0.05)
    assert outbox.get(first.id).state == "dead"
    assert hub.query("SELECT dead FROM heartbeats") == [(1,)]
    outbox.close()

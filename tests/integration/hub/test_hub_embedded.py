"""The embedded hub (the launcher's demo): uvicorn on a thread of this process."""

from __future__ import annotations

import queue
from pathlib import Path

import httpx
import pytest

from hub.embedded import EmbeddedHubError, start_embedded
from offline_cache.sync.client import HubClient
from offline_cache.sync.events import EventStream
from offline_cache.wire import QueueEvent


def test_embedded_hub_serves_and_stops(tmp_path: Path) -> None:
    hub = start_embedded(tmp_path / "hub.sqlite")
    try:
        assert hub.url.startswith("http://127.0.0.1:")
        kiosk_token = hub.create_token("demo-kiosk", "kiosk")
        window_token = hub.create_token("demo-window-1", "window", 1)
        got: queue.Queue[QueueEvent] = queue.Queue()
        stream = EventStream(hub.url, hub.create_token("demo-board", "display"), got.put, lambda s: None)
        stream.start()
        try:
            assert got.get(timeout=10).kind == "snapshot"
            with HubClient(hub.url, kiosk_token) as kiosk, HubClient(hub.url, window_token) as w1:
                assert kiosk.issue_ticket("A").number == "A001"
                assert w1.call_next(1).number == "A001"
            kinds = [got.get(timeout=5).kind for _ in range(2)]
            assert kinds == ["ticket.issued", "ticket.called"]
        finally:
            stream.stop()
    finally:
        hub.stop()
    assert not hub.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(hub.url + "/api/v1/health", timeout=2)


def test_embedded_hub_on_a_taken_port_says_so(tmp_path: Path) -> None:
    first = start_embedded(tmp_path / "a.sqlite")
    try:
        port = int(first.url.rsplit(":", 1)[1])
        with pytest.raises(EmbeddedHubError, match="cannot listen"):
            start_embedded(tmp_path / "b.sqlite", port=port)
    finally:
        first.stop()

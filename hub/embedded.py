"""A hub inside another process: uvicorn on a background thread (the launcher's demo and
one-terminal stations use it).

    hub = start_embedded("/var/lib/hall-kiosk/hub.sqlite")   # port 0: any free port
    hub.url                                                   # http://127.0.0.1:PORT
    token = hub.create_token("kiosk-1", "kiosk")
    hub.stop()
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import uvicorn

from hub import tokens
from hub.app import create_app
from hub.hall import Hall, demo_hall
from hub.serve import UVICORN, ListenError, listening_socket
from hub.settings import HubSettings

START_TIMEOUT_S = 20.0


class EmbeddedHubError(RuntimeError):
    """The embedded hub did not come up (port taken, database unusable)."""


class EmbeddedHub:
    """A running embedded hub. Thread: ``stop`` and ``create_token`` from any thread."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, url: str, app) -> None:
        self._server = server
        self._thread = thread
        self.url = url
        self.app = app

    def create_token(self, terminal: str, role: str, window: int | None = None) -> str:
        """A new token for a terminal of this hub (shown once, stored hashed)."""
        return tokens.create(self.app.state.hub.engine, terminal, role, window)[1]

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop serving and wait for the thread (open event streams are cut)."""
        self._server.should_exit = True
        self._thread.join(timeout_s)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()


def start_embedded(
    db_url: str | Path, host: str = "127.0.0.1", port: int = 0, *, hall: Hall | None = None, keepalive_s: float = 15.0
) -> EmbeddedHub:
    """Start a hub on ``host:port`` (0 = a free port) over ``db_url``; returns once it
    answers. Raises EmbeddedHubError when it cannot start."""
    settings = HubSettings(db_url=str(db_url), hall=hall or demo_hall(), keepalive_s=keepalive_s)
    app = create_app(settings)
    try:
        sock = listening_socket(host, port)  # IPPROTO_TCP: see there why
    except ListenError as exc:
        raise EmbeddedHubError(exc.strerror) from None
    bound = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        ws="none",
        timeout_graceful_shutdown=2,
        http=UVICORN["http"],  # the header timeout and connection budget (hub/guard.py)
        backlog=UVICORN["backlog"],
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="embedded-hub", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise EmbeddedHubError("the embedded hub did not start; see the log")
        time.sleep(0.02)
    shown = f"[{host}]" if ":" in host else host
    return EmbeddedHub(server, thread, f"http://{shown}:{bound}", app)

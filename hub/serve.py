"""Serve the hub with uvicorn in the foreground (``kiosk hub serve``)."""

from __future__ import annotations

import copy
import os
import socket
from typing import Any

import uvicorn
import uvicorn.config

from hub import db
from hub.settings import ENV, HubSettings

BACKLOG = 128


def log_config() -> dict[str, Any]:
    """uvicorn's logging with journald's priority on each line under systemd
    (``common.journal``), and the same for every other logger's warnings (the hub's own
    loggers had no handler: Python's last resort printed them bare, at one priority)."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    for handler in config["handlers"].values():
        handler["class"] = "common.journal.JournalStreamHandler"
    config["root"] = {"handlers": ["default"], "level": "WARNING"}
    return config


UVICORN: dict[str, Any] = {
    "log_config": log_config(),
    "log_level": "warning",
    "access_log": False,
    "timeout_graceful_shutdown": 3,
    # Longer than a proxy's or terminal's idle keep-alive (nginx: 60 s), so the hub never
    # closes a connection the other side is about to reuse (uvicorn's 5 s did: a request
    # now and then failed with a reset; bench/city.py).
    "timeout_keep_alive": 75,
    # no WebSocket routes: skip loading a websockets library (and its warnings)
    "ws": "none",
    # h11 with a header timeout and a connection budget under the fd limit (hub/guard.py):
    # silent connections cannot starve the terminals.
    "http": "hub.guard:GuardedH11Protocol",
    # At most this many connections are accepted in one go before the budget closes idle
    # ones (hub.guard.RESERVED_FDS keeps room for them).
    "backlog": BACKLOG,
}


def prepare(settings: HubSettings) -> str:
    """Migrate the database once, before any worker starts; returns the dialect's name."""
    engine = db.make_engine(settings.db_url, pool_size=1)
    try:
        db.migrate(engine)
        return engine.dialect.name
    finally:
        engine.dispose()


def serve(settings: HubSettings, host: str, port: int, workers: int = 1) -> None:
    """Run until SIGINT/SIGTERM. With ``workers`` > 1, each worker process builds its app
    from the settings handed over in the environment."""
    settings.migrate = False
    settings.systemd_notify = True  # the hub's own unit (hall-kiosk-hub.service), if any
    sock = listening_socket(host, port)  # first: a taken port fails before any work
    if workers == 1:
        from hub.app import create_app

        try:
            uvicorn.Server(uvicorn.Config(create_app(settings), **UVICORN)).run(sockets=[sock])
        finally:
            sock.close()
        return
    os.environ[ENV] = settings.to_env()
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("hub.app:app_from_env", factory=True, host=host, port=port, workers=workers, **UVICORN)
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()


class ListenError(OSError):
    """The hub cannot listen on the address asked for (in use, not ours)."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket to hand to uvicorn.

    Created with ``IPPROTO_TCP`` on purpose: asyncio sets TCP_NODELAY on accepted
    connections only when the listening socket says so (``proto == IPPROTO_TCP``), and
    uvicorn's own ``bind_socket`` (used with ``--workers``) passes proto 0 — then Nagle's
    algorithm meets the client's delayed ACK and every answer waits ~40 ms (bench/hub.py
    showed 47 ms per request with 2 workers, 3 ms with one).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ListenError(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror}") from None
    # Listening before the app is built: READY=1 (hub.sd_notify) then means connections
    # are taken, and a terminal that connects during start-up waits instead of failing.
    sock.listen(BACKLOG)
    sock.set_inheritable(True)
    return sock

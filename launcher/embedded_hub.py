"""The embedded hub: ``[hub] url = "embedded"`` (the demo, a one-terminal station).

The first terminal process on the machine starts the hub on its fixed loopback port with
the database in the data folder; the next ones (``kiosk run --demo --role display``
beside ``--role window``) find it answering there and join it. Every process makes its
own token straight in the shared database, so no secret has to travel between them.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from kiosk.config import Settings
from kiosk.logs import log_event
from kiosk.queue.connection import HubConnection

EMBEDDED_PORT = 8765


def _answering(url: str) -> bool:
    """True when a hall hub answers ``/api/v1/health`` at ``url``."""
    try:
        with urllib.request.urlopen(f"{url}/api/v1/health", timeout=1.0) as reply:
            return json.load(reply).get("status") == "ok"
    except (OSError, ValueError):
        return False


def start_or_join(settings: Settings, port: int = EMBEDDED_PORT) -> tuple[HubConnection, Callable[[], None]]:
    """Join the hub answering on loopback ``port``, or start it there over
    ``<data_dir>/hub.sqlite``; returns this terminal's connection and how to stop what
    was started (a ``kiosk.queue.connection.HubStarter``).

    Thread: the bring-up thread.
    """
    from hub.embedded import EmbeddedHubError

    db = Path(settings.data_dir) / "hub.sqlite"
    db.parent.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}"
    if _answering(url):
        token = _new_token(db, settings)
        if _accepts(url, token):  # the hub there serves this data folder's database
            log_event("embedded_hub_joined", url=url)
            return HubConnection(url, token, settings.hub.person_key), _nothing
    try:
        hub = _start(db, port, demo=settings.demo)
    except EmbeddedHubError:  # the port is someone else's: any free port, this process only
        hub = _start(db, 0, demo=settings.demo)
    log_event("embedded_hub_started", url=hub.url)
    token = _fresh_token(hub.app.state.hub.engine, settings)
    return HubConnection(hub.url, token, settings.hub.person_key), hub.stop


def _start(db: Path, port: int, *, demo: bool):
    """The hub on ``db``. In the demo its database is sample data only: one that this
    build cannot migrate (left by another build) is set aside and the demo starts afresh;
    a real station's database is never touched that way."""
    from hub.embedded import EmbeddedHubError, start_embedded

    try:
        return start_embedded(db, port=port)
    except EmbeddedHubError:
        raise
    except Exception as exc:
        if not demo or not db.exists():
            raise
        aside = db.with_name(f"{db.name}.unusable-{int(time.time())}")
        db.rename(aside)
        log_event("demo_hub_database_set_aside", path=str(aside), error=type(exc).__name__)
        return start_embedded(db, port=port)


def _window(settings: Settings) -> int | None:
    return settings.hall.window_no if settings.role == "window" else None


def _new_token(db: Path, settings: Settings) -> str:
    """A token for this terminal, written straight into the hub's database."""
    from hub.db import make_engine, migrate

    engine = make_engine(db)
    try:
        migrate(engine)
        return _fresh_token(engine, settings)
    finally:
        engine.dispose()


def _fresh_token(engine, settings: Settings) -> str:
    """This terminal's token for this run, its earlier ones revoked: each start mints one,
    and the process that held the last one is gone (a demo started ten times left ten
    "live" tokens for dead processes on /status)."""
    from hub import tokens

    try:
        tokens.revoke(engine, settings.terminal_id)
    except tokens.TokenError:
        pass  # the first start: nothing to revoke
    return tokens.create(engine, settings.terminal_id, settings.role, _window(settings))[1]


def _accepts(url: str, token: str) -> bool:
    request = urllib.request.Request(f"{url}/api/v1/services", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=2.0):
            return True
    except (OSError, ValueError):
        return False


def _nothing() -> None:
    return None

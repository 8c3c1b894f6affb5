"""Serve the hub with uvicorn in the foreground (``kiosk hub serve``)."""

from __future__ import annotations

import os

import uvicorn

from hub import db
from hub.settings import ENV, HubSettings

UVICORN = {"log_level": "warning", "access_log": False, "timeout_graceful_shutdown": 3,
           # no WebSocket routes: skip loading a websockets library (and its warnings)
           "ws": "none"}


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
    if workers == 1:
        from hub.app import create_app

        uvicorn.run(create_app(settings), host=host, port=port, **UVICORN)
        return
    os.environ[ENV] = settings.to_env()
    uvicorn.run("hub.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                **UVICORN)

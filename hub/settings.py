"""The hub's settings, from the command line or the embedding launcher."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hub.hall import Hall, demo_hall, load_hall

ENV = "KIOSK_HUB_SETTINGS"  # how `kiosk hub serve --workers N` hands settings to workers


@dataclass
class HubSettings:
    """What a hub needs to start.

    Args:
        db_url: SQLAlchemy URL or a SQLite file path.
        hall: the hall served (default: the demo hall).
        hall_file: where ``hall`` was read from (so worker processes read it again).
        status_password: a password for ``/status`` besides an admin token (None: token only).
        keepalive_s: longest silence on an event stream before a keep-alive comment.
        poll_s: how often the event streams look for events written by other processes
            (SQLite; on PostgreSQL while the LISTEN connection is down).
        fallback_s: on PostgreSQL, how often they look although NOTIFY wakes them (in
            case a notification was lost).
        city: serve as the city hub (hall hubs link to it; ``hub/city``).
        platform_url: with ``city``, the government platform's adapter URL.
        platform_seal: ``off``, ``sign`` or ``sign+encrypt`` (SM3 / SM4, hub/city/platform/seal.py).
        platform_key_file: the seal's key file (only its path travels to workers, never the key).
        migrate: run the Alembic migrations when the app starts (off in workers; the
            serve command migrates once before starting them).
        systemd_notify: tell systemd READY=1 and feed its watchdog (``hub.sd_notify``);
            on for ``kiosk hub serve`` only: a hub embedded in a terminal must leave
            the terminal's own watchdog to the terminal's event loop.
        clock: epoch seconds, injectable for tests.
    """

    db_url: str
    hall: Hall = field(default_factory=demo_hall)
    hall_file: str | None = None
    status_password: str | None = None
    keepalive_s: float = 15.0
    poll_s: float = 0.05
    fallback_s: float = 2.0
    migrate: bool = True
    pool_size: int = 40  # anyio runs at most 40 request threads per worker: no overflow churn
    city: bool = False  # the city tier (issue 16): serve hall hubs' links (hub/city)
    platform_url: str | None = None  # the city's government platform (hub/city/platform)
    platform_seal: str = "off"
    platform_key_file: str | None = None
    systemd_notify: bool = False
    clock: Callable[[], float] = time.time

    def to_env(self) -> str:
        return json.dumps(
            {
                "db_url": self.db_url,
                "hall_file": self.hall_file,
                "status_password": self.status_password,
                "keepalive_s": self.keepalive_s,
                "poll_s": self.poll_s,
                "fallback_s": self.fallback_s,
                "pool_size": self.pool_size,
                "city": self.city,
                "platform_url": self.platform_url,
                "platform_seal": self.platform_seal,
                "platform_key_file": self.platform_key_file,
                "systemd_notify": self.systemd_notify,
            }
        )

    @classmethod
    def from_env(cls) -> HubSettings:
        raw = json.loads(os.environ[ENV])
        hall = load_hall(Path(raw["hall_file"])) if raw.get("hall_file") else demo_hall()
        return cls(
            db_url=raw["db_url"],
            hall=hall,
            hall_file=raw.get("hall_file"),
            status_password=raw.get("status_password"),
            keepalive_s=raw["keepalive_s"],
            poll_s=raw["poll_s"],
            fallback_s=raw.get("fallback_s", 2.0),
            pool_size=raw.get("pool_size", 40),
            city=raw.get("city", False),
            platform_url=raw.get("platform_url"),
            platform_seal=raw.get("platform_seal", "off"),
            platform_key_file=raw.get("platform_key_file"),
            systemd_notify=raw.get("systemd_notify", False),
            migrate=False,
        )

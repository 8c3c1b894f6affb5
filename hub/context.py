"""``HubContext``: what every route shares (``app.state.hub``), reached through the
``HubDep`` dependency of ``hub/auth.py``."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from hub.events import EventBell, EventFeed
from hub.notify import Listener
from hub.queue import QueueRules
from hub.settings import HubSettings
from hub.store import QueueStore
from hub.tokens import TokenChecker


@dataclass
class HubContext:
    """What the routes share (``app.state.hub``)."""

    settings: HubSettings
    engine: Engine
    rules: QueueRules
    store: QueueStore
    checker: TokenChecker
    bell: EventBell
    listeners: list[int] = field(default_factory=lambda: [0])  # open event streams
    feed: EventFeed = field(init=False)  # the newest events, read once for every stream
    listener: Listener | None = None  # PostgreSQL: this worker's LISTEN connection
    person_key: str = field(default="", repr=False)  # the hall's (hub/hall_secret.py), sent with pairing

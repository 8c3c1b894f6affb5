"""Heartbeats: a terminal's device health and outbox figures (``POST /api/v1/heartbeats``).

The body is what :class:`offline_cache.sync.engine.SyncEngine` sends every 30 s::

    {"sent_at": 1764000000.0,
     "health": {"printer": {"state": "degraded", "key": "printer.paper_low"}, ...},
     "outbox": {"waiting": 3, "dead": 0, "oldest_waiting_s": 12.5}}

Health values are free-form per device (a snapshot's ``state`` and message ``key``);
the hub shows ``state`` and ``key`` when they are there and keeps the rest as received.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from offline_cache.wire import _check as c
from offline_cache.wire.errors import WireError

MAX_DEVICES = 64
DEVICE_STATES = ("ok", "degraded", "offline", "unknown")


@dataclass(frozen=True)
class Heartbeat:
    sent_at: float
    devices: dict[str, dict[str, Any]]
    waiting: int
    dead: int
    oldest_waiting_s: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "sent_at": self.sent_at,
            "health": {k: dict(v) for k, v in self.devices.items()},
            "outbox": {"waiting": self.waiting, "dead": self.dead, "oldest_waiting_s": self.oldest_waiting_s},
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> Heartbeat:
        d = c.mapping(d, where)
        sent_at = _number(c.get(d, "sent_at", where), c._path(where, "sent_at"))
        health = c.mapping(c.get(d, "health", where), c._path(where, "health"))
        if len(health) > MAX_DEVICES:
            raise WireError(c._path(where, "health"), f"more than {MAX_DEVICES} devices")
        devices: dict[str, dict[str, Any]] = {}
        for name, value in health.items():
            spot = c._path(where, f"health.{name}")
            if not isinstance(name, str) or not 0 < len(name) <= 64:
                raise WireError(spot, "not a device name")
            if isinstance(value, str):  # a bare state
                value = {"state": value}
            value = dict(c.mapping(value, spot))
            state = value.get("state", "unknown")
            value["state"] = state if state in DEVICE_STATES else "unknown"
            key = value.get("key")
            if key is not None and not (isinstance(key, str) and len(key) <= 100):
                raise WireError(f"{spot}.key", "not a message key")
            devices[name] = value
        outbox = c.mapping(c.get(d, "outbox", where), c._path(where, "outbox"))
        where_o = c._path(where, "outbox")
        oldest = outbox.get("oldest_waiting_s")
        return cls(
            sent_at=sent_at,
            devices=devices,
            waiting=c.integer(outbox, "waiting", where_o, low=0),
            dead=c.integer(outbox, "dead", where_o, low=0),
            oldest_waiting_s=None if oldest is None else _number(oldest, f"{where_o}.oldest_waiting_s"),
        )


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise WireError(where, "not a number")
    return float(value)

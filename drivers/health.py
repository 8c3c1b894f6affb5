"""Health snapshots: what a device reports about itself, in message keys."""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass, field
from typing import Any


class HealthState(str, enum.Enum):
    OK = "ok"
    DEGRADED = "degraded"  # works, but needs attention soon (paper near end)
    OFFLINE = "offline"  # cannot be used now
    UNKNOWN = "unknown"  # no answer yet: never reported as ok
    DISABLED = "disabled"  # not configured on this terminal


@dataclass(frozen=True)
class Health:
    """One device's state at one moment.

    Attributes:
        state: ok / degraded / offline / unknown / disabled.
        key: message key explaining the state, e.g. ``"device.printer.paper_near_end"``.
        data: values for the message (port names, counts; never personal data).
        checked_at: ``time.time()`` when the state was observed.
    """

    state: HealthState
    key: str = "device.ok"
    data: dict[str, Any] = field(default_factory=dict)
    checked_at: float = field(default_factory=time.time)

    @classmethod
    def ok(cls, key: str = "device.ok", **data: Any) -> Health:
        return cls(HealthState.OK, key, data)

    @classmethod
    def degraded(cls, key: str, **data: Any) -> Health:
        return cls(HealthState.DEGRADED, key, data)

    @classmethod
    def offline(cls, key: str, **data: Any) -> Health:
        return cls(HealthState.OFFLINE, key, data)

    @classmethod
    def unknown(cls, key: str = "device.unknown", **data: Any) -> Health:
        return cls(HealthState.UNKNOWN, key, data)

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state.value, "key": self.key, "data": dict(self.data), "checked_at": self.checked_at}

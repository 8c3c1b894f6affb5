"""What the home's status strip tells a citizen about the terminal, as message keys with
a state (ok / degraded / offline): the network (the sync state the kiosk already tracks)
and the devices a citizen depends on. The screen turns the keys into words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drivers.health import Health, HealthState


@dataclass(frozen=True)
class StatusLine:
    key: str  # e.g. "status.network.down"
    state: str  # "ok" | "degraded" | "offline": the colour beside the words


def citizen_status(online: bool | None, health: Mapping[str, Health]) -> list[StatusLine]:
    """The strip's lines, most important first. ``online`` is the sync state's (None: no
    hub configured, the kiosk works from its guides alone)."""
    lines: list[StatusLine] = []
    if online is True:
        lines.append(StatusLine("status.network.ok", "ok"))
    elif online is False:
        lines.append(StatusLine("status.network.down", "offline"))
    printer = health.get("printer")
    if printer is not None:
        if printer.state is HealthState.OFFLINE and printer.key == "device.printer.paper_out":
            lines.append(StatusLine("status.printer.paper_out", "offline"))
        elif printer.state is HealthState.OFFLINE:
            lines.append(StatusLine("status.printer.offline", "offline"))
        elif printer.state is HealthState.DEGRADED:
            lines.append(StatusLine("status.printer.paper_low", "degraded"))
    return lines


def online_of(sync: Any) -> bool | None:
    """The sync service's ``online``, or None without one."""
    return None if sync is None else bool(sync.state().online)

"""What the demo lets a visitor do to the simulated devices from the UI: put a demo ID
card on the reader, take it away, tap a rating on the evaluation pad, run the printer
out of paper. The launcher fills it from the simulators; the UI only sees callables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DemoControls:
    cards: tuple[str, ...] = ()  # masked names on the demo cards, by index
    card_kinds: tuple[str, ...] = ()  # message keys of the cards' kinds, by index
    insert_card: Callable[[int], None] = lambda index: None
    remove_card: Callable[[], None] = lambda: None
    tap_rating: Callable[[int], None] = lambda rating: None
    set_paper: Callable[[str], None] = lambda state: None
    notes: dict[str, str] = field(default_factory=dict)  # device -> where it is simulated


@dataclass(frozen=True)
class StartedDemo:
    """The simulators, running: the device settings that reach them, their controls."""

    devices: dict[str, Any]  # kind -> kiosk.config.settings.DeviceSettings
    controls: DemoControls
    stop: Callable[[], None]
    simulators: Any = None  # the running simulator suite, for tests to watch the devices


# Starts the demo's simulators for the given settings (the launcher supplies it: only
# it may import drivers.sim).
DemoDevices = Callable[[Any], StartedDemo]

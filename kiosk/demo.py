"""What the demo lets a visitor do to the simulated devices from the UI: put a demo ID
card on the reader, take it away, tap a rating on the evaluation pad, run the printer
out of paper. The launcher fills it from the simulators; the UI only sees callables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoControls:
    cards: tuple[str, ...] = ()  # masked labels of the demo cards, by index
    insert_card: Callable[[int], None] = lambda index: None
    remove_card: Callable[[], None] = lambda: None
    tap_rating: Callable[[int], None] = lambda rating: None
    set_paper: Callable[[str], None] = lambda state: None
    notes: dict[str, str] = field(default_factory=dict)  # device -> where it is simulated

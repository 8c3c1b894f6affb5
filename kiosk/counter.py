"""The window clerk's desk devices: read the citizen's ID card into the visit, show the
window's text on its LED display, light the evaluation pad and collect the rating.

Ratings use the GB/T 39734 five levels; the pad is only asked, never forced (a rating
is voluntary, STANDARDS.md §2).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from common.masking import mask_id_number, mask_name
from kiosk.devices import DeviceManager
from kiosk.visit import Visit

SATISFACTION = {1: "非常不满意", 2: "不满意", 3: "基本满意", 4: "满意", 5: "非常满意"}


def read_identity(devices: DeviceManager, callback: Callable[[Future], None], timeout_s: float = 5.0) -> Future:
    """Read the card on the reader (on the reader's thread); hand the card to
    ``accept_identity`` on the thread that owns the visit."""
    return devices.submit("id_reader", lambda reader: reader.read_card(timeout_s=timeout_s), callback)


def accept_identity(visit: Visit, card: Any) -> dict[str, str]:
    """Start a new visit for ``card`` (ending the previous citizen's) and keep the card in
    it, wiped when the visit ends; returns only the masked view for the screen."""
    visit.end()
    visit.begin()
    visit.data["identity"] = card
    return {"name": mask_name(card.name), "id_number": mask_id_number(card.id_number), "card_type": card.card_type}


def show_on_display(devices: DeviceManager, text: str) -> Future:
    return devices.submit("queue_bus", lambda bus: bus.show_text(None, text))


def ask_for_rating(devices: DeviceManager) -> Future:
    """Light the pad's 'please rate' lamp; a tap from before this moment is not counted
    (the pad's counter is read now as the baseline)."""

    def ask(bus: Any) -> None:
        bus.read_rating(None)
        bus.set_rate_lamp(None, True)

    return devices.submit("queue_bus", ask)


def poll_rating(devices: DeviceManager, callback: Callable[[Future], None]) -> Future:
    """Ask the pad for a new rating; the Future holds the rating (1-5) or None. A new
    rating turns the lamp off."""

    def poll(bus: Any) -> int | None:
        event = bus.read_rating(None)
        if event is None:
            return None
        bus.set_rate_lamp(None, False)
        return event.rating

    return devices.submit("queue_bus", poll, callback)

"""An in-memory 社保卡 reader for UI tests and the simple demo (no pcscd needed)."""

from __future__ import annotations

import collections
import threading

from drivers.errors import DeviceError
from drivers.health import Health
from drivers.smartcard.base import Change, NoCard, ReaderUnavailable, SocialSecurityCard, SocialSecurityCardReader

DEMO_CARD = SocialSecurityCard(card_number="S61010301", ssn="610103188001010012", name="张三丰")


class FakeSocialSecurityCardReader(SocialSecurityCardReader):
    """A reader whose card and faults a test sets.

    Args:
        reader: accepted for configuration compatibility; shown in the health data.
    """

    def __init__(self, reader: str = "") -> None:
        self.reader = reader or "Fake PCD"
        self._named = bool(reader)  # unnamed: the health says "simulated" in the UI's words
        self.card: SocialSecurityCard | None = None
        self.fault: DeviceError | None = None  # raised by every call until cleared
        self.reads = 0
        self._events: collections.deque[Change] = collections.deque()
        self._changed = threading.Condition()

    # ---- test controls ----

    def insert(self, card: SocialSecurityCard = DEMO_CARD) -> None:
        """Put ``card`` in the slot (queues an ``"inserted"`` event)."""
        with self._changed:
            self.card = card
            self._events.append("inserted")
            self._changed.notify_all()

    def remove(self) -> None:
        """Empty the slot (queues a ``"removed"`` event)."""
        with self._changed:
            self.card = None
            self._events.append("removed")
            self._changed.notify_all()

    def unplug(self) -> None:
        """The reader goes away: every call raises until :meth:`plug` is called."""
        self.fault = ReaderUnavailable("device.smartcard.no_reader", wanted=self.reader)

    def plug(self) -> None:
        self.fault = None

    # ---- the interface ----

    def _check(self) -> None:
        if self.fault is not None:
            raise self.fault

    def read_card(self) -> SocialSecurityCard:
        """Thread: any."""
        self._check()
        if self.card is None:
            raise NoCard()
        self.reads += 1
        return self.card

    def wait_for_change(self, timeout_s: float) -> Change | None:
        """Thread: any; returns the oldest queued event or None after ``timeout_s``."""
        self._check()
        with self._changed:
            if not self._events:
                self._changed.wait(timeout_s)
            return self._events.popleft() if self._events else None

    def card_present(self) -> bool:
        """Thread: any."""
        self._check()
        return self.card is not None

    def probe(self) -> Health:
        """Thread: any; never raises."""
        if self.fault is not None:
            return Health.offline(self.fault.key, **self.fault.data)
        present = self.card is not None
        if not self._named:
            return Health.ok("device.smartcard.ready_simulated", card_present=present)
        return Health.ok("device.smartcard.ready", reader=self.reader, card_present=present)

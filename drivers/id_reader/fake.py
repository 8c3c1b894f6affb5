"""An in-memory ID card reader for UI tests and the simple demo."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace

from drivers.errors import DeviceError, DeviceUnavailable
from drivers.health import Health
from drivers.id_reader.base import IdCardReader, IdentityCard, NoCardError
from drivers.id_reader.samples import DEMO_CARDS, DUMMY_FINGERPRINT


class FakeIdCardReader(IdCardReader):
    """Holds at most one card; tests insert, remove and script faults.

    Args:
        cards: cards :meth:`insert_next` cycles through (default: the demo cards). The
            first one is on the reader from the start when ``present`` is true.
        present: start with ``cards[0]`` inserted.
        url, baud, library: accepted so a configuration written for another backend still
            builds a fake; ignored.
        photo_decoder: as for the real readers (see ``drivers.id_reader.photo``).
    """

    def __init__(
        self,
        cards: Iterable[IdentityCard] | None = None,
        *,
        present: bool = True,
        url: str = "",
        baud: int = 115200,
        photo_decoder: str = "",
        library: str = "",
        sam: str = "05.01-20260101-0000000001-0000000001",
        additional_address: str | None = None,
    ) -> None:
        super().__init__(photo_decoder)
        self._cards = list(DEMO_CARDS if cards is None else cards)
        self._index = 0
        self._card: IdentityCard | None = self._cards[0] if present and self._cards else None
        self._sam = sam
        self._address = additional_address
        self._faults: list[DeviceError] = []
        self._offline = False
        self._lock = threading.Lock()
        self.reads = 0

    # ---- control (tests, demo) ----
    def insert(self, card: IdentityCard) -> None:
        """Put ``card`` on the reader."""
        with self._lock:
            self._card = card

    def insert_next(self) -> IdentityCard:
        """Put the next scripted card on the reader and return it."""
        with self._lock:
            self._index = (self._index + 1) % len(self._cards)
            self._card = self._cards[self._index]
            return self._card

    def remove(self) -> None:
        """Take the card away."""
        with self._lock:
            self._card = None

    def fail_next(self, error: DeviceError, times: int = 1) -> None:
        """Make the next ``times`` calls raise ``error``."""
        with self._lock:
            self._faults.extend([error] * times)

    def set_offline(self, offline: bool) -> None:
        """Unplug (True) or plug back (False) the fake reader."""
        with self._lock:
            self._offline = offline

    # ---- IdCardReader ----
    def read_card(self, *, with_fingerprint: bool = False, timeout_s: float | None = None) -> IdentityCard:
        """See :meth:`IdCardReader.read_card`. Thread: any (the fake is locked)."""
        with self._lock:
            self._raise_faults()
            if self._card is None:
                raise NoCardError()
            self.reads += 1
            card = self._card
        if with_fingerprint and not card.fingerprint:
            card = replace(card, fingerprint=DUMMY_FINGERPRINT)
        return card

    def sam_id(self) -> str:
        """See :meth:`IdCardReader.sam_id`. Thread: any."""
        with self._lock:
            self._raise_faults()
            return self._sam

    def additional_address(self) -> str | None:
        """See :meth:`IdCardReader.additional_address`. Thread: any."""
        with self._lock:
            self._raise_faults()
            if self._card is None:
                raise NoCardError()
            return self._address

    def probe(self) -> Health:
        """Offline when unplugged, otherwise ok. Never raises."""
        if self._offline:
            return Health.offline("device.id_reader.disconnected", backend="fake")
        return Health.ok(backend="fake")

    def _raise_faults(self) -> None:
        if self._offline:
            raise DeviceUnavailable("device.id_reader.disconnected", backend="fake")
        if self._faults:
            raise self._faults.pop(0)


__all__ = ["FakeIdCardReader"]

"""An in-memory queue bus for UI tests and the simple demo."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from drivers.errors import DeviceError, DeviceTimeout, DeviceUnavailable
from drivers.health import Health
from drivers.queue_bus import registers
from drivers.queue_bus.base import BadValueError, QueueBus, RatingEvent


@dataclass
class FakeDisplay:
    text: str = ""
    brightness: int = 8


@dataclass
class FakePad:
    rating: int = 0
    counter: int = 0
    lamp: bool = False


class FakeQueueBus(QueueBus):
    """Displays and pads held in dicts; tests tap ratings and script faults.

    Args match :class:`~drivers.queue_bus.modbus_backend.ModbusQueueBus`; ``url`` and
    ``baud`` are ignored.
    """

    def __init__(
        self, url: str = "", baud: int = 9600, display_address: int = 1, pad_address: int = 2, poll_ms: int = 300
    ) -> None:
        self.display_address = display_address
        self.pad_address = pad_address
        self.poll_ms = poll_ms
        self.displays: dict[int, FakeDisplay] = {display_address: FakeDisplay()}
        self.pads: dict[int, FakePad] = {pad_address: FakePad()}
        self._seen: dict[int, int] = {}
        self._faults: list[DeviceError] = []
        self._offline = False
        self._lock = threading.Lock()

    # ---- control ----
    def tap_rating(self, rating: int, address: int | None = None) -> None:
        """A citizen taps ``rating`` (1-5) on the pad."""
        if rating not in registers.RATING_RANGE:
            raise BadValueError("device.queue_bus.bad_rating", rating=rating)
        with self._lock:
            pad = self.pads[self.pad_address if address is None else address]
            pad.rating = rating
            pad.counter = (pad.counter + 1) & 0xFFFF

    def fail_next(self, error: DeviceError, times: int = 1) -> None:
        """Make the next ``times`` calls raise ``error``."""
        with self._lock:
            self._faults.extend([error] * times)

    def set_offline(self, offline: bool) -> None:
        """Unplug (True) or plug back (False) the bus."""
        self._offline = offline

    # ---- QueueBus ----
    def show_text(self, address: int | None, text: str) -> None:
        """See :meth:`QueueBus.show_text`. Thread: any."""
        registers.text_to_registers(text)  # same validation as the wire
        with self._lock:
            self._check()
            self._display(address).text = text

    def set_brightness(self, address: int | None, level: int) -> None:
        """See :meth:`QueueBus.set_brightness`. Thread: any."""
        registers.check_brightness(level)
        with self._lock:
            self._check()
            self._display(address).brightness = level

    def read_rating(self, address: int | None) -> RatingEvent | None:
        """See :meth:`QueueBus.read_rating`. Thread: any."""
        with self._lock:
            self._check()
            addr = self.pad_address if address is None else address
            pad = self._pad(addr)
            previous = self._seen.get(addr)
            self._seen[addr] = pad.counter
            if previous is None or previous == pad.counter or pad.rating == 0:
                return None
            return RatingEvent(addr, pad.rating, pad.counter)

    def set_rate_lamp(self, address: int | None, on: bool) -> None:
        """See :meth:`QueueBus.set_rate_lamp`. Thread: any."""
        with self._lock:
            self._check()
            self._pad(self.pad_address if address is None else address).lamp = bool(on)

    def probe(self) -> Health:
        """Offline when unplugged. Never raises."""
        if self._offline:
            return Health.offline("device.queue_bus.disconnected", backend="fake")
        return Health.ok(backend="fake")

    def _display(self, address: int | None) -> FakeDisplay:
        addr = self.display_address if address is None else address
        if addr not in self.displays:
            raise DeviceTimeout("device.queue_bus.no_answer", address=addr)
        return self.displays[addr]

    def _pad(self, addr: int) -> FakePad:
        if addr not in self.pads:
            raise DeviceTimeout("device.queue_bus.no_answer", address=addr)
        return self.pads[addr]

    def _check(self) -> None:
        if self._offline:
            raise DeviceUnavailable("device.queue_bus.disconnected", backend="fake")
        if self._faults:
            raise self._faults.pop(0)

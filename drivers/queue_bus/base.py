"""The queue-bus interface (window LED displays, evaluation pads), its event and errors."""

from __future__ import annotations

import abc
import time
from dataclasses import dataclass, field

from drivers.device import Device
from drivers.errors import DeviceError


class QueueBusError(DeviceError):
    """A queue-bus device refused or could not do what was asked."""

    default_key = "device.queue_bus.error"


class BadValueError(QueueBusError):
    """A value the register map does not allow (checked before any byte is sent)."""

    default_key = "device.queue_bus.bad_value"


class TextTooLongError(BadValueError):
    """Display text longer than the 128 GB18030 bytes of registers 0-63."""

    default_key = "device.queue_bus.text_too_long"


class ModbusExceptionError(QueueBusError):
    """The device answered with a Modbus exception (``data["code"]``: 1-4, 5, 6, ...)."""

    default_key = "device.queue_bus.modbus_exception"


@dataclass(frozen=True)
class RatingEvent:
    """A new rating tapped on an evaluation pad.

    Attributes:
        address: the pad's Modbus address.
        rating: 1 (very dissatisfied) - 5 (very satisfied), GB/T 39734 scale.
        counter: the pad's counter value that announced it.
        at: ``time.time()`` when the driver saw it.
    """

    address: int
    rating: int
    counter: int
    at: float = field(default_factory=time.time)


class QueueBus(Device):
    """One RS-485 bus with window displays and evaluation pads.

    Thread: every method runs on the device's worker thread, never the GUI thread.
    ``address`` None means the address configured for that device type.
    """

    kind = "queue_bus"

    @abc.abstractmethod
    def show_text(self, address: int | None, text: str) -> None:
        """Show ``text`` (at most 128 GB18030 bytes) on the window display.

        Raises:
            TextTooLongError / BadValueError: before anything is sent.
            DeviceTimeout / DeviceUnavailable / ProtocolError / ModbusExceptionError.

        Thread: device worker thread.
        """

    @abc.abstractmethod
    def set_brightness(self, address: int | None, level: int) -> None:
        """Set the display's brightness 0-15. Thread: device worker thread."""

    @abc.abstractmethod
    def read_rating(self, address: int | None) -> RatingEvent | None:
        """The pad's newest rating, or None when its counter did not change since the
        last read (the first read after start only learns the counter).

        Thread: device worker thread (poll every ``poll_ms``).
        """

    @abc.abstractmethod
    def set_rate_lamp(self, address: int | None, on: bool) -> None:
        """Switch the pad's "please rate" lamp. Thread: device worker thread."""

"""The part every device kind shares: a name, a health probe, and close()."""

from __future__ import annotations

import abc

from drivers.health import Health


class Device(abc.ABC):
    """Base of every device interface (``drivers/<kind>/base.py`` subclasses it).

    Thread: all methods are called from the device's own worker thread (never the GUI
    thread), one call at a time; ``close`` may come from any thread at shutdown.
    """

    kind: str = "device"

    @classmethod
    def is_usable(cls) -> bool:
        """Whether this backend can work here (its library and OS support exist)."""
        return True

    @abc.abstractmethod
    def probe(self) -> Health:
        """Ask the device how it is, with a short timeout; never raises."""

    def close(self) -> None:  # noqa: B027 - a device with nothing to release keeps this
        """Release the port or connection; safe to call twice."""

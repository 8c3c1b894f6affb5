"""Errors every device kind raises. They carry a message key and data, never a sentence:
the UI turns the key into Chinese or English text (see ui/i18n)."""

from __future__ import annotations

from common.errors import KeyedError


class DeviceError(KeyedError):
    """A device did not do what was asked.

    Args:
        key: message key, e.g. ``"device.id_reader.no_card"``.
        **data: values the message may show (never personal data).
    """

    default_key = "device.error"

    def __init__(self, key: str | None = None, **data: object) -> None:
        super().__init__(key or self.default_key, **data)


class DeviceUnavailable(DeviceError):
    """The device is not there: port missing, connection refused, library absent."""

    default_key = "device.unavailable"


class DeviceTimeout(DeviceError):
    """The device did not answer in time."""

    default_key = "device.timeout"


class ProtocolError(DeviceError):
    """The device answered with bytes that do not form a valid frame."""

    default_key = "device.protocol"

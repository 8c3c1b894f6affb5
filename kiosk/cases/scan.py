"""Reading the receipt's QR code with the code camera (办件查询 by scanning).

One frame per call, decoded on the camera's worker thread (decoding is ~10 ms on a
small grey frame, HARDWARE.md §4); the screen asks again until a case code shows or it
gives up. Only payloads of the kind asked for are returned (a receipt's ``HKCASE:``, an
e-ID's ``CTID:``): any other code in view may carry personal data and is dropped here.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from kiosk.devices import DeviceManager

CASE_PREFIX = "HKCASE:"
E_ID_PREFIX = "CTID:"  # 居民身份证网上功能凭证 (drivers.camera.codes.PREFIXES)


class CaseCodeScanner:
    """Grabs a frame from the code camera and returns the codes with ``prefix`` in it.

    Args:
        devices: the device manager (the ``camera``).
        prefix: ``CASE_PREFIX`` (a receipt) or ``E_ID_PREFIX`` (an e-ID to identify).
    """

    def __init__(self, devices: DeviceManager, prefix: str = CASE_PREFIX) -> None:
        self._devices = devices
        self._prefix = prefix.upper()
        self._reader: Any = None  # made on the worker thread that uses it

    def scan(self, callback: Callable[[Future], None]) -> Future:
        """The Future holds a list of payloads with the prefix, maybe empty."""
        return self._devices.submit("camera", self._grab, callback)

    def _grab(self, camera: Any) -> list[str]:
        from drivers.camera.codes import CodeReader

        frame = camera.read_frame()
        if self._reader is None:
            self._reader = CodeReader()
        return [c.payload for c in self._reader.decode(frame) if c.payload.upper().startswith(self._prefix)]

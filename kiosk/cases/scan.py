"""Reading the receipt's QR code with the code camera (办件查询 by scanning).

One frame per call, decoded on the camera's worker thread (decoding is ~10 ms on a
small grey frame, HARDWARE.md §4); the screen asks again until a case code shows or it
gives up. Only payloads that name a case (``HKCASE:``) are returned: any other code in
view (an e-ID, a licence) may carry personal data and is dropped here.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from kiosk.devices import DeviceManager

CASE_PREFIX = "HKCASE:"


class CaseCodeScanner:
    """Grabs a frame from the code camera and returns the case codes in it."""

    def __init__(self, devices: DeviceManager) -> None:
        self._devices = devices
        self._reader: Any = None  # made on the worker thread that uses it

    def scan(self, callback: Callable[[Future], None]) -> Future:
        """The Future holds a list of case payloads (``HKCASE:<record id>``), maybe empty."""
        return self._devices.submit("camera", self._grab, callback)

    def _grab(self, camera: Any) -> list[str]:
        from drivers.camera.codes import CodeReader

        frame = camera.read_frame()
        if self._reader is None:
            self._reader = CodeReader()
        return [c.payload for c in self._reader.decode(frame) if c.payload.upper().startswith(CASE_PREFIX)]

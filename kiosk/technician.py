"""What the technician screen does, without Qt: unlock with the PIN, print a test page,
read a test card (masked), grab a camera frame and decode the codes in it.

Every device action goes through the device's worker (``DeviceManager.submit``), so the
screen never waits on hardware.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from common.masking import mask_code_text, mask_id_number, mask_name
from drivers.camera.codes import CodeReader
from drivers.printer.testpage import test_receipt as build_test_receipt
from kiosk.devices import DeviceManager
from kiosk.hall_time import DEFAULT_ZONE, hall_now

MAX_PIN_TRIES = 5
LOCKOUT_S = 60.0


class PinLock:
    """The technician PIN, with a lockout after repeated wrong tries."""

    def __init__(self, pin: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._pin = pin.encode()
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    def locked_for(self) -> float:
        """Seconds until the next try is allowed (0 when allowed)."""
        return max(0.0, self._locked_until - self._clock())

    def try_pin(self, entered: str) -> bool:
        if self.locked_for() > 0 or not self._pin:  # no PIN configured: nothing opens it
            return False
        if hmac.compare_digest(entered.encode(), self._pin):  # no timing hint
            self._failures = 0
            return True
        self._failures += 1
        if self._failures >= MAX_PIN_TRIES:
            self._failures = 0
            self._locked_until = self._clock() + LOCKOUT_S
        return False


@dataclass(frozen=True)
class PreviewFrame:
    """One camera frame as RGB bytes, with the codes decoded in it (payloads masked)."""

    rgb: bytes
    width: int
    height: int
    codes: tuple[str, ...]


def test_print(devices: DeviceManager, callback: Callable[[Future], None], zone: str = DEFAULT_ZONE) -> Future:
    receipt = build_test_receipt(hall_now(zone))  # the hall's time on paper, as every receipt
    return devices.submit("printer", lambda printer: printer.print_receipt(receipt), callback)


def test_read_card(devices: DeviceManager, callback: Callable[[Future], None], timeout_s: float = 5.0) -> Future:
    """Read one ID card; the Future holds only masked fields."""

    def read(reader: Any) -> dict[str, str]:
        card = reader.read_card(timeout_s=timeout_s)
        return {
            "card_type": card.card_type,
            "name": mask_name(card.name),
            "id_number": mask_id_number(card.id_number),
            "valid_to": card.valid_to.isoformat() if card.valid_to else "长期",
        }

    return devices.submit("id_reader", read, callback)


class CameraPreview:
    """Grabs frames for the preview; decoding happens on the camera's worker thread."""

    def __init__(self, devices: DeviceManager, max_width: int = 640) -> None:
        self._devices = devices
        self._max_width = max_width
        self._reader: CodeReader | None = None  # made on the worker thread that uses it

    def grab(self, callback: Callable[[Future], None]) -> Future:
        return self._devices.submit("camera", self._grab, callback)

    def _grab(self, camera: Any) -> PreviewFrame:
        import numpy as np

        frame = camera.read_frame()
        if self._reader is None:
            self._reader = CodeReader()
        codes = tuple(f"{c.kind}:{c.category}:{mask_code_text(c.payload)}" for c in self._reader.decode(frame))
        h, w = frame.shape[:2]
        step = max(1, w // self._max_width)
        small = np.ascontiguousarray(frame[::step, ::step, ::-1])  # BGR -> RGB, downscaled
        return PreviewFrame(small.tobytes(), small.shape[1], small.shape[0], codes)

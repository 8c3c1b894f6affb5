"""An in-memory camera for UI tests and the simple demo (no OpenCV device needed)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from drivers.camera import document
from drivers.camera.base import Camera, CameraUnavailable, DocumentCapture, Frame
from drivers.errors import DeviceError
from drivers.health import Health


class FakeCamera(Camera):
    """Plays scripted frames in a loop; faults are set by the test.

    Args match :class:`OpenCvCamera`; ``frames`` and ``doc_frame`` are set afterwards.
    """

    def __init__(
        self, source: str = "fake", doc_source: str = "", width: int = 1280, height: int = 720, doc_dpi: int = 200
    ) -> None:
        import numpy as np

        self.source, self.doc_dpi = source, doc_dpi
        self.frames: list[Any] = [np.full((height, width, 3), 128, np.uint8)]
        self.doc_frame: Any = None  # None = the current code frame
        self.fault: DeviceError | None = None
        self.reads = 0
        self.captures: list[DocumentCapture] = []
        self._cycle: Any = None
        self._cycled: list[Any] | None = None

    def unplug(self) -> None:
        self.fault = CameraUnavailable("device.camera.disconnected", source=self.source)

    def plug(self) -> None:
        self.fault = None

    def read_frame(self) -> Frame:
        """Thread: any."""
        if self.fault is not None:
            raise self.fault
        if self._cycled is not self.frames:
            self._cycled, self._cycle = self.frames, itertools.cycle(self.frames)
        self.reads += 1
        return next(self._cycle)

    def capture_document(self, path: str | Path, dpi: int | None = None) -> DocumentCapture:
        """Runs the real page finder on ``doc_frame``. Thread: any."""
        frame = self.doc_frame if self.doc_frame is not None else self.read_frame()
        if self.fault is not None:
            raise self.fault
        image, corners = document.scan(frame, dpi or self.doc_dpi)
        saved = document.save_jpeg(path, image)
        h, w = image.shape[:2]
        result = DocumentCapture(saved, w, h, corners is not None)
        self.captures.append(result)
        return result

    def probe(self) -> Health:
        """Thread: any; never raises."""
        if self.fault is not None:
            return Health.offline(self.fault.key, **self.fault.data)
        return Health.ok("device.camera.ready")

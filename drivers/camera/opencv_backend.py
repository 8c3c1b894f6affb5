"""Cameras through OpenCV's VideoCapture: a device index, a stream URL or a file.

Files stand in for cameras on machines without one (HARDWARE.md §4): they are played
at their own frame rate and loop at the end, so code and tests see the same pacing as
a live camera. After a failed read the capture is released and reopened on the next
call (automatic recovery).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from drivers.camera import document
from drivers.camera.base import Camera, CameraUnavailable, DocumentCapture, Frame, NoFrame
from drivers.errors import DeviceError
from drivers.health import Health

OPEN_TIMEOUT_MS = 1000  # a UVC device or an RTSP server answers well within this
READ_TIMEOUT_MS = 1000  # 1 s >> one frame at the 5-30 fps cameras deliver
DOC_WARMUP_FRAMES = 3  # a freshly opened UVC camera needs a few frames to set exposure


def _cv2() -> Any:
    import cv2  # imported here: the kiosk must start without OpenCV

    return cv2


class _Source:
    """One VideoCapture, opened lazily, with file pacing and reopen-on-failure."""

    def __init__(self, spec: str, width: int, height: int) -> None:
        self.spec = spec.strip()
        self.width, self.height = width, height
        self.is_index = self.spec.isdigit()
        self.is_url = "://" in self.spec
        self.is_file = not (self.is_index or self.is_url)
        self._cap: Any = None
        self._interval = 0.0
        self._next_at = 0.0

    @property
    def opened(self) -> bool:
        return self._cap is not None

    def open(self) -> Any:
        if self._cap is not None:
            return self._cap
        cv2 = _cv2()
        if self.is_file and not os.path.isfile(self.spec):
            # Checked here: OpenCV would only print a warning and hand back a dead capture.
            raise CameraUnavailable("device.camera.not_found", source=Path(self.spec).name)
        params = [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, OPEN_TIMEOUT_MS, cv2.CAP_PROP_READ_TIMEOUT_MSEC, READ_TIMEOUT_MS]
        target: int | str = int(self.spec) if self.is_index else self.spec
        cap = cv2.VideoCapture(target, cv2.CAP_ANY, params)
        if not cap.isOpened():
            cap.release()
            raise CameraUnavailable("device.camera.not_found", source=self._label())
        if not self.is_file:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        fps = cap.get(cv2.CAP_PROP_FPS) if self.is_file else 0.0
        self._interval = 1.0 / min(fps, 60.0) if fps and fps > 0 else 0.0
        self._next_at = time.monotonic()
        self._cap = cap
        return cap

    def _label(self) -> str:
        # Never put a stream URL's credentials (rtsp://user:pass@...) into a message.
        if self.is_url:
            scheme, _, rest = self.spec.partition("://")
            return f"{scheme}://{rest.rpartition('@')[2].split('/')[0]}"
        return Path(self.spec).name if self.is_file else self.spec

    def read(self) -> Frame:
        if self.is_file and self._cap is not None and not os.path.isfile(self.spec):
            # An open file stays readable after it is removed; a camera pulled out
            # does not. Footage taken away behaves like the pulled camera.
            self.release()
            raise CameraUnavailable("device.camera.disconnected", source=self._label())
        cap = self.open()
        if self._interval:
            # Pace a file like a live camera: one frame per 1/fps.
            delay = self._next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_at = max(self._next_at + self._interval, time.monotonic() - self._interval)
        ok, frame = cap.read()
        if not ok and self.is_file and os.path.isfile(self.spec):
            cap.set(_cv2().CAP_PROP_POS_FRAMES, 0)  # loop the footage
            ok, frame = cap.read()
        if not ok or frame is None:
            self.release()
            if self.is_file and not os.path.isfile(self.spec):
                raise CameraUnavailable("device.camera.disconnected", source=self._label())
            if self.is_file:
                raise NoFrame(source=self._label())
            raise CameraUnavailable("device.camera.disconnected", source=self._label())
        return frame

    def release(self) -> None:
        cap, self._cap = self._cap, None
        if cap is not None:
            cap.release()


class OpenCvCamera(Camera):
    """A code camera and an optional separate document camera (高拍仪).

    Args:
        source: device index (``"0"``), stream URL (``rtsp://...``) or video file.
        doc_source: the document camera; ``""`` = use ``source`` for documents too.
        width, height: requested capture size for devices (files keep theirs).
        doc_dpi: default A4 resolution of saved documents.
    """

    def __init__(
        self, source: str = "0", doc_source: str = "", width: int = 1280, height: int = 720, doc_dpi: int = 200
    ) -> None:
        self.doc_dpi = doc_dpi
        self._code = _Source(str(source), width, height)
        self._doc = _Source(doc_source, width, height) if doc_source else self._code
        self._lock = threading.Lock()

    @classmethod
    def is_usable(cls) -> bool:
        try:
            _cv2()
        except ImportError:
            return False
        return True

    def read_frame(self) -> Frame:
        """The next frame of the code camera (BGR).

        Thread: worker or scanner thread; blocks at most about one frame time (files)
        or the 1 s read timeout (devices, streams).
        """
        with self._lock:
            return self._code.read()

    def capture_document(self, path: str | Path, dpi: int | None = None) -> DocumentCapture:
        """Frame from the document camera -> page found, straightened, A4 JPEG.

        Thread: worker thread.
        """
        with self._lock:
            warm_up = DOC_WARMUP_FRAMES if self._doc.is_index and not self._doc.opened else 0
            for _ in range(warm_up):
                self._doc.read()
            frame = self._doc.read()
        image, corners = document.scan(frame, dpi or self.doc_dpi)
        saved = document.save_jpeg(path, image)
        h, w = image.shape[:2]
        return DocumentCapture(
            saved, w, h, corners is not None, tuple((int(x), int(y)) for x, y in corners) if corners is not None else ()
        )

    def probe(self) -> Health:
        """Open the code camera (and the document camera) and read one frame each.

        Thread: worker thread; about one frame time, at most ~1 s; never raises.
        """
        try:
            with self._lock:
                for src in {id(s): s for s in (self._code, self._doc)}.values():
                    src.read()
            return Health.ok("device.camera.ready")
        except DeviceError as exc:
            return Health.offline(exc.key, **exc.data)
        except Exception as exc:
            return Health.offline("device.camera.error", reason=type(exc).__name__)

    def close(self) -> None:
        """Release both captures; safe to call twice. Thread: any."""
        with self._lock:
            self._code.release()
            self._doc.release()

"""The camera interface, its result records and its errors."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from drivers.device import Device
from drivers.errors import DeviceError, DeviceTimeout, DeviceUnavailable

Frame = Any  # a numpy.ndarray (H x W x 3 BGR, uint8); numpy stays out of the interface
CodeKind = Literal["qr", "barcode"]
Category = Literal["e_id", "e_licence", "appointment", "other"]


@dataclass(frozen=True)
class CodeRead:
    """One code seen by the camera.

    Attributes:
        kind: ``"qr"`` or ``"barcode"``.
        payload: the decoded text. May hold personal data: never log it unmasked.
        at: ``time.time()`` of the frame it came from.
        category: what the code is for, from its prefix (see ``codes.PREFIXES``).
    """

    kind: CodeKind
    payload: str
    at: float
    category: Category = "other"

    def __repr__(self) -> str:
        # Payloads can carry ID numbers (e-ID codes): show only the category and size.
        return f"CodeRead(kind={self.kind!r}, category={self.category!r}, payload=<{len(self.payload)} chars>)"


@dataclass(frozen=True)
class DocumentCapture:
    """A saved document image.

    Attributes:
        path: the JPEG written.
        width, height: its size in pixels.
        found_page: True when a page outline was found and straightened; False when
            the whole frame was saved as it came (the UI asks to retake or accepts).
    """

    path: Path
    width: int
    height: int
    found_page: bool
    corners: tuple[tuple[int, int], ...] = field(default=(), compare=False)


class CameraError(DeviceError):
    """The camera did something unexpected."""

    default_key = "device.camera.error"


class CameraUnavailable(DeviceUnavailable):
    """The source cannot be opened (``device.camera.not_found``) or went away
    (``device.camera.disconnected``)."""

    default_key = "device.camera.not_found"


class NoFrame(DeviceTimeout):
    """The source is open but gave no frame in time."""

    default_key = "device.camera.no_frame"


class CaptureFailed(CameraError):
    """The document image could not be written (``device.camera.save_failed``)."""

    default_key = "device.camera.save_failed"


class Camera(Device):
    """A camera for codes, with an optional separate document camera.

    Thread: every method runs on the device's worker thread (or the code scanner's
    thread), never on the GUI thread; calls are serialised by the backend.
    """

    kind = "camera"

    @abc.abstractmethod
    def read_frame(self) -> Frame:
        """The next frame of the code camera as a BGR array.

        Thread: worker thread.

        Raises:
            CameraUnavailable: the source cannot be opened or went away.
            NoFrame: no frame within the timeout.
        """

    @abc.abstractmethod
    def capture_document(self, path: str | Path, dpi: int | None = None) -> DocumentCapture:
        """Take a frame from the document camera, find the page, straighten it, crop,
        scale to A4 at ``dpi`` (the configured ``doc_dpi`` when None) and save a JPEG.

        Thread: worker thread.

        Raises:
            CameraUnavailable, NoFrame: as :meth:`read_frame`.
            CaptureFailed: the file could not be written (nothing partial is left).
        """

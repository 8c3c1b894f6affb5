"""The WLT photo-decoder plug-in seam.

The card's 1024-byte photo is WLT-compressed; only the vendor's closed decoder
(libwlt2bmp / WltRS / termb, HARDWARE.md §1) turns it into the 102x126 picture. A
terminal that has one names a Python module in the ``photo_decoder`` option of the
``[devices.id_reader]`` section. That module exposes::

    def decode_wlt(wlt: bytes) -> bytes:   # returns a whole BMP or PNG file

(typically a few lines of ctypes around the vendor library). Without it the photo
stays opaque bytes and the UI shows the key :data:`PHOTO_UNAVAILABLE_KEY`.
"""

from __future__ import annotations

import importlib
import logging
from typing import Protocol, runtime_checkable

log = logging.getLogger(__name__)

PHOTO_UNAVAILABLE_KEY = "device.id_reader.photo_unavailable"
_IMAGE_MAGIC = (b"BM", b"\x89PNG\r\n\x1a\n")


@runtime_checkable
class PhotoDecoder(Protocol):
    """What a decoder plug-in module (or object) provides."""

    def decode_wlt(self, wlt: bytes) -> bytes:  # pragma: no cover - protocol
        ...


def load_decoder(module_name: str) -> PhotoDecoder | None:
    """Import the plug-in named in config, or None when unset, missing or unfit."""
    if not module_name.strip():
        return None
    try:
        module = importlib.import_module(module_name.strip())
    except Exception as exc:  # a vendor module may fail in any way when its .so is absent
        log.warning("photo decoder %s not loaded: %s", module_name, type(exc).__name__)
        return None
    if not callable(getattr(module, "decode_wlt", None)):
        log.warning("photo decoder %s has no decode_wlt()", module_name)
        return None
    return module


def decode(decoder: PhotoDecoder | None, wlt: bytes) -> bytes | None:
    """The decoded image, or None (no decoder, no photo, decoder error, not an image)."""
    if decoder is None or not wlt:
        return None
    try:
        image = decoder.decode_wlt(bytes(wlt))
    except Exception as exc:  # closed vendor code: never let it break a visit
        log.warning("photo decoder failed: %s", type(exc).__name__)
        return None
    if not isinstance(image, (bytes, bytearray)) or not bytes(image).startswith(_IMAGE_MAGIC):
        log.warning("photo decoder returned something that is not a BMP or PNG")
        return None
    return bytes(image)

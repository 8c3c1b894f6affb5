"""QR and barcode reading on downscaled grey frames, and what a payload is for.

HARDWARE.md §4: ``cv2.QRCodeDetectorAruco`` decoded 60/60 frames of a moving code at
~53 ms per 1280×720 frame but ~10 ms on a 640×360 grey frame, while the plain
``QRCodeDetector`` missed codes and spiked to 245 ms; so decode small and grey.

Payload prefixes (a convention for the demo and for local integrations; real e-ID
codes are opaque tokens verified online, so only the prefix is looked at here):

| prefix  | category      | example                               |
|---------|---------------|---------------------------------------|
| CTID:   | e_id          | 居民身份证网上功能凭证 (网证) token     |
| DZZZ:   | e_licence     | 电子证照 licence code                  |
| APPT:   | appointment   | ``APPT:20261126-A001`` booking number |
"""

from __future__ import annotations

import time
from typing import Any

from drivers.camera.base import Category, CodeRead, Frame

PREFIXES: dict[str, Category] = {"CTID:": "e_id", "DZZZ:": "e_licence", "APPT:": "appointment"}
DEFAULT_MAX_WIDTH = 640


def classify(payload: str) -> Category:
    """The category of ``payload`` by prefix (case-insensitive); ``"other"`` if none."""
    head = payload[:8].upper()
    for prefix, category in PREFIXES.items():
        if head.startswith(prefix):
            return category
    return "other"


def decode_payload(raw: bytes) -> str:
    """Bytes of a code as text: UTF-8 or GB18030 (many domestic generators), else Latin-1.

    Short GB18030 Chinese is often valid UTF-8 too (``预约`` = D4A4 D4BC decodes as two
    Armenian/Cyrillic letters), and UTF-8 Chinese often decodes as GB18030 mojibake:
    UTF-8 wins when it gives any CJK or GB18030 gives none.
    """
    try:
        utf8: str | None = raw.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and _cjk_count(utf8):
        return utf8
    try:
        gb = raw.decode("gb18030")
    except UnicodeDecodeError:
        return utf8 if utf8 is not None else raw.decode("latin-1")
    return gb if utf8 is None or _cjk_count(gb) else utf8


def _cjk_count(text: str) -> int:
    return sum(
        1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
    )


def to_small_grey(frame: Frame, max_width: int = DEFAULT_MAX_WIDTH) -> Frame:
    """A grey copy no wider than ``max_width`` (area interpolation keeps modules crisp)."""
    import cv2

    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    height, width = grey.shape[:2]
    if max_width and width > max_width:
        grey = cv2.resize(grey, (max_width, round(height * max_width / width)), interpolation=cv2.INTER_AREA)
    return grey


def barcodes_supported() -> bool:
    """Whether this OpenCV build has the 1-D barcode detector (opencv ≥ 4.8 main)."""
    import cv2

    return hasattr(cv2, "barcode") and hasattr(cv2.barcode, "BarcodeDetector")


class CodeReader:
    """Decodes codes in frames. Not thread-safe: make one per thread.

    Args:
        max_width: frames wider than this are downscaled before decoding (0 = never).
        barcodes: also look for 1-D barcodes (EAN-13, Code 128, ...) when supported.
    """

    def __init__(self, max_width: int = DEFAULT_MAX_WIDTH, barcodes: bool = True) -> None:
        import cv2

        self.max_width = max_width
        self._qr = cv2.QRCodeDetectorAruco()
        self._bar: Any = cv2.barcode.BarcodeDetector() if barcodes and barcodes_supported() else None

    def decode(self, frame: Frame, at: float | None = None) -> list[CodeRead]:
        """Every code found in ``frame`` (QR first), each payload once.

        Never raises for image content: OpenCV errors on odd frames count as "nothing".
        """
        import cv2

        at = time.time() if at is None else at
        grey = to_small_grey(frame, self.max_width)
        found: list[CodeRead] = []
        seen: set[str] = set()
        try:
            ok, payloads, _points, _straight = self._qr.detectAndDecodeBytesMulti(grey)
        except cv2.error:
            ok, payloads = False, ()
        for raw in payloads if ok else ():
            if raw:
                text = decode_payload(bytes(raw))
                if text not in seen:
                    seen.add(text)
                    found.append(CodeRead("qr", text, at, classify(text)))
        if self._bar is not None:
            try:
                ok, infos, _types, _points = self._bar.detectAndDecodeWithType(grey)
            except cv2.error:
                ok, infos = False, ()
            for text in infos if ok else ():
                if text and text not in seen:
                    seen.add(text)
                    found.append(CodeRead("barcode", text, at, classify(text)))
        return found

"""Checks on a captured material page before it is stored: an image, and not too big.

A page comes from the document camera as JPEG; a page from elsewhere (a file, a
broken capture) is refused here, before anything reaches the outbox.
"""

from __future__ import annotations

import io

from kiosk.cases.errors import CaseError

MAX_PAGE_BYTES = 4 * 1024 * 1024  # an A4 page at 200 dpi is ~0.5 MB; 4 MB is a broken capture
MAX_PAGE_PIXELS = 4000 * 4000
MAX_PAGES = 20  # per material
_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def check_page(data: bytes) -> tuple[int, int]:
    """The page's (width, height) when it is a usable JPEG or PNG image.

    Raises:
        CaseError: ``case.image.too_large`` (bytes or pixels), ``case.image.not_image``.
    """
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise CaseError("case.image.not_image")
    if len(data) > MAX_PAGE_BYTES:
        raise CaseError("case.image.too_large", limit_mb=MAX_PAGE_BYTES // (1024 * 1024))
    if not data.startswith(_MAGIC):
        raise CaseError("case.image.not_image")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            if width * height > MAX_PAGE_PIXELS:
                raise CaseError("case.image.too_large", limit_mb=MAX_PAGE_BYTES // (1024 * 1024))
            img.load()  # a truncated file fails here, not on the hub
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CaseError("case.image.not_image") from exc
    except Image.DecompressionBombError as exc:
        raise CaseError("case.image.too_large", limit_mb=MAX_PAGE_BYTES // (1024 * 1024)) from exc
    return width, height

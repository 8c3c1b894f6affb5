"""Document capture for the 高拍仪: find the page, straighten it, crop, scale, save.

The page is the largest convex four-cornered outline covering a fair part of the
frame; it is warped to A4 proportions (ISO 216, 210 × 297 mm) at the requested dpi,
upright or landscape as the page lies.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from drivers.camera.base import CaptureFailed, Frame

A4_MM = (210.0, 297.0)
MIN_PAGE_FRACTION = 0.15  # of the frame's area; smaller outlines are text blocks or noise


def a4_pixels(dpi: int, landscape: bool = False) -> tuple[int, int]:
    """(width, height) in pixels of an A4 page at ``dpi``."""
    w, h = (round(mm / 25.4 * dpi) for mm in A4_MM)
    return (h, w) if landscape else (w, h)


def order_corners(points: Frame) -> Frame:
    """Four points as top-left, top-right, bottom-right, bottom-left (float32 4×2)."""
    import numpy as np

    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()  # y - x
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], dtype=np.float32)


def find_page(image: Frame) -> Frame | None:
    """The page's corners (ordered, float32 4×2) or None when no page outline is found."""
    import cv2
    import numpy as np

    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    grey = cv2.GaussianBlur(grey, (5, 5), 0)
    area_min = MIN_PAGE_FRACTION * grey.shape[0] * grey.shape[1]
    # Two views of the same frame: a bright page on a darker desk separates by Otsu's
    # threshold; a page on a light desk still has edges for Canny.
    _, bright = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    edges = cv2.dilate(cv2.Canny(grey, 50, 150), np.ones((3, 3), np.uint8))
    for mask in (bright, edges):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
            if cv2.contourArea(contour) < area_min:
                break
            hull = cv2.convexHull(contour)
            approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
            if len(approx) == 4 and cv2.isContourConvex(approx) and not _on_frame_edge(approx, grey.shape):
                return order_corners(approx)
    return None


def _on_frame_edge(quad: Frame, shape: tuple[int, ...], margin: int = 3) -> bool:
    """Two or more corners on the frame's edge: that outline is the frame cut by a
    shadow or a lighting gradient, not a page whose four edges are in view."""
    h, w = shape[:2]
    pts = quad.reshape(4, 2)
    on_edge = (
        (pts[:, 0] <= margin) | (pts[:, 0] >= w - 1 - margin) | (pts[:, 1] <= margin) | (pts[:, 1] >= h - 1 - margin)
    )
    return int(on_edge.sum()) >= 2


def straighten(image: Frame, corners: Frame, dpi: int) -> Frame:
    """Warp the quadrilateral ``corners`` of ``image`` to an A4 page at ``dpi``."""
    import cv2
    import numpy as np

    tl, tr, br, bl = corners
    width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    out_w, out_h = a4_pixels(dpi, landscape=width > height)
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    return cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def scan(image: Frame, dpi: int) -> tuple[Frame, Frame | None]:
    """(page image, corners) — or (the frame unchanged, None) when no page is found."""
    corners = find_page(image)
    if corners is None:
        return image, None
    return straighten(image, corners, dpi), corners


def save_jpeg(path: str | Path, image: Frame, quality: int = 90) -> Path:
    """Write ``image`` as a JPEG, whole or not at all.

    Encodes in memory and writes through Python (``cv2.imwrite`` cannot open non-ASCII
    paths on Windows, and Chinese folder names are common), to a temporary file that
    is renamed into place so a crash never leaves half a JPEG.

    Raises:
        CaptureFailed: encoding or writing failed (data: ``reason``).
    """
    import cv2

    path = Path(path)
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise CaptureFailed(reason="encode")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".capture-", suffix=".jpg", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.tobytes())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise CaptureFailed(reason=type(exc).__name__) from exc
    return path

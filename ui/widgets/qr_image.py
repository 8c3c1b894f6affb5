"""A QR code drawn on screen from the core's module matrix (kiosk.qr)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from kiosk.qr import qr_matrix


def qr_image(text: str, size_px: int = 200) -> QImage:
    """Black modules on white, each module a whole number of pixels (sharp edges scan
    best), the image about ``size_px`` wide."""
    matrix = qr_matrix(text)
    n = len(matrix)
    scale = max(2, size_px // n)
    image = QImage(n * scale, n * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * scale, y * scale, scale, scale, Qt.GlobalColor.black)
    painter.end()
    return image


def qr_pixmap(text: str, size_px: int = 200) -> QPixmap:
    return QPixmap.fromImage(qr_image(text, size_px))

"""A large tile: a button holding a layout of labels (a name, what it is for), as tall as
its text needs in the theme on show (a style sheet's fixed height cut a wrapped name)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class TileButton(QPushButton):
    def __init__(self, lines: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        """``lines``: (text, role) from the top, e.g. [(name, "title"), (sub, "muted")]."""
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(28, 16, 28, 16)
        self.labels: list[QLabel] = []
        for text, role in lines:
            label = QLabel(text)
            label.setProperty("role", role)
            label.setWordWrap(True)
            # A QLabel without text interaction ignores presses, so the tap reaches the tile.
            self.box.addWidget(label)
            self.labels.append(label)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        from ui import theme

        return max(self.box.totalHeightForWidth(width), theme.current().target_px)

    def minimumSizeHint(self) -> QSize:
        hint = self.box.totalMinimumSize()
        return QSize(hint.width(), max(hint.height(), self.heightForWidth(max(hint.width(), 300))))

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

"""A large tile: a button holding a column of labels (a name, what it is for), as tall
as its text needs in the theme on show, and never under the theme's touch target (a
style sheet's fixed height cut a wrapped name; a crowded screen squeezed the tile)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

# About a tile's width on either reference screen (three or two a row): where the
# minimum height is judged before the layout gives the real width.
TYPICAL_WIDTH = 440


class TileButton(QPushButton):
    def __init__(self, lines: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        """``lines``: (text, role) from the top, e.g. [(name, "title"), (sub, "muted")]."""
        super().__init__(parent)
        self.setProperty("role", "tile")
        # The labels sit on a child, not in a layout of the button's own: a layout would
        # size the button by itself and pass over heightForWidth's floor.
        self._inner = QWidget(self)
        self._inner.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the tap is the tile's
        self._inner.setStyleSheet("background: transparent;")  # the tile's own face and border show
        self.box = QVBoxLayout(self._inner)
        self.box.setContentsMargins(28, 16, 28, 16)
        self.labels: list[QLabel] = []
        for text, role in lines:
            label = QLabel(text)
            label.setProperty("role", role)
            label.setWordWrap(True)
            # Presses pass through to the tile (a drag-to-scroll area replays a held press
            # to the widget under the finger: that must be the tile, not its words).
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.box.addWidget(label)
            self.labels.append(label)
        sp = self.sizePolicy()
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        # Pressed, the tile turns to the text's colour (ui/theme.py): its words turn to the
        # background's, or a finger on 取号 would see its words vanish instead of a press.
        self.pressed.connect(lambda: self._words_down(True))
        self.released.connect(lambda: self._words_down(False))

    def _words_down(self, down: bool) -> None:
        for label in self.labels:
            label.setProperty("down", down)
            label.style().unpolish(label)
            label.style().polish(label)

    def event(self, event) -> bool:
        done = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            # The style sheet's min-height would let a crowded screen squeeze the tile
            # under its text; heightForWidth's height never goes under the floor.
            if self.minimumHeight():
                self.setMinimumHeight(0)
            self.updateGeometry()
        return done

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._inner.setGeometry(self.rect())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        from ui import theme

        return max(self.box.totalHeightForWidth(width), theme.current().target_px)

    def minimumSizeHint(self) -> QSize:
        hint = self.box.totalMinimumSize()
        return QSize(hint.width(), self.heightForWidth(max(hint.width(), TYPICAL_WIDTH)))

    def sizeHint(self) -> QSize:
        hint = self.box.totalSizeHint()
        return QSize(hint.width(), self.heightForWidth(max(hint.width(), TYPICAL_WIDTH)))

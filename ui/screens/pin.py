"""A number pad for the technician PIN (big keys, digits masked)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr


class PinScreen(QWidget):
    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PinScreen")
        self._digits = ""
        col = QVBoxLayout(self)
        col.setContentsMargins(48, 24, 48, 24)
        title = QLabel(tr("tech.pin_title"))
        title.setProperty("role", "hero")
        self.display = QLabel()
        self.display.setProperty("role", "title")
        self.message = QLabel()
        self.message.setProperty("state", "offline")
        col.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(self.display, alignment=Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(self.message, alignment=Qt.AlignmentFlag.AlignHCenter)
        grid = QGridLayout()
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        self.keys: dict[str, QPushButton] = {}
        for i, k in enumerate(keys):
            b = QPushButton(tr("tech.ok") if k == "OK" else k)
            b.setMinimumSize(120, 96)
            if k == "OK":
                b.setProperty("role", "primary")
            b.clicked.connect(lambda _=False, k=k: self._press(k))
            grid.addWidget(b, i // 3, i % 3)
            self.keys[k] = b
        col.addLayout(grid)
        cancel = QPushButton(tr("nav.back"))
        cancel.clicked.connect(self._cancel)
        col.addWidget(cancel, alignment=Qt.AlignmentFlag.AlignHCenter)
        col.addStretch(1)

    def _press(self, key: str) -> None:
        if key == "⌫":
            self._digits = self._digits[:-1]
        elif key == "OK":
            entered, self._digits = self._digits, ""
            self.submitted.emit(entered)
        elif len(self._digits) < 12:
            self._digits += key
        self.display.setText("●" * len(self._digits))

    def _cancel(self) -> None:
        self.reset()
        self.cancelled.emit()

    def reset(self, message: str = "") -> None:
        self._digits = ""
        self.display.setText("")
        self.message.setText(message)

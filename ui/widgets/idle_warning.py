"""The 'are you still there?' panel shown before a visit ends (WCAG 2.2.1)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr


class IdleWarningWidget(QFrame):
    """Covers its parent; one tap on the big button (or anywhere) extends the visit."""

    extend_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._covered = parent  # typed, unlike parentWidget(): the panel is sized to it
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 48, 48, 48)
        self.title = QLabel(tr("visit.warning.title"))
        self.title.setProperty("role", "hero")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.button = QPushButton(tr("visit.warning.continue"))
        self.button.setProperty("role", "primary")
        self.button.clicked.connect(self.extend_requested)
        self.body.setAlignment(Qt.AlignmentFlag.AlignHCenter)  # centred in the full width: no break before 信息
        for w in (self.title, self.body, self.button):
            box.addWidget(w, alignment=Qt.AlignmentFlag.AlignHCenter if w is not self.body else Qt.AlignmentFlag(0))
        self.hide()

    def show_countdown(self, seconds: int) -> None:
        self.body.setText(tr("visit.warning.body", seconds=seconds))
        if not self.isVisible():
            parent = self._covered
            w, h = min(900, parent.width() - 80), min(520, parent.height() - 80)
            self.setGeometry((parent.width() - w) // 2, (parent.height() - h) // 2, w, h)
            self.show()
            self.raise_()

    def mousePressEvent(self, event) -> None:
        self.extend_requested.emit()
        super().mousePressEvent(event)

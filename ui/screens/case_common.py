"""What every step of an application looks like: a large title, the step's body, the
message line, and the navigation row (返回 · 取消 · the step's main button)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QScroller, QVBoxLayout, QWidget

from ui import theme
from ui.i18n import tr


class CaseStepScreen(QWidget):
    """A step screen; subclasses fill ``self.body`` (a QVBoxLayout)."""

    back_requested = Signal()
    cancel_requested = Signal()
    next_requested = Signal()

    def __init__(self, name: str, title_key: str, next_key: str = "case.next", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        col = QVBoxLayout(self)
        col.setContentsMargins(48, 16, 48, 16)
        col.setSpacing(16)
        self.title = QLabel(tr(title_key))
        self.title.setProperty("role", "hero")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()  # the item, beside the step's title (the keyboard needs the height)
        self.subtitle.setProperty("role", "title")
        self.subtitle.setWordWrap(True)
        head = QHBoxLayout()
        head.setSpacing(32)
        head.addWidget(self.title)
        head.addWidget(self.subtitle, 1)
        col.addLayout(head)
        # The step's body scrolls: with the keyboard below it, no step may make the window
        # taller than its screen (elder mode's large text included).
        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        # At least a field's height, not the body's whole hint: the keyboard needs the room.
        scroll.setMinimumHeight(theme.current().target_px + 24)
        col.addWidget(scroll, 1)
        self.scroll_area = scroll
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        col.addWidget(self.message)
        self._col = col
        row = QHBoxLayout()
        self.back_button = QPushButton(tr("nav.back"))
        self.back_button.clicked.connect(self.back_requested)
        self.cancel_button = QPushButton(tr("case.cancel"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.next_button = QPushButton(tr(next_key))
        self.next_button.setProperty("role", "primary")
        self.next_button.clicked.connect(self.next_requested)
        row.addWidget(self.back_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        self.nav = row
        col.addLayout(row)

    def add_keyboard(self, keyboard: QWidget | None) -> None:
        """The embedded keyboard under the body, above the navigation row."""
        if keyboard is not None:
            self._col.insertWidget(self._col.count() - 1, keyboard, 0, Qt.AlignmentFlag.AlignHCenter)

    def add_keys(self, keys: QWidget) -> None:
        """Big keys of the screen's own (elder mode) across the width, above the navigation row."""
        self._col.insertWidget(self._col.count() - 1, keys)

    def set_message(self, text: str, state: str = "offline") -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setProperty("state", state)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

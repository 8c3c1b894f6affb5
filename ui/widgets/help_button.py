"""The kiosk header's 呼叫帮助 button, and the 帮办中 badge beside it.

A tap asks for help; a long press (LONG_PRESS_MS) is the helper's discreet way to sign
in (no second visible button a citizen could wander into).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.i18n import tr

LONG_PRESS_MS = 1500


class HelpButton(QPushButton):
    tapped = Signal()
    long_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("assist.call"), parent)
        self.setObjectName("HelpButton")
        self.setProperty("role", "primary")
        self.setAccessibleName(tr("assist.call"))
        self._long = False
        self._timer = QTimer(self, singleShot=True, interval=LONG_PRESS_MS)
        self._timer.timeout.connect(self._held)
        self.pressed.connect(self._down)
        self.released.connect(self._timer.stop)
        self.clicked.connect(self._clicked)

    def _down(self) -> None:
        self._long = False
        self._timer.start()

    def _held(self) -> None:
        self._long = True
        self.long_pressed.emit()

    def _clicked(self) -> None:
        if self._long:  # the long press was the helper's: no help request as well
            self._long = False
            return
        self.tapped.emit()


class AssistBadge(QWidget):
    """帮办中 · 工号3001 with its 结束帮办 button; hidden while nobody helps."""

    end_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AssistBadge")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setProperty("role", "banner")
        self.end_button = QPushButton(tr("assist.end"))
        self.end_button.clicked.connect(self.end_requested)
        row.addWidget(self.label)
        row.addWidget(self.end_button)
        self.hide()

    def show_helper(self, staff: str) -> None:
        self.label.setText(tr("assist.badge", staff=staff))
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.hide()

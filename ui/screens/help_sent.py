"""帮助请求已发出: what a citizen sees after 呼叫帮助, and the helper's quiet way in."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr


class HelpSentScreen(QWidget):
    back_requested = Signal()
    staff_requested = Signal()  # 工作人员: the helper signs in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HelpSentScreen")
        col = QVBoxLayout(self)
        col.setContentsMargins(48, 48, 48, 32)
        col.setSpacing(24)
        self.heading = QLabel()
        self.heading.setProperty("role", "hero")
        self.heading.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        col.addWidget(self.heading)
        col.addWidget(self.text)
        col.addStretch(1)
        row = QHBoxLayout()
        self.back_button = QPushButton(tr("nav.back"))
        self.back_button.setProperty("role", "primary")
        self.back_button.clicked.connect(self.back_requested)
        # Small and plain: for staff, not a second call to action for the citizen.
        self.staff_button = QPushButton(tr("assist.staff_link"))
        self.staff_button.setFlat(True)
        self.staff_button.setProperty("role", "muted")
        self.staff_button.clicked.connect(self.staff_requested)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.staff_button)
        col.addLayout(row)

    def show_state(self, state: str) -> None:
        """``sent``, ``already`` (one request per visit) or an error key."""
        if state == "sent":
            self.heading.setText(tr("assist.sent_title"))
            self.text.setText(tr("assist.sent"))
        elif state == "already":
            self.heading.setText(tr("assist.sent_title"))
            self.text.setText(tr("assist.already"))
        else:
            self.heading.setText(tr("assist.call"))
            self.text.setText(tr(state))

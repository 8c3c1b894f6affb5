"""The hub step of the set-up wizard: the hub's address and the 6-digit pairing code,
a 配对 button and its result."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr


class SetupHubScreen(QWidget):
    pair_requested = Signal(str, str)  # hub address, code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SetupHubScreen")
        col = QVBoxLayout(self)
        col.setContentsMargins(32, 24, 32, 24)
        col.setSpacing(18)
        title = QLabel(tr("setup.step.hub"))
        title.setProperty("role", "hero")
        col.addWidget(title)
        hint = QLabel(tr("setup.ui.hint.hub"))
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        col.addWidget(hint)
        col.addWidget(QLabel(tr("setup.ui.hub_address")))
        self.address = QLineEdit()
        self.address.setObjectName("hub_address")
        self.address.setPlaceholderText("http://192.168.1.5:8700")
        self.address.setMinimumHeight(72)
        col.addWidget(self.address)
        col.addWidget(QLabel(tr("setup.ui.pairing_code")))
        self.code = QLineEdit()
        self.code.setObjectName("pairing_code")
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,6}"), self.code))
        self.code.setMaxLength(6)
        self.code.setMinimumHeight(72)
        self.code.setStyleSheet("font-size: 44px; letter-spacing: 12px;")
        col.addWidget(self.code)
        row = QHBoxLayout()
        self.pair_button = QPushButton(tr("setup.ui.pair"))
        self.pair_button.setObjectName("pair")
        self.pair_button.setProperty("role", "primary")
        self.pair_button.clicked.connect(lambda: self.pair_requested.emit(self.address.text(), self.code.text()))
        row.addWidget(self.pair_button)
        row.addStretch(1)
        col.addLayout(row)
        self.result = QLabel(tr("setup.ui.hub_optional"))
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setProperty("role", "title")
        col.addWidget(self.result)
        col.addStretch(1)

    def set_busy(self, text: str) -> None:
        self.pair_button.setEnabled(False)
        self.result.setText(text)

    def show_result(self, text: str, ok: bool) -> None:
        self.pair_button.setEnabled(True)
        self.result.setText(("✔ " if ok else "✘ ") + text)
        self.result.setStyleSheet("color: #1b7a3a;" if ok else "color: #b3261e;")
        if ok:
            self.code.clear()  # used once; nothing to keep on screen

"""One device step of the set-up wizard: what was found, an address field, 查找 and
测试 buttons, and the result in large type. The screen only shows and forwards taps;
``ui.setup_window.SetupWindow`` runs the step on a worker and calls ``show_result``."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr


class SetupDeviceScreen(QWidget):
    """Args:
    kind: ``id_reader`` | ``printer`` | ``smartcard`` | ``camera``.
    found: what the machine lists for this kind (shown as a hint, first one prefilled).
    """

    find_requested = Signal(str, str)  # kind, the address as typed
    test_requested = Signal(str)  # kind

    def __init__(self, kind: str, found: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"SetupDeviceScreen_{kind}")
        col = QVBoxLayout(self)
        col.setContentsMargins(32, 24, 32, 24)
        col.setSpacing(18)
        title = QLabel(tr(f"setup.step.{kind}"))
        title.setProperty("role", "hero")
        col.addWidget(title)
        hint = QLabel(tr(f"setup.ui.hint.{kind}"))
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        col.addWidget(hint)
        self.found = QLabel(tr("setup.ui.found", found="、".join(found)) if found else tr("setup.ui.found_none"))
        self.found.setWordWrap(True)
        col.addWidget(self.found)
        self.address = QLineEdit(" ".join(found) if kind == "id_reader" else (found[0] if found else ""))
        self.address.setObjectName("address")
        self.address.setPlaceholderText(tr(f"setup.ui.placeholder.{kind}"))
        self.address.setMinimumHeight(72)
        col.addWidget(self.address)
        row = QHBoxLayout()
        self.find_button = QPushButton(tr(f"setup.ui.find.{kind}"))
        self.find_button.setObjectName("find")
        self.find_button.clicked.connect(lambda: self.find_requested.emit(self.kind, self.address.text()))
        self.test_button = QPushButton(tr(f"setup.ui.test.{kind}"))
        self.test_button.setObjectName("test")
        self.test_button.setProperty("role", "primary")
        self.test_button.setEnabled(False)
        self.test_button.clicked.connect(lambda: self.test_requested.emit(self.kind))
        row.addWidget(self.find_button)
        row.addWidget(self.test_button)
        row.addStretch(1)
        col.addLayout(row)
        self.result = QLabel(tr("setup.ui.not_yet"))
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setProperty("role", "title")
        col.addWidget(self.result)
        col.addStretch(1)

    def set_busy(self, text: str) -> None:
        """A step runs: buttons off until its result comes."""
        self.find_button.setEnabled(False)
        self.test_button.setEnabled(False)
        self.result.setText(text)
        self.result.setStyleSheet("")

    def show_result(self, text: str, ok: bool, *, found: bool) -> None:
        """The outcome in words; 测试 is possible once the device was found."""
        self.find_button.setEnabled(True)
        self.test_button.setEnabled(found)
        self.result.setText(("✔ " if ok else "✘ ") + text)
        self.result.setProperty("ok", ok)
        self.result.setStyleSheet("color: #1b7a3a;" if ok else "color: #b3261e;")

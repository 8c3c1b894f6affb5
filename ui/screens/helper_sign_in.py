"""帮办人员登录 at a kiosk: staff number and PIN, checked at the hub (as a window's
clerk signs in), with a way back for the citizen."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from ui.i18n import tr
from ui.screens.clerk_sign_in import ClerkSignInScreen


class HelperSignInScreen(ClerkSignInScreen):
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, parent)
        self.setObjectName("HelperSignInScreen")
        self.title.setText(tr("assist.sign_in_title"))
        self.subtitle.setText(tr("assist.sign_in_hint"))
        self.cancel_button = QPushButton(tr("assist.cancel"))
        self.cancel_button.clicked.connect(self.cancelled)
        self.form.insertWidget(self.form.count() - 1, self.cancel_button)
        self.set_ready(True)

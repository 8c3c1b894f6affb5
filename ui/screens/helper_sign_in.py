"""帮办人员登录 at a kiosk: staff number and PIN, checked at the hub (as a window's
clerk signs in), with a way back for the citizen."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from ui.i18n import tr
from ui.screens.clerk_sign_in import ClerkSignInScreen, _field, _PadScreen


class HelperSignInScreen(ClerkSignInScreen):
    """The clerk's sign-in with its own title and hint (built with them: a text set
    afterwards would not get the height it needs) and 取消."""

    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        _PadScreen.__init__(self, parent)
        self.setObjectName("HelperSignInScreen")
        self.staff = _field(tr("desk.staff_number"), secret=False)
        self.pin = _field(tr("desk.pin"), secret=True)
        self._build(tr("assist.sign_in_title"), tr("assist.sign_in_hint"), [self.staff, self.pin])
        self.cancel_button = QPushButton(tr("assist.cancel"))
        self.cancel_button.clicked.connect(self.cancelled)
        self.form.insertWidget(self.form.count() - 1, self.cancel_button)
        self.set_ready(True)

"""The window role's first screen: which window this is, who is being served, devices."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from drivers.health import Health
from ui.i18n import tr
from ui.widgets.device_health import DeviceHealthWidget


class ClerkScreen(QWidget):
    def __init__(self, window_no: int, terminal_id: str, devices: dict[str, Health],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClerkScreen")
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 24, 32, 32)
        row.setSpacing(24)

        serving = QFrame()
        serving.setProperty("role", "card")
        left = QVBoxLayout(serving)
        left.setContentsMargins(32, 32, 32, 32)
        self.window_label = QLabel(tr("window.title", window_no=window_no))
        self.window_label.setProperty("role", "hero")
        self.status = QLabel(tr("window.idle"))
        self.status.setProperty("role", "title")
        terminal = QLabel(tr("window.signed_in", terminal=terminal_id))
        terminal.setProperty("role", "muted")
        left.addWidget(self.window_label)
        left.addSpacing(24)
        left.addWidget(self.status)
        left.addStretch(1)
        left.addWidget(terminal)
        row.addWidget(serving, 3)

        side = QFrame()
        side.setProperty("role", "card")
        right = QVBoxLayout(side)
        right.setContentsMargins(24, 24, 24, 24)
        heading = QLabel(tr("window.devices"))
        heading.setProperty("role", "title")
        right.addWidget(heading)
        self.devices = DeviceHealthWidget(devices)
        right.addWidget(self.devices)
        right.addStretch(1)
        row.addWidget(side, 2)

"""The strip at the top of every role's screen: hall name, date and clock, actions."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


class HeaderWidget(QWidget):
    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 12, 24, 12)
        self.title = QLabel(title)
        self.title.setProperty("role", "title")
        self.subtitle = QLabel(subtitle)
        self.subtitle.setProperty("role", "muted")
        self.clock = QLabel()
        self.clock.setProperty("role", "title")
        row.addWidget(self.title)
        row.addSpacing(16)
        row.addWidget(self.subtitle)
        row.addStretch(1)
        self.actions = QHBoxLayout()
        row.addLayout(self.actions)
        row.addSpacing(16)
        row.addWidget(self.clock)
        self._tick()
        self._timer = QTimer(self, interval=1000, timeout=self._tick)
        self._timer.start()

    def add_action(self, widget: QWidget) -> None:
        self.actions.addWidget(widget)

    def _tick(self) -> None:
        self.clock.setText(time.strftime("%Y-%m-%d  %H:%M"))

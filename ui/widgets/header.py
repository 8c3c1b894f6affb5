"""The strip at the top of every role's screen: hall name, date and clock, actions."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


class HeaderWidget(QWidget):
    # Five taps on the clock within three seconds: the technician's way in (no visible
    # button a citizen could wander into; the PIN guards it anyway).
    secret_tapped = Signal()
    TAPS, WINDOW_S = 5, 3.0

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
        self._taps: list[float] = []
        self.clock.mousePressEvent = self._clock_tapped
        self._tick()
        self._timer = QTimer(self, interval=1000, timeout=self._tick)
        self._timer.start()

    def add_action(self, widget: QWidget) -> None:
        self.actions.addWidget(widget)

    def _tick(self) -> None:
        self.clock.setText(time.strftime("%Y-%m-%d  %H:%M"))

    def _clock_tapped(self, event) -> None:
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t < self.WINDOW_S] + [now]
        if len(self._taps) >= self.TAPS:
            self._taps.clear()
            self.secret_tapped.emit()

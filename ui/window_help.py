"""Help requests at a window terminal: "3号自助机 请求帮助 · 办事指南页 · 2分钟前" in the
header, from the hub's event stream (kiosk.queue.help_watch); a tap says 知道了."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton

from kiosk.queue.connection import HubConnection
from kiosk.queue.help_watch import HelpAlert, HelpWatch
from ui.i18n import tr
from ui.widgets.header import HeaderWidget


def terminal_words(alert: HelpAlert) -> str:
    n = alert.terminal_no
    return tr("assist.kiosk_n", n=n) if n is not None else tr("assist.kiosk_named", name=alert.terminal)


def screen_words(screen: str) -> str:
    key = f"assist.screen.{screen}"
    text = tr(key)
    return screen if text == key else text


def ago_words(seconds: float) -> str:
    minutes = int(max(0.0, seconds) // 60)
    return tr("assist.ago_min", n=minutes) if minutes else tr("assist.ago_now")


def alert_text(alerts: list[HelpAlert], now: float) -> str:
    """The newest request in words, and how many more there are."""
    if not alerts:
        return ""
    a = alerts[0]
    text = tr("assist.alert", terminal=terminal_words(a), screen=screen_words(a.screen), ago=ago_words(now - a.at))
    return text + (tr("assist.alert_more", n=len(alerts) - 1) if len(alerts) > 1 else "")


class WindowHelpAlerts(QObject):
    """The header's help badge of one window terminal."""

    changed = Signal(object)  # list[HelpAlert], from the stream's thread

    def __init__(self, connection: HubConnection, header: HeaderWidget) -> None:
        super().__init__(header)
        self.badge = QPushButton()
        self.badge.setObjectName("HelpAlerts")
        self.badge.setProperty("role", "primary")
        self.badge.hide()
        self.badge.clicked.connect(self._dismiss)
        header.add_action(self.badge)
        self.alerts: list[HelpAlert] = []
        self.changed.connect(self._show)
        self.watch = HelpWatch(connection, self.changed.emit)
        self._timer = QTimer(self, interval=20_000)
        self._timer.timeout.connect(lambda: self._show(self.watch.alerts()))
        self._timer.start()
        self.watch.start()

    def _show(self, alerts: list[HelpAlert]) -> None:
        self.alerts = alerts
        self.badge.setText(alert_text(alerts, time.time()))
        self.badge.setVisible(bool(alerts))

    def _dismiss(self) -> None:
        self.watch.dismiss()

    def close(self) -> None:
        self._timer.stop()
        self.watch.stop()

"""The watchdog's heartbeat on the Qt event loop: a QTimer that tells systemd
``WATCHDOG=1`` (``kiosk.watchdog``). It runs on the GUI thread on purpose: when the
event loop hangs, the pings stop and systemd restarts the session."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from kiosk.watchdog import Notifier


def start_watchdog_timer(parent: QObject, notifier: Notifier) -> QTimer | None:
    """Ping now and then every ``notifier.ping_interval_s``; None when the unit has no
    watchdog. The timer lives as long as ``parent``."""
    if notifier.watchdog_s <= 0:
        return None
    timer = QTimer(parent)
    timer.setObjectName("systemd_watchdog")
    timer.setInterval(max(int(notifier.ping_interval_s * 1000), 50))
    # A lambda, not the bound method: PySide keeps only a weak reference to a bound
    # method's object, and nothing else holds the notifier.
    timer.timeout.connect(lambda: notifier.ping())
    notifier.ping()
    timer.start()
    return timer

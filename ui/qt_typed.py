"""Two Qt calls in the shapes mypy can check: the running application, a repeating timer."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication


def app() -> QApplication:
    """The running QApplication (a window exists only inside one)."""
    return cast(QApplication, QApplication.instance())


def repeating(parent: QObject, interval_ms: int, slot: Callable[[], object]) -> QTimer:
    """A timer owned by ``parent`` that calls ``slot`` every ``interval_ms`` (not yet started)."""
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer

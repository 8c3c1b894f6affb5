"""Core callbacks -> Qt signals.

The core calls listeners on whatever thread it runs (device workers, the hub client).
Qt widgets may only be touched on the GUI thread; emitting a signal of a QObject that
lives on the GUI thread from another thread queues the delivery there, so every core
listener goes through one of these signals.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from drivers.health import Health
from kiosk.visit import EndReason, VisitListener, VisitState

T = TypeVar("T")


class CoreBridge(QObject):
    visit_state_changed = Signal(str)  # VisitState value
    visit_warning = Signal(int)  # seconds left
    visit_ended = Signal(str)  # EndReason value
    device_health_changed = Signal(str, object)  # kind, Health
    service_added = Signal(object)  # kiosk.core.Service
    job_done = Signal(object, object)  # (callback, concurrent.futures.Future) -> run on GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job_done.connect(self.run_job_callback)

    def visit_listener(self) -> VisitListener:
        """A listener for ``kiosk.visit.Visit`` that emits this bridge's signals."""
        return VisitListener(
            on_state=lambda s: self.visit_state_changed.emit(VisitState(s).value),
            on_warning=self.visit_warning.emit,
            on_ended=lambda r: self.visit_ended.emit(EndReason(r).value),
        )

    def on_device_health(self, kind: str, health: Health) -> None:
        """A ``kiosk.devices.DeviceManager`` listener (called on device threads)."""
        self.device_health_changed.emit(kind, health)

    def on_job_done(self, callback: Callable[[Future[T]], None]) -> Callable[[Future[T]], None]:
        """Wrap a GUI-thread ``callback(future)`` for ``DeviceManager.submit``: the future
        completes on a device thread, the callback runs on the GUI thread."""
        return lambda fut: self.job_done.emit(callback, fut)

    def run_job_callback(self, callback: Callable[[Future[Any]], None], fut: Future[Any]) -> None:
        callback(fut)

"""Core callbacks -> Qt signals.

The core calls listeners on whatever thread it runs (device workers, the hub client).
Qt widgets may only be touched on the GUI thread; emitting a signal of a QObject that
lives on the GUI thread from another thread queues the delivery there, so every core
listener goes through one of these signals.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from drivers.health import Health
from kiosk.visit import EndReason, VisitListener, VisitState


class CoreBridge(QObject):
    visit_state_changed = Signal(str)  # VisitState value
    visit_warning = Signal(int)  # seconds left
    visit_ended = Signal(str)  # EndReason value
    device_health_changed = Signal(str, object)  # kind, Health

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

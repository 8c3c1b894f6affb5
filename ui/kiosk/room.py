"""What every kiosk room is: a flow's screens on the window's stack, and one protocol."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.kiosk_window import KioskWindow


class Room(QObject):
    """A kiosk flow: its screens, built when first opened, and what it holds of a visit.

    Every room answers the same calls (``open`` takes what the flow starts from)::

        open(...)   show the flow's first screen
        forget()    drop the built screens: the language or theme changed, and each is
                    built again, in it, when next opened
        wipe()      the visit ended: nothing of this citizen stays on its screens

    Args:
        window: the kiosk window (its ``core``, ``bridge``, ``stack`` and sibling rooms).
    """

    # The attributes holding the room's lazily built screens, dropped by ``forget``.
    SCREENS: tuple[str, ...] = ()

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.window = window
        self.core = window.core
        self.bridge = window.bridge
        self.stack = window.stack

    def go_home(self) -> None:
        self.window.go_home()

    def show(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)

    def forget(self) -> None:
        for name in self.SCREENS:
            screen: QWidget | None = getattr(self, name)
            if screen is not None:
                self.stack.removeWidget(screen)
                screen.hide()
                screen.deleteLater()
                setattr(self, name, None)

    def wipe(self) -> None:
        """Nothing to clear unless the room says so."""

"""What every kiosk room is: a flow's screens on the window's stack, and one protocol."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.core import Core
from ui.bridge import CoreBridge
from ui.widgets.header import HeaderWidget


class KioskHost(Protocol):
    """What the rooms use of the kiosk window (``ui/kiosk_window.py``).

    The sibling rooms are reached through it and typed loosely: no room imports the
    window's module or another room's, so the rooms and the window form no import cycle.
    """

    core: Core
    bridge: CoreBridge
    stack: QStackedWidget
    header: HeaderWidget
    elder: bool  # 长辈模式: fewer choices, bigger keys
    home_room: Any  # home.HomeRoom
    guides: Any  # guides.GuidesRoom
    browse: Any  # browse.BrowseRoom
    tickets: Any  # tickets.TicketsRoom
    assist: Any  # assist.KioskAssist
    unresolved: Any  # unresolved.UnresolvedRoom

    @property
    def home(self) -> QWidget: ...

    @property
    def cases(self) -> Any: ...  # cases.KioskCases

    def go_home(self) -> None: ...

    def set_elder_mode(self, on: bool) -> None: ...

    def toggle_language(self) -> None: ...


class Room(QObject):
    """A kiosk flow: its screens, built when first opened, and what it holds of a visit.

    Every room answers the same calls (``open`` takes what the flow starts from)::

        open(...)   show the flow's first screen
        forget()    drop the built screens: the language or theme changed, and each is
                    built again, in it, when next opened
        wipe()      the visit ended: nothing of this citizen stays on its screens

    Args:
        window: the kiosk window (its ``core``, ``bridge``, ``stack`` and sibling rooms);
            the room lives on its stack.
    """

    # The attributes holding the room's lazily built screens, dropped by ``forget``.
    SCREENS: tuple[str, ...] = ()

    def __init__(self, window: KioskHost) -> None:
        super().__init__(window.stack)
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

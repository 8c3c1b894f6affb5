"""The main window for a role; each role's window lives in a module of its own, loaded
only for that role."""

from __future__ import annotations

from kiosk.core import Core
from ui.bridge import CoreBridge
from ui.role_window import RoleWindow


def window_for_role(core: Core, bridge: CoreBridge) -> RoleWindow:
    role = core.settings.role
    if role == "kiosk":
        from ui.kiosk_window import KioskWindow

        return KioskWindow(core, bridge)
    if role == "window":
        from ui.window_terminal import WindowTerminalWindow

        return WindowTerminalWindow(core, bridge)
    from ui.board_window import HallBoardWindow

    return HallBoardWindow(core, bridge)

"""The clerk's terminal at a comprehensive window (the ``window`` role)."""

from __future__ import annotations

from kiosk.core import Core
from ui.bridge import CoreBridge
from ui.role_window import RoleWindow


class WindowTerminalWindow(RoleWindow):
    """The clerk's terminal at a comprehensive window."""

    def __init__(self, core: Core, bridge: CoreBridge) -> None:
        super().__init__(core, bridge, "role.window")
        from ui.screens.clerk import ClerkScreen  # each role loads only its own screens

        self.clerk = ClerkScreen(core, bridge)
        self.stack.addWidget(self.clerk)
        bridge.service_added.connect(self._service_added)
        from ui.window_acceptance import WindowAcceptance

        self.acceptance = WindowAcceptance(core, bridge, self.stack, lambda: self.stack.setCurrentWidget(self.clerk))

    def _service_added(self, name: str) -> None:
        if name == "cases" and not hasattr(self, "accept_button"):  # 综合受理 once cases exist
            from PySide6.QtWidgets import QPushButton

            from ui.i18n import tr

            self.accept_button = QPushButton(tr("acceptance.open"))
            self.accept_button.clicked.connect(self.acceptance.open_items)
            self.header.add_action(self.accept_button)
        if name == "devices_ready":  # devices run (the demo's simulators are up): greet on the LED
            self.clerk.refresh_devices()
            self.clerk.greet_on_display()

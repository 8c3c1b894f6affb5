"""The hall board (the ``display`` role)."""

from __future__ import annotations

from kiosk.core import Core
from ui.bridge import CoreBridge
from ui.role_window import RoleWindow


class HallBoardWindow(RoleWindow):
    """The hall board."""

    def __init__(self, core: Core, bridge: CoreBridge) -> None:
        super().__init__(core, bridge, "role.display")
        from ui.screens.hall_board import HallBoardScreen  # each role loads only its own screens

        self.board = HallBoardScreen()
        self.board.show_calls([])
        self.stack.addWidget(self.board)
        bridge.service_added.connect(self._service_added)

    def _service_added(self, name: str) -> None:
        if name == "catalog" and self.core.catalog is not None:  # the hall's hours come from the catalog
            from kiosk.catalog.halls import find_hall
            from ui.words import hours_text

            hall = find_hall(self.core.catalog.halls(), self.core.settings.hall.code,
                             self.core.settings.hall.name)
            if hall is not None:
                self.board.show_hours(hours_text(hall))

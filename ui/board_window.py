"""The hall board (the ``display`` role): the board screen fed by ``kiosk.queue.board``.

When the core offers its ``HallBoard`` (built on the hub by ``kiosk.bootstrap``:
events → model → announcer), the window shows each view it reports, hopping to the GUI
thread through a signal; a one-second timer shows the view too, so the lost banner appears on time even when
nothing arrives.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.core import Core, Service

if TYPE_CHECKING:
    from kiosk.catalog.types import Hall
from kiosk.logs import log_event
from kiosk.queue.board import BoardModel, BoardView
from ui.bridge import CoreBridge
from ui.i18n import tr
from ui.qt_ports import fill_ports
from ui.qt_typed import repeating
from ui.role_window import RoleWindow

HEADER_PX = 44  # the header is read from across the hall too


class BoardSignals(QObject):
    """The board's listener (the stream's thread) → the GUI thread."""

    changed = Signal(object)  # BoardView


class HallBoardWindow(RoleWindow):
    """The hall board.

    Args:
        player: plays the calls' WAV bytes (default: the terminal's sound player; tests
            pass a recorder); handed to the core's ports for the announcer it builds.
        clock: seconds since the epoch for the board shown before the hub (default
            ``time.time``).
    """

    def __init__(
        self,
        core: Core,
        bridge: CoreBridge,
        *,
        player: Callable[[bytes], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(core, bridge, "role.display")
        from ui.screens import hall_board  # each role loads only its own screens

        fill_ports(core)
        if player is not None:
            core.ports.player = player
        self.clock = clock
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.header.setStyleSheet(
            f"HeaderWidget {{ background: {hall_board.PANEL}; }}"
            f"QLabel {{ font-size: {HEADER_PX}px; color: {hall_board.TEXT}; }}"
            f"QPushButton {{ font-size: {HEADER_PX // 2}px; }}"  # the language switch
        )
        # The role's name means nothing to the hall, and the hall's name may be long: it
        # gives way (clipped) before the board gets wider than a portrait screen.
        self.header.subtitle.hide()
        self.header.title.setMinimumWidth(1)
        self.board = hall_board.HallBoardScreen(zone=core.settings.hall.timezone)
        self.stack.addWidget(self.board)
        self._hours = ""
        self._hall: Hall | None = None  # the catalog's hall, for its hours in the language chosen
        self._notice()
        self.add_language_switch()
        # Until the hub is offered, an empty model: the board says it has no hub yet.
        self._waiting_model = BoardModel(clock())
        self._shown: tuple[str, int, str] | None = None
        self.signals = BoardSignals(self)
        self.signals.changed.connect(self.show_view)
        self._tick = repeating(self, 1000, self.refresh)
        self._tick.start()
        self.refresh()
        bridge.service_added.connect(self._service_added)
        if core.hall_board is not None:
            self._follow_board()

    def view(self) -> BoardView:
        if self.core.hall_board is not None:
            return self.core.hall_board.view()
        return self._waiting_model.view(self.clock())

    def refresh(self) -> None:
        self.show_view(self.view())

    def show_view(self, view: BoardView) -> None:
        self.board.show_view(view)
        if view.calls:
            newest = view.calls[0]
            key = (newest.number, newest.window, newest.called_at)
            if key != self._shown:
                self._shown = key
                log_event("board_call_shown", ticket=newest.number, window=newest.window, live=newest.live)

    def _service_added(self, service: Service) -> None:
        if service is Service.CATALOG and self.core.catalog is not None:  # the hall's hours come from the catalog
            from kiosk.catalog.halls import find_hall
            from ui.words import hours_text

            hall = find_hall(self.core.catalog.halls(), self.core.settings.hall.code, self.core.settings.hall.name)
            if hall is not None:
                self._hall = hall
                self._hours = tr("hall.hours", hours=hours_text(hall))
                self._notice()
        elif service is Service.HALL_BOARD:
            self._follow_board()

    def retranslate(self) -> None:
        """The board's fixed texts, its services and the hall's hours in the language now
        chosen. A notice the hall configured stays as written (the hall's own words)."""
        if self._hall is not None:
            from ui.words import hours_text

            self._hours = tr("hall.hours", hours=hours_text(self._hall))
        self._notice()
        self.board.retranslate()

    def _notice(self) -> None:
        """The configured notice, or the default; the hours after it, when known."""
        text = self.core.settings.hall.notice or tr("board.default_notice")
        self.board.set_notice(tr("sep.hours").join(t for t in (self._hours, text) if t))

    def _follow_board(self) -> None:
        """Show each view the core's board reports (the core stops it with the terminal)."""
        if self.core.hall_board is not None:
            self.core.hall_board.listen(self.signals.changed.emit)
            self.refresh()

    def closeEvent(self, event) -> None:
        self._tick.stop()
        super().closeEvent(event)

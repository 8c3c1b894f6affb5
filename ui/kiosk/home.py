"""The kiosk's home: the tiles of what this terminal offers now, and its notice."""

from __future__ import annotations

from kiosk.card_return import CardReturnState
from ui.i18n import tr
from ui.kiosk.room import KioskHost, Room
from ui.screens.kiosk_home import KioskHomeScreen, Tile, elder_tiles


class HomeRoom(Room):
    """The home screen, built again whenever what it offers changes (a service arrives,
    another language or theme): never a dead tile."""

    def __init__(self, window: KioskHost) -> None:
        super().__init__(window)
        self._notice = ""  # why there is no catalog, in the citizen's words ("" with one)
        self.screen = self.build()
        self.stack.addWidget(self.screen)

    def open(self) -> None:
        self.show(self.screen)

    def forget(self) -> None:
        """Built again at once (the home is always there), in the language now chosen."""
        showing = self.stack.currentWidget() is self.screen
        old = self.screen
        self.screen = self.build()
        self.stack.insertWidget(0, self.screen)
        if showing:
            self.show(self.screen)
        self.stack.removeWidget(old)
        old.deleteLater()

    def build(self) -> KioskHomeScreen:
        w, core = self.window, self.core
        elder = w.elder
        tiles: list[Tile] = []
        hours = ""
        if core.tickets is not None:  # only with a hall hub to ask
            tiles.append(Tile("tile.ticket", w.tickets.open))
        catalog = core.catalog
        if catalog is not None:
            from kiosk.catalog.halls import find_hall
            from ui.words import hours_text

            tiles.append(Tile("tile.guides", w.guides.open))
            tiles.append(Tile("tile.browse", w.browse.open))
            # Elder mode keeps to two rows: 一件事 is inside 分类浏览 there.
            if catalog.bundles() and not elder:
                tiles.append(Tile("tile.bundles", w.guides.open_bundles))
            if core.cases is not None:
                if core.cases.terminal_items():
                    tiles.append(Tile("tile.apply", w.guides.open_apply))
                # 办件查询 and 好差评 share a tile: finished cases are rated from the query.
                tiles.append(Tile("tile.query", lambda: w.cases.open_query()))
            halls = catalog.halls()
            hall = find_hall(halls, core.settings.hall.code, core.settings.hall.name)
            hours = hours_text(hall) if hall else ""
            if halls and not elder:
                tiles.append(Tile("tile.map", w.browse.open_map))
        if elder:
            tiles = elder_tiles(tiles)
        problem = core.catalog_problem if catalog is None else None
        self._notice = tr(problem.citizen_key) if problem else ""
        home = KioskHomeScreen(
            core.settings.hall.name, tiles, demo=core.settings.demo, elder=elder, hours=hours, notice=self._notice
        )
        home.unresolved_button.setVisible(core.cases is not None)  # 办不成事 goes through the outbox
        home.unresolved_requested.connect(lambda: w.unresolved.open())
        home.elder_mode_toggled.connect(w.set_elder_mode)
        home.language_toggled.connect(w.toggle_language)
        self.show_take_card(home)
        return home

    def show_take_card(self, home: KioskHomeScreen | None = None) -> None:
        """The home's notice (read out by the voice guidance) and the 取号 screen's card
        line: 请取走身份证 while the last citizen's card lies on the reader."""
        returns = self.core.card_return
        take = returns is not None and returns.state is CardReturnState.TAKE_CARD
        (home or self.screen).set_notice(tr("visit.take_card") if take else self._notice)
        services = self.window.tickets.ticket_services
        if services is not None and "ticket_identity" not in self.core.visit.data:
            services.card_hint.setText(tr("visit.take_card_next" if take else "ticket.card_hint"))

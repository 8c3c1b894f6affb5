"""分类浏览 and 政务地图 on the kiosk: the catalog by theme, and the halls near here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kiosk.hall_time import hall_now
from ui.i18n import tr
from ui.kiosk.room import KioskHost, Room

if TYPE_CHECKING:
    from ui.screens.browse import BrowseScreen
    from ui.screens.service_map import ServiceMapScreen


class BrowseRoom(Room):
    """The browse screen (by theme, by hall) and the map of halls; a chosen item or
    bundle opens in the guides' room, and 返回 comes back here."""

    SCREENS = ("browse_screen", "map_screen")

    def __init__(self, window: KioskHost) -> None:
        super().__init__(window)
        self.browse_screen: BrowseScreen | None = None
        self.map_screen: ServiceMapScreen | None = None
        self._from_map = False  # 返回 from the hall's items goes back to the map
        zone = self.core.settings.hall.timezone
        # The map's "open now" reads this (tests set a fixed time): the hall's wall clock,
        # naive as the opening hours are.
        self.clock: Callable[[], datetime] = lambda: hall_now(zone).replace(tzinfo=None)

    def _catalog(self) -> Any:
        catalog = self.core.catalog
        assert catalog is not None, "分类浏览 and 政务地图 show only with a catalog"
        return catalog

    def open(self) -> None:
        self.core.visit.begin()
        if self.browse_screen is None:
            from ui.screens.browse import BrowseScreen

            guides = self.window.guides
            b = self.browse_screen = BrowseScreen(self._catalog())
            b.home_requested.connect(self.go_home)
            b.left.connect(
                lambda: self.show(self.map_screen if self._from_map and self.map_screen else self.window.home)
            )
            b.item_chosen.connect(lambda code: guides.open_guide(code, self.browse_screen))
            b.bundle_chosen.connect(lambda code: guides.open_bundle(code, self.browse_screen))
            self.stack.addWidget(b)
        self._from_map = False
        self.browse_screen.reset()
        self.show(self.browse_screen)

    def open_hall_items(self, hall_code: str) -> None:
        """政务地图 -> the items one hall accepts (its 通办范围), in the browse screen."""
        hall = next(h for h in self._catalog().halls() if h.hall_code == hall_code)
        self.open()
        self._from_map = True
        assert self.browse_screen is not None
        self.browse_screen.show_list("hall", hall.area_code, [tr("map.title"), hall.name])

    def open_map(self) -> None:
        from kiosk.catalog.map import hall_views

        self.core.visit.begin()
        if self.map_screen is None:
            from ui.screens.service_map import ServiceMapScreen

            self.map_screen = ServiceMapScreen()
            self.map_screen.back_requested.connect(self.go_home)
            self.map_screen.home_requested.connect(self.go_home)
            self.map_screen.items_requested.connect(self.open_hall_items)
            self.stack.addWidget(self.map_screen)
        catalog, hall = self._catalog(), self.core.settings.hall
        self.map_screen.show_halls(
            hall_views(
                catalog.halls(), catalog.item_areas(), area_code=hall.area_code, here_code=hall.code, now=self.clock()
            )
        )
        self.show(self.map_screen)

"""The citizens' kiosk window: home tiles, guides and bundles, the visit's timeout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core import Core
from kiosk.visit import VisitState
from ui import i18n
from ui.bridge import CoreBridge
from ui.i18n import error_text, tr
from ui.screens.kiosk_home import KioskHomeScreen, Tile
from ui.role_window import RoleWindow


class KioskWindow(RoleWindow):
    """The citizens' kiosk: home tiles, visit timeout with warning, elder mode."""

    def __init__(self, core: Core, bridge: CoreBridge) -> None:
        super().__init__(core, bridge, "role.kiosk")
        self._elder = core.settings.theme == "elder"
        self.home = self._build_home()
        self.stack.addWidget(self.home)
        self.warning: QWidget | None = None  # the IdleWarningWidget, built at the first warning
        bridge.visit_warning.connect(self._show_warning)
        bridge.visit_state_changed.connect(self._on_visit_state)
        core.visit.listener = bridge.visit_listener()
        core.visit.on_wipe(self._wipe)
        bridge.service_added.connect(lambda _name: self._rebuild_home())
        self.search_screen = None
        self.guide_screen = None
        self.bundle_list = None
        self._back_to = None
        from ui.kiosk_cases import KioskCases

        self.cases = KioskCases(core, bridge, self.stack, self.go_home)  # 自助申报 / 办件查询 / 好差评
        self._ticker = QTimer(self, interval=1000, timeout=core.visit.tick)
        self._ticker.start()
        # An application-wide filter runs Python for every Qt event; start-up paints
        # thousands, so it goes in once the first screen is up (bench/startup.py).
        self.first_screen_shown.connect(lambda _: QApplication.instance().installEventFilter(self))

    def _build_home(self) -> KioskHomeScreen:
        tiles: list[Tile] = []
        hours = ""
        catalog = self.core.catalog
        if catalog is not None:
            from kiosk.catalog.halls import find_hall
            from ui.words import hours_text

            tiles.append(Tile("tile.guides", self._open_guides))
            if catalog.bundles():
                tiles.append(Tile("tile.bundles", self._open_bundles))
            if self.core.cases is not None:
                if self.core.cases.terminal_items():
                    tiles.append(Tile("tile.apply", self._open_apply))
                # 办件查询 and 好差评 share a tile: finished cases are rated from the query (a
                # fifth tile would push elder mode's home past the screen).
                tiles.append(Tile("tile.query", self.cases.open_query))
            hall = find_hall(catalog.halls(), self.core.settings.hall.code, self.core.settings.hall.name)
            hours = hours_text(hall) if hall else ""
        problem = self.core.catalog_problem if catalog is None else None
        home = KioskHomeScreen(self.core.settings.hall.name, tiles, demo=self.core.settings.demo,
                               elder=self._elder, hours=hours, notice=tr(problem.citizen_key) if problem else "")
        home.elder_mode_toggled.connect(self.set_elder_mode)
        home.language_toggled.connect(self.toggle_language)
        return home

    def _open_guides(self) -> None:
        self.core.visit.begin()
        search = self._search()
        search.reset()
        self.stack.setCurrentWidget(search)
        search.query.setFocus()

    def _search(self):
        """The search screen with its keyboard, built once, when first opened (a keyboard
        built while hidden, ahead of time, typed nothing under a window manager)."""
        if self.search_screen is None:
            from ui.screens.guide_search import GuideSearchScreen
            from ui.widgets.keyboard import KeyboardWidget

            catalog = self.core.catalog
            self.search_screen = GuideSearchScreen(lambda q: catalog.search(q, limit=30),
                                                   catalog.topics("person"), keyboard=KeyboardWidget())
            self.search_screen.home_requested.connect(self.go_home)
            self.search_screen.item_chosen.connect(self.open_guide)
            self.search_screen.topic_chosen.connect(self._open_topic)
            self.stack.addWidget(self.search_screen)
        return self.search_screen

    def _open_bundles(self) -> None:
        self.core.visit.begin()
        if self.bundle_list is None:
            from ui.screens.bundles import BundleListScreen

            self.bundle_list = BundleListScreen(self.core.catalog.bundles())
            self.bundle_list.home_requested.connect(self.go_home)
            self.bundle_list.bundle_chosen.connect(self.open_bundle)
            self.stack.addWidget(self.bundle_list)
        self.stack.setCurrentWidget(self.bundle_list)

    def open_bundle(self, code: str) -> None:
        self._guide_screen().show_bundle(self.core.catalog.bundle(code))
        self._back_to = self.bundle_list
        self.stack.setCurrentWidget(self.guide_screen)

    def _open_topic(self, code: str) -> None:
        catalog = self.core.catalog
        name = next((t.name for t in catalog.topics() if t.topic_code == code), code)
        self.search_screen.show_items(catalog.items_in_topic(code), heading=name)

    def _guide_screen(self):
        if self.guide_screen is None:
            from ui.screens.guide import GuideScreen

            self.guide_screen = GuideScreen(can_print=self.core.devices.has("printer"))
            self.guide_screen.back_requested.connect(
                lambda: self.stack.setCurrentWidget(self._back_to or self.home))
            self.guide_screen.home_requested.connect(self.go_home)
            self.guide_screen.print_notice_requested.connect(self.print_notice)
            self.guide_screen.apply_requested.connect(self.cases.start)
            self.stack.addWidget(self.guide_screen)
        return self.guide_screen

    def _open_apply(self) -> None:
        self._open_guides()
        self.search_screen.show_items(self.core.cases.terminal_items(), heading=tr("case.items.title"))

    def open_guide(self, task_code: str) -> None:
        self._guide_screen().can_apply = self.core.cases is not None
        self._guide_screen().show_guide(self.core.catalog.item(task_code))
        self._back_to = self.search_screen
        self.stack.setCurrentWidget(self.guide_screen)

    def print_notice(self, code: str) -> None:
        import datetime as dt

        from kiosk.catalog.notices import bundle_notice, one_time_notice

        catalog, hall, now = self.core.catalog, self.core.settings.hall.name, dt.datetime.now()
        if code.startswith("bundle:"):
            receipt = bundle_notice(catalog.bundle(code.removeprefix("bundle:")), hall_name=hall, now=now, tr=tr)
        else:
            receipt = one_time_notice(catalog.item(code), hall_name=hall, now=now, tr=tr)
        self.guide_screen.set_message(tr("print.sending"), "unknown")
        self.guide_screen.print_button.setEnabled(False)
        self.core.devices.submit("printer", lambda printer: printer.print_receipt(receipt),
                                 self.bridge.on_job_done(self._printed))

    def _printed(self, fut) -> None:
        self.guide_screen.print_button.setEnabled(True)
        exc = fut.exception()
        if exc is None:
            self.guide_screen.set_message(tr("print.done"), "ok")
        else:
            self.guide_screen.set_message(tr("print.failed", reason=error_text(exc)), "offline")

    def go_home(self) -> None:
        self.stack.setCurrentWidget(self.home)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        # Any touch or key is activity: it starts a visit from idle and ends a warning.
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            if self.core.visit.state is VisitState.IDLE:
                self.core.visit.begin()
            else:
                self.core.visit.touch()
        return False

    def set_elder_mode(self, on: bool) -> None:
        self._elder = on
        self.apply_theme("elder" if on else self.core.settings.theme if self.core.settings.theme != "elder" else "normal")
        self.home.elder_button.setText(tr("home.standard_mode" if on else "home.elder_mode"))

    def toggle_language(self) -> None:
        i18n.set_language("en" if i18n.language() == "zh_CN" else "zh_CN")
        self._rebuild_home()

    def _rebuild_home(self) -> None:
        showing_home = self.stack.currentWidget() is self.home
        old = self.home
        self.home = self._build_home()
        self.stack.insertWidget(0, self.home)
        if showing_home:
            self.stack.setCurrentWidget(self.home)
        self.stack.removeWidget(old)
        old.deleteLater()

    def _show_warning(self, seconds: int) -> None:
        if self.warning is None:
            from ui.widgets.idle_warning import IdleWarningWidget

            self.warning = IdleWarningWidget(self)
            self.warning.extend_requested.connect(self.core.visit.extend)
        self.warning.show_countdown(seconds)

    def _on_visit_state(self, state: str) -> None:
        if state != VisitState.WARNING.value and self.warning is not None:
            self.warning.hide()

    def _wipe(self) -> None:
        """The visit ended: back to a fresh home screen in the default language and theme."""
        if self.warning is not None:
            self.warning.hide()
        if i18n.language() != self.core.settings.language or self._elder != (self.core.settings.theme == "elder"):
            i18n.set_language(self.core.settings.language)
            self._elder = self.core.settings.theme == "elder"
            self.apply_theme(self.core.settings.theme)
            self._rebuild_home()
        if self.search_screen is not None:
            self.search_screen.reset()
        if self.guide_screen is not None:
            self.guide_screen.set_message("")
        self.stack.setCurrentWidget(self.home)

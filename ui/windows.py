"""One main window per role: a header and a stack of screens."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core import Core
from kiosk.visit import VisitState
from ui import i18n, theme
from ui.bridge import CoreBridge
from ui.i18n import tr
from ui.screens.kiosk_home import KioskHomeScreen, Tile
from ui.widgets.header import HeaderWidget


class RoleWindow(QMainWindow):
    """Header + stacked screens; emits ``first_screen_shown`` once it is on screen."""

    first_screen_shown = Signal(str)  # the screen's object name

    def __init__(self, core: Core, bridge: CoreBridge, role_key: str) -> None:
        super().__init__()
        self.core = core
        self.bridge = bridge
        self.setWindowTitle(f"{tr('app.title')} · {tr(role_key)}")
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        self.header = HeaderWidget(core.settings.hall.name, tr(role_key))
        col.addWidget(self.header)
        self.stack = QStackedWidget()
        col.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self._announced = False
        self._tech_screens: tuple[QWidget, QWidget] | None = None
        self._return_to: QWidget | None = None
        self.header.secret_tapped.connect(self.open_maintenance)
        core.service_listeners.append(bridge.service_added.emit)  # services arrive on other threads
        self.demo_button: QPushButton | None = None
        self.demo_panel: QWidget | None = None
        bridge.service_added.connect(self._maybe_demo)

    # -- maintenance (technician) ---------------------------------------------------------
    def open_maintenance(self) -> None:
        """Ask for the PIN, then show the technician screen."""
        from kiosk.technician import PinLock
        from ui.screens.pin import PinScreen
        from ui.screens.technician import TechnicianScreen

        if self._tech_screens is None:
            self._pin_lock = PinLock(self.core.settings.technician_pin)
            pin, tech = PinScreen(), TechnicianScreen(self.core, self.bridge)
            pin.submitted.connect(self._pin_entered)
            pin.cancelled.connect(self.close_maintenance)
            tech.closed.connect(self.close_maintenance)
            self.stack.addWidget(pin)
            self.stack.addWidget(tech)
            self._tech_screens = (pin, tech)
        pin, _ = self._tech_screens
        if self.stack.currentWidget() not in self._tech_screens:
            self._return_to = self.stack.currentWidget()
        pin.reset()
        self.stack.setCurrentWidget(pin)

    def _pin_entered(self, entered: str) -> None:
        pin, tech = self._tech_screens
        if self._pin_lock.try_pin(entered):
            self.stack.setCurrentWidget(tech)
            return
        wait = self._pin_lock.locked_for()
        pin.reset(tr("tech.pin_locked", seconds=int(wait + 0.999)) if wait else tr("tech.pin_wrong"))

    def close_maintenance(self) -> None:
        self.stack.setCurrentWidget(self._return_to or self.stack.widget(0))

    # -- demo controls ----------------------------------------------------------------------
    def _maybe_demo(self, name: str) -> None:
        if name != "demo" or self.demo_button is not None or self.core.settings.role == "display":
            return  # the board has no devices a visitor could play with
        from ui.widgets.demo_panel import DemoPanelWidget

        self.demo_panel = DemoPanelWidget(self.core.service("demo"), self)
        self.demo_panel.hide()
        self.demo_button = QPushButton(tr("demo.controls"))
        self.demo_button.setCheckable(True)
        self.demo_button.toggled.connect(self._toggle_demo_panel)
        self.header.add_action(self.demo_button)

    def _toggle_demo_panel(self, on: bool) -> None:
        if on:
            w = min(1400, self.width() - 40)
            self.demo_panel.setGeometry((self.width() - w) // 2, self.height() - 420, w, 400)
            self.demo_panel.show()
            self.demo_panel.raise_()
        else:
            self.demo_panel.hide()

    def apply_theme(self, name: str) -> None:
        QApplication.instance().setStyleSheet(theme.style_sheet(theme.THEMES[name]))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if not self._announced:
            self._announced = True
            # After this paint returns, the frame is on screen.
            QTimer.singleShot(0, lambda: self.first_screen_shown.emit(self.stack.currentWidget().objectName()))


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
        self._ticker = QTimer(self, interval=1000, timeout=core.visit.tick)
        self._ticker.start()
        # An application-wide filter runs Python for every Qt event; start-up paints
        # thousands, so it goes in once the first screen is up (bench/startup.py).
        self.first_screen_shown.connect(lambda _: QApplication.instance().installEventFilter(self))

    def _build_home(self) -> KioskHomeScreen:
        tiles: list[Tile] = []
        catalog = self.core.service("catalog")
        if catalog is not None:
            tiles.append(Tile("tile.guides", self._open_guides))
            if catalog.bundles():
                tiles.append(Tile("tile.bundles", self._open_bundles))
        home = KioskHomeScreen(self.core.settings.hall.name, tiles, demo=self.core.settings.demo,
                               elder=self._elder)
        home.elder_mode_toggled.connect(self.set_elder_mode)
        home.language_toggled.connect(self.toggle_language)
        return home

    def _open_guides(self) -> None:
        self.core.visit.begin()
        if self.search_screen is None:
            from ui.screens.guide_search import GuideSearchScreen
            from ui.widgets.keyboard import KeyboardWidget

            catalog = self.core.service("catalog")
            self.search_screen = GuideSearchScreen(lambda q: catalog.search(q, limit=30),
                                                   catalog.topics("person"), keyboard=KeyboardWidget())
            self.search_screen.home_requested.connect(self.go_home)
            self.search_screen.item_chosen.connect(self.open_guide)
            self.search_screen.topic_chosen.connect(self._open_topic)
            self.stack.addWidget(self.search_screen)
        self.search_screen.reset()
        self.stack.setCurrentWidget(self.search_screen)
        self.search_screen.query.setFocus()

    def _open_bundles(self) -> None:
        self.core.visit.begin()
        if self.bundle_list is None:
            from ui.screens.bundles import BundleListScreen

            self.bundle_list = BundleListScreen(self.core.service("catalog").bundles())
            self.bundle_list.home_requested.connect(self.go_home)
            self.bundle_list.bundle_chosen.connect(self.open_bundle)
            self.stack.addWidget(self.bundle_list)
        self.stack.setCurrentWidget(self.bundle_list)

    def open_bundle(self, code: str) -> None:
        self._guide_screen().show_bundle(self.core.service("catalog").bundle(code))
        self._back_to = self.bundle_list
        self.stack.setCurrentWidget(self.guide_screen)

    def _open_topic(self, code: str) -> None:
        catalog = self.core.service("catalog")
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
            self.stack.addWidget(self.guide_screen)
        return self.guide_screen

    def open_guide(self, task_code: str) -> None:
        self._guide_screen().show_guide(self.core.service("catalog").item(task_code))
        self._back_to = self.search_screen
        self.stack.setCurrentWidget(self.guide_screen)

    def print_notice(self, code: str) -> None:
        import datetime as dt

        from kiosk.notices import bundle_notice, one_time_notice

        catalog, hall, now = self.core.service("catalog"), self.core.settings.hall.name, dt.datetime.now()
        if code.startswith("bundle:"):
            receipt = bundle_notice(catalog.bundle(code.removeprefix("bundle:")), hall_name=hall, now=now)
        else:
            receipt = one_time_notice(catalog.item(code), hall_name=hall, now=now)
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
            key = getattr(exc, "key", "device.error")
            self.guide_screen.set_message(tr("print.failed", reason=tr(key, **getattr(exc, "data", {}))), "offline")

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


class WindowTerminalWindow(RoleWindow):
    """The clerk's terminal at a comprehensive window."""

    def __init__(self, core: Core, bridge: CoreBridge) -> None:
        super().__init__(core, bridge, "role.window")
        from ui.screens.clerk import ClerkScreen  # each role loads only its own screens

        self.clerk = ClerkScreen(core, bridge)
        self.stack.addWidget(self.clerk)
        bridge.service_added.connect(self._service_added)

    def _service_added(self, name: str) -> None:
        if name == "devices":  # devices run (the demo's simulators are up): greet on the LED
            self.clerk.refresh_devices()
            self.clerk.greet_on_display()


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
        if name == "catalog":  # the hall's opening hours come from the catalog
            from kiosk.halls import find_hall, hours_text

            hall = find_hall(self.core.service("catalog").halls(), self.core.settings.hall.code,
                             self.core.settings.hall.name)
            if hall is not None:
                self.board.show_hours(hours_text(hall))


def window_for_role(core: Core, bridge: CoreBridge) -> RoleWindow:
    role = core.settings.role
    if role == "kiosk":
        return KioskWindow(core, bridge)
    if role == "window":
        return WindowTerminalWindow(core, bridge)
    return HallBoardWindow(core, bridge)

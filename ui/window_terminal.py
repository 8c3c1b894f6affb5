"""The clerk's terminal at a comprehensive window (the ``window`` role).

    sign-in --(staff number + PIN, checked at the hub)--> desk <--> guide search / guide
    desk --(idle for idle_timeout_s, nobody served)--> lock --(the clerk's PIN)--> desk
    lock --(five wrong PINs, or 换人登录)--> sign-in

Which screen shows follows the ``WindowDesk``'s view (kiosk/queue/calling.py); what may
be opened (综合受理 in the header, the guides, the F keys) is asked of the signed-in
clerk's session (``core.clerk``, kiosk/clerk_session.py): a locked window opens nothing
but the PIN. This window only switches screens and carries taps and keys to them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.clerk_session import ClerkSession
from kiosk.core import Core, Service
from ui.bridge import CoreBridge
from ui.i18n import tr
from ui.qt_ports import fill_ports
from ui.qt_typed import app, repeating
from ui.role_window import RoleWindow

if TYPE_CHECKING:
    from kiosk.catalog.service import CatalogService
    from kiosk.queue.calling import DeskView, WindowDesk
    from ui.screens.clerk_desk import ClerkDeskScreen
    from ui.screens.guide import GuideScreen
    from ui.screens.guide_search import GuideSearchScreen
    from ui.window_acceptance import WindowAcceptance
    from ui.window_help import WindowHelpAlerts

TICK_MS = 250  # the desk's clock: idle lock, the pad's polling, the ticket's times


class WindowTerminalWindow(RoleWindow):
    """The clerk's terminal at a comprehensive window."""

    view_changed = Signal(object)  # DeskView, from the desk's threads
    wipe_requested = Signal()  # the desk ended a citizen's time at the window

    def __init__(self, core: Core, bridge: CoreBridge) -> None:
        super().__init__(core, bridge, "role.window")
        fill_ports(core)  # the desk's idle LED text, in the hall's language
        from ui.screens.clerk_sign_in import ClerkLockScreen, ClerkSignInScreen  # each role: its own screens

        window_no = core.settings.hall.window_no
        self.sign_in_screen = ClerkSignInScreen(window_no)
        self._clerk: ClerkDeskScreen | None = None  # built once the sign-in screen is shown
        self.lock_screen = ClerkLockScreen()
        for screen in (self.sign_in_screen, self.lock_screen):
            self.stack.addWidget(screen)
        # The desk is not on the first screen: built just after it, at idle (its import,
        # widgets and styling were ~0.1 s of the window's start-up), or when asked for.
        self.first_screen_shown.connect(lambda _name: QTimer.singleShot(0, self, lambda: self.clerk))
        self.desk: WindowDesk | None = None
        # The core's session (made with the core for the window role; the desk shares it).
        if core.clerk is None:  # a core made for another role (a test's)
            core.clerk = ClerkSession(core.settings.idle_timeout_s)
        self.session = core.clerk
        self.search_screen: GuideSearchScreen | None = None
        self.guide_screen: GuideScreen | None = None
        self.sign_in_screen.submitted.connect(self._sign_in)
        self.lock_screen.submitted.connect(self._unlock)
        self.lock_screen.sign_out_requested.connect(self._sign_out)
        self.view_changed.connect(self._render)
        self.wipe_requested.connect(core.visit.end)
        bridge.service_added.connect(self._service_added)
        self._ticker = repeating(self, TICK_MS, self._tick)
        app().installEventFilter(self)
        self.acceptance: WindowAcceptance | None = None  # 综合受理, once cases exist
        self.help_alerts: WindowHelpAlerts | None = None  # kiosks asking for help
        if core.window_desk is not None:
            self._connect_desk()
        self.add_language_switch()

    @property
    def clerk(self) -> ClerkDeskScreen:
        """The clerk's desk screen, built at its first use."""
        if self._clerk is None:
            from ui.screens.clerk_desk import ClerkDeskScreen

            clerk = ClerkDeskScreen(self.core, self.bridge)
            self.stack.insertWidget(1, clerk)  # sign-in, desk, lock
            clerk.sign_out_requested.connect(self._sign_out)
            clerk.guide_requested.connect(self.open_guides)
            self._clerk = clerk
        return self._clerk

    def retranslate(self) -> None:
        for screen in (self.sign_in_screen, self.clerk, self.lock_screen):
            screen.retranslate()
        if self.acceptance is not None:
            self.accept_button.setText(tr("acceptance.open"))

    # ---- services arriving ------------------------------------------------------------------
    def _service_added(self, service: Service) -> None:
        if service is Service.CASES and self.acceptance is None:  # 综合受理 once cases exist
            from PySide6.QtWidgets import QPushButton

            from ui.window_acceptance import WindowAcceptance

            self.acceptance = WindowAcceptance(
                self.core,
                self.bridge,
                self.stack,
                self._acceptance_closed,
                desk_view=lambda: self.desk.view if self.desk is not None else None,
                may=self.session.may,
            )
            self.accept_button = QPushButton(tr("acceptance.open"))
            self.accept_button.clicked.connect(self.open_acceptance)
            self.header.add_action(self.accept_button)
            self._show_header_actions()
        if service is Service.DEVICES_READY:  # devices run (the demo's simulators are up): greet on the LED
            self.clerk.refresh_devices()
            self.greet_on_display()
        elif service is Service.WINDOW_DESK and self.desk is None:
            self._connect_desk()
        elif service is Service.CATALOG and self.desk is not None:
            self.clerk.render(self.desk.view)

    def _connect_desk(self) -> None:
        """Follow the core's desk (built on the hub by ``kiosk.bootstrap``)."""
        desk = self.desk = self.core.window_desk
        if desk is None:
            return
        desk.on_wipe = self.wipe_requested.emit  # the visit's wipe touches widgets: on the GUI thread
        desk.listen(self.view_changed.emit)
        from ui.window_help import WindowHelpAlerts  # 呼叫帮助 from the kiosks, in the header

        self.help_alerts = WindowHelpAlerts(desk.connection, self.header)
        self.clerk.set_desk(desk)
        self.sign_in_screen.set_ready(True)
        self._ticker.start()

    def _idle_led(self) -> str:
        return tr("window.led_idle", window_no=self.core.settings.hall.window_no)

    def greet_on_display(self) -> None:
        signed_in = self.desk is not None and self.desk.view.signed_in
        if self.core.devices.has("queue_bus") and not signed_in:
            from kiosk import counter

            counter.show_on_display(self.core.devices, self._idle_led())

    # ---- the desk's view -> screens -------------------------------------------------------------
    def _render(self, view: DeskView) -> None:
        self._show_header_actions()
        self.sign_in_screen.set_busy(False)
        current = self.stack.currentWidget()
        maintenance = self._tech_screens is not None and current in self._tech_screens
        target: QWidget | None
        if not view.signed_in:
            self.sign_in_screen.set_message(tr(view.message, **view.message_data) if view.message else "")
            target = self.sign_in_screen
        elif view.locked:
            if current is not self.lock_screen:
                self.lock_screen.show_for(view.staff_name, view.staff_number)
            self.lock_screen.set_message(tr(view.message, **view.message_data) if view.message else "")
            self.lock_screen.set_hub(view.hub)
            target = self.lock_screen
        else:
            self.clerk.render(view)
            # The guides and 综合受理 stay on screen while the queue moves on.
            working = current is not None and current not in (self.sign_in_screen, self.lock_screen)
            target = current if working else self.clerk
        if maintenance:
            self._return_to = target  # the technician's screens stay until closed
            return
        if target is not None and target is not current:
            if target is self.sign_in_screen:
                self.sign_in_screen.reset()
            self.stack.setCurrentWidget(target)
            if target is self.clerk:
                self.clerk.setFocus()

    def _tick(self) -> None:
        if self.desk is not None:
            self.desk.tick()

    # ---- what the session allows ---------------------------------------------------------------
    def _show_header_actions(self) -> None:
        """综合受理 in the header only when the session allows it (never on the lock)."""
        if self.acceptance is not None:
            self.accept_button.setVisible(self.session.may("accept"))

    def open_acceptance(self) -> None:
        """综合受理: a case is open (the lock waits) until the flow returns to the desk."""
        if self.acceptance is None or not self.session.may("accept"):
            return
        self.session.open_case()
        self.acceptance.open_items()

    def _acceptance_closed(self) -> None:
        """返回窗口 from 综合受理: the screen the session's state calls for."""
        self.session.close_case()
        self.stack.setCurrentWidget(self.clerk)
        if self.desk is not None:
            self._render(self.desk.view)

    def _sign_in(self, staff: str, pin: str) -> None:
        if self.desk is not None:
            self.sign_in_screen.set_busy(True)
            self.desk.sign_in(staff, pin)

    def _unlock(self, pin: str) -> None:
        if self.desk is not None:
            self.desk.unlock(pin)

    def _sign_out(self) -> None:
        if self.desk is not None:
            self.desk.sign_out()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Any key or tap is the clerk at work: the idle lock starts counting again.
        if self.desk is not None and event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.KeyPress,
        ):
            self.desk.touch()
        return False

    # ---- the service guide (the existing search, modestly) -----------------------------------------
    def open_guides(self) -> None:
        catalog = self.core.catalog
        if catalog is None or not self.session.may("guide"):
            return
        search, _guide = self._guide_screens(catalog)
        search.reset()
        self.stack.setCurrentWidget(search)
        search.query.setFocus()

    def _guide_screens(self, catalog: CatalogService) -> tuple[GuideSearchScreen, GuideScreen]:
        """The search and the guide, built at the first F7."""
        if self.search_screen is None or self.guide_screen is None:
            from ui.screens.guide import GuideScreen
            from ui.screens.guide_search import GuideSearchScreen
            from ui.window_guide_notice import WindowGuideNotice  # 打印一次性告知单 (finding 10)

            search = self.search_screen = GuideSearchScreen(
                lambda q: catalog.search(q, limit=30), catalog.topics("person")
            )
            search.home_requested.connect(self._back_to_desk)
            search.item_chosen.connect(self._open_guide)
            search.topic_chosen.connect(self._open_topic)
            guide = self.guide_screen = GuideScreen(can_print=False)
            self._guide_notice = WindowGuideNotice(self.core, self.bridge, guide)
            guide.back_requested.connect(lambda: self.stack.setCurrentWidget(search))
            guide.home_requested.connect(self._back_to_desk)
            self.stack.addWidget(search)
            self.stack.addWidget(guide)
        return self.search_screen, self.guide_screen

    def _open_topic(self, code: str) -> None:
        catalog = self.core.catalog
        if catalog is None:
            return
        name = next((t.name for t in catalog.topics() if t.topic_code == code), code)
        self._guide_screens(catalog)[0].show_items(catalog.items_in_topic(code), heading=name)

    def _open_guide(self, task_code: str) -> None:
        catalog = self.core.catalog
        if catalog is None:
            return
        guide = self._guide_screens(catalog)[1]
        guide.show_guide(catalog.item(task_code))
        self.stack.setCurrentWidget(guide)

    def _back_to_desk(self) -> None:
        self.stack.setCurrentWidget(self.clerk)
        self.clerk.setFocus()

    def closeEvent(self, event) -> None:
        self._ticker.stop()
        app().removeEventFilter(self)
        if self.help_alerts is not None:
            self.help_alerts.close()
        super().closeEvent(event)

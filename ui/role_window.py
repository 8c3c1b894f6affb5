"""What every role's main window has: a header, a stack of screens, the maintenance
screens behind the PIN, and the demo controls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import Core, Service
from ui import theme
from ui.bridge import CoreBridge
from ui.i18n import tr
from ui.qt_app import gui_app
from ui.widgets.header import HeaderWidget
from ui.widgets.reflow import size_to_current

if TYPE_CHECKING:  # each loaded when first needed: the first screen does not wait for them
    from kiosk.technician import PinLock
    from ui.screens.pin import PinScreen
    from ui.screens.technician import TechnicianScreen
    from ui.widgets.demo_panel import DemoPanelWidget


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
        hall = core.settings.hall
        self.header = HeaderWidget(hall.name, tr(role_key), zone=hall.timezone, title_en=hall.name_en)
        self.role_key = role_key
        self.language_button: QPushButton | None = None
        col.addWidget(self.header)
        self.stack = QStackedWidget()
        size_to_current(self.stack)
        self.stack.currentChanged.connect(lambda _i: QTimer.singleShot(0, self.within_screen))
        col.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self._announced = False
        self._tech_screens: tuple[PinScreen, TechnicianScreen] | None = None
        self._pin_lock: PinLock | None = None
        self._return_to: QWidget | None = None
        self.header.secret_tapped.connect(self.open_maintenance)
        core.listen(bridge.service_added.emit)  # services arrive on the bring-up thread
        self.demo_button: QPushButton | None = None
        self.demo_panel: DemoPanelWidget | None = None
        bridge.service_added.connect(self._maybe_demo)

    def event(self, event) -> bool:
        # Whatever changed what the window needs (a theme, a rebuilt page, a header going
        # back to one row), look again once it is laid out: a window grown past its
        # screen while it needed more goes back inside it.
        if event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self.within_screen)
        return super().event(event)

    def within_screen(self) -> None:
        """Back inside the screen: a moment that needed more (a page's layout before
        its theme, a long text) grew the window, and Qt never shrinks it by itself."""
        limit = self.maximumSize()
        if not self.isFullScreen() and (self.width() > limit.width() or self.height() > limit.height()):
            self.resize(self.size().boundedTo(limit))

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
        if self._tech_screens is None or self._pin_lock is None:
            return  # no PIN screen was opened: nothing could have been entered
        pin, tech = self._tech_screens
        if self._pin_lock.try_pin(entered):
            self.stack.setCurrentWidget(tech)
            return
        wait = self._pin_lock.locked_for()
        pin.reset(tr("tech.pin_locked", seconds=int(wait + 0.999)) if wait else tr("tech.pin_wrong"))

    def close_maintenance(self) -> None:
        back = self._return_to or self.stack.widget(0)
        if back is not None:
            self.stack.setCurrentWidget(back)

    # -- language -------------------------------------------------------------------------------
    def add_language_switch(self) -> None:
        """A header button to the other language, like the kiosk's 中文 / English: the
        window and the board switch in place (issue 14, finding 15)."""
        from ui import i18n

        self.language_button = QPushButton(i18n.native_name(i18n.next_language()))
        self.language_button.setObjectName("language_button")
        # As wide as its word: with the status strip hidden the header's spare width
        # went to this button.
        self.language_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.language_button.clicked.connect(self.toggle_language)
        self.header.add_action(self.language_button)

    def toggle_language(self) -> None:
        from ui import i18n

        i18n.set_language(i18n.next_language())
        self.setWindowTitle(f"{tr('app.title')} · {tr(self.role_key)}")
        self.header.retranslate()
        self.header.subtitle.setText(tr(self.role_key))
        if self.language_button is not None:
            self.language_button.setText(i18n.native_name(i18n.next_language()))
        if self.demo_button is not None:
            self.demo_button.setText(tr("demo.controls"))
        self.retranslate()

    def retranslate(self) -> None:
        """The role's own screens in the language now chosen (each role says how)."""

    # -- demo controls ----------------------------------------------------------------------
    def _maybe_demo(self, service: Service) -> None:
        demo = self.core.demo
        if (
            service is not Service.DEMO
            or demo is None
            or self.demo_button is not None
            or self.core.settings.role == "display"
        ):
            return  # the board has no devices a visitor could play with
        from ui.widgets.demo_panel import DemoPanelWidget

        self.demo_panel = DemoPanelWidget(demo, self)
        self.demo_panel.hide()
        self.demo_button = QPushButton(tr("demo.controls"))
        self.demo_button.setCheckable(True)
        self.demo_button.toggled.connect(self._toggle_demo_panel)
        self.header.add_action(self.demo_button)

    def _toggle_demo_panel(self, on: bool) -> None:
        panel = self.demo_panel
        if panel is None:
            return
        if on:
            # As tall as its buttons need in this theme, never off the window's edge.
            from ui.widgets.reflow import ReflowGrid

            w = min(1600, self.width() - 40)
            for grid in panel.findChildren(ReflowGrid):
                grid.reflow()
            layout = panel.layout()
            if layout is not None:
                layout.activate()
            h = min(panel.minimumSizeHint().height(), self.height() - 40)
            panel.setGeometry((self.width() - w) // 2, self.height() - h - 20, w, h)
            panel.show()
            panel.raise_()
        else:
            panel.hide()

    def apply_theme(self, name: str) -> None:
        theme.apply(gui_app(), theme.THEMES[name])
        QTimer.singleShot(0, self.within_screen)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._announced:
            self._announced = True
            # After this paint returns, the frame is on screen.
            QTimer.singleShot(0, self._announce_first_screen)

    def _announce_first_screen(self) -> None:
        current = self.stack.currentWidget()
        self.first_screen_shown.emit(current.objectName() if current is not None else "")

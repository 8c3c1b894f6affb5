"""The citizens' kiosk window: the stack, the header, the visit's timeout and the theme.

Each flow is a room of ``ui/kiosk/`` (home, guides, browse, tickets, cases, assist), and
every room answers ``open``, ``forget`` (another language or theme) and ``wipe`` (the
visit ended); the services they use are the core's, built in ``kiosk.bootstrap``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QCloseEvent

from kiosk.core import Core, Service
from kiosk.visit import VisitState
from ui import i18n
from ui.bridge import CoreBridge
from ui.i18n import tr
from ui.kiosk.browse import BrowseRoom
from ui.kiosk.guides import GuidesRoom
from ui.kiosk.home import HomeRoom
from ui.kiosk.tickets import TicketsRoom
from ui.qt_ports import fill_ports
from ui.qt_typed import app, repeating
from ui.role_window import RoleWindow

if TYPE_CHECKING:
    from ui.kiosk.cases import KioskCases
    from ui.screens.kiosk_home import KioskHomeScreen
    from ui.voice_guide import VoiceGuide
    from ui.widgets.idle_warning import IdleWarningWidget

WARM_UP_DELAY_MS = 500  # after the first screen, before the heavy screens are built ahead


class KioskWindow(RoleWindow):
    """The citizens' kiosk: its rooms on one stack, visit timeout with warning, elder mode."""

    def __init__(self, core: Core, bridge: CoreBridge) -> None:
        super().__init__(core, bridge, "role.kiosk")
        from ui.widgets.compose import compose_for_keyboard

        compose_for_keyboard(self)  # before the window is first shown: no black frame at the first keyboard
        fill_ports(core)  # the guidance's language and Qt voice
        self.elder = core.settings.theme == "elder"
        self._timeout_s = core.visit.timeout_s  # the hall's; elder mode gives more time
        self.guides = GuidesRoom(self)
        self.browse = BrowseRoom(self)
        self.tickets = TicketsRoom(self)
        self._cases: KioskCases | None = None  # made when first used (start-up)
        self.home_room = HomeRoom(self)
        self.warning: IdleWarningWidget | None = None  # built at the first warning
        bridge.visit_warning.connect(self._show_warning)
        bridge.visit_state_changed.connect(self._on_visit_state)
        bridge.device_health_changed.connect(lambda _kind, _health: self.show_status())
        core.visit.listener = bridge.visit_listener()
        core.visit.on_wipe(self._wipe)
        bridge.service_added.connect(self._service_added)
        from ui.kiosk.assist import KioskAssist  # 呼叫帮助 in the header from the first screen
        from ui.kiosk.unresolved import UnresolvedRoom

        self.unresolved = UnresolvedRoom(self)
        self.assist = KioskAssist(self)
        self._online: bool | None = None  # the sync state's, once the cases service is up
        self._ticker = repeating(self, 1000, self._tick)
        self._ticker.start()
        self.voice: VoiceGuide | None = None  # 语音播报 and the keypad, from the first screen on
        self._first_screen_up = False
        # An application-wide filter runs Python for every Qt event; start-up paints
        # thousands, so it goes in once the first screen is up (bench/startup.py).
        self.first_screen_shown.connect(lambda _: app().installEventFilter(self))
        # Queued: the first screen is announced (logged, timed) before this runs.
        # (With this window as the timer's context: a window closed at once never runs it.)
        self.first_screen_shown.connect(lambda _: QTimer.singleShot(0, self, self._after_first_screen))

    @property
    def home(self) -> KioskHomeScreen:
        return self.home_room.screen

    @property
    def cases(self) -> KioskCases:
        """The 自助申报 / 办件查询 / 好差评 room (imported at first use: its receipts and
        forms would otherwise cost the first screen ~35 ms, bench/startup.py)."""
        if self._cases is None:
            from ui.kiosk.cases import KioskCases

            self._cases = KioskCases(self.core, self.bridge, self.stack, self.go_home)
        return self._cases

    def go_home(self) -> None:
        self.stack.setCurrentWidget(self.home)

    def _service_added(self, service: Service) -> None:
        if service is Service.GUIDANCE:
            self._install_voice()
        elif service is Service.DEMO:
            self._add_demo_headset()
        self.home_room.forget()  # what the home offers may have changed

    # ---- after the first screen ------------------------------------------------------------------
    def _after_first_screen(self) -> None:
        if self._first_screen_up:  # the first screen is announced once, but a role window may be shown again
            return
        self._first_screen_up = True
        self._install_voice()
        self._warm_up_soon()

    def _install_voice(self) -> None:
        """Voice guidance and the keypad, once the core's guidance exists and the first
        screen is up (their imports would cost the first screen ~40 ms). The keypad's
        filter goes in under this window's activity filter, which is put back on top
        (installed last, asked first) so that it still counts every key as activity; the
        guide's wipe hook runs after ``_wipe``."""
        if self.voice is not None or not self._first_screen_up or self.core.guidance is None:
            return
        from ui.voice_guide import install_voice_guide

        self.voice = install_voice_guide(self)
        self._add_demo_headset()
        qapp = app()
        qapp.removeEventFilter(self)
        qapp.installEventFilter(self.voice.navigator)
        qapp.installEventFilter(self)

    def _warm_up_soon(self) -> None:
        """Build the heavy screens ahead, while the citizen reads the home: built at the
        first tap, 自助申报 showed its new screen ~0.6 s late (issue 14, finding 12).
        After the first screen (start-up does not grow), one screen a turn of the event
        loop (a tap in between waits for one screen at most)."""
        QTimer.singleShot(WARM_UP_DELAY_MS, self, lambda: self._warm_up(list(self._warm_ups())))

    def _warm_ups(self) -> Iterator[Callable[[], object]]:
        if self.core.catalog is not None:
            yield self.guides.search
            yield self.guides.guide
        if self.core.cases is not None:
            yield lambda: self.cases.screen("identify")

    def _warm_up(self, steps: list[Callable[[], object]]) -> None:
        # Closed or stopped meanwhile (a terminal shutting down, a test's end): the catalog
        # is closed, and a screen built now would read a closed database.
        if not steps or not self.isVisible() or self.core.stopped:
            return
        steps.pop(0)()
        QTimer.singleShot(0, self, lambda: self._warm_up(steps))

    def _add_demo_headset(self) -> None:
        """The demo panel's headset switch, when the headset is the simulated one."""
        from kiosk.guidance import SimulatedHeadset
        from ui.widgets.demo_panel import DemoPanelWidget

        panel, voice = self.demo_panel, self.voice
        if (
            voice is not None
            and isinstance(panel, DemoPanelWidget)
            and "headset" not in panel.buttons
            and isinstance(voice.headset, SimulatedHeadset)
        ):
            panel.add_headset(voice.headset)

    # ---- the header's status strip ---------------------------------------------------------------
    def _tick(self) -> None:
        self.core.visit.tick()
        self.show_status()

    def show_status(self) -> None:
        """The header's status strip: the network (the sync state) and the printer."""
        from kiosk.status import citizen_status, online_of

        if self._online is None and self.core.cases is not None:
            sync = getattr(self.core.cases, "sync", None)
            try:
                self._online = online_of(sync)
                if sync is not None:  # then told on every change, on the sync thread
                    sync.listen(lambda state: setattr(self, "_online", bool(state.online)))
            except Exception:
                self._online = None
        lines = citizen_status(self._online, self.core.devices.health_snapshot())
        worst = next((line.state for line in lines if line.state == "offline"), None) or next(
            (line.state for line in lines if line.state == "degraded"), "ok"
        )
        self.header.set_status(tr("sep.hours").join(tr(line.key) for line in lines), worst)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.voice is not None:
            self.voice.close()
        self.assist.close()
        super().closeEvent(event)

    # ---- the visit's timeout ---------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Any touch or key is activity: it starts a visit from idle and ends a warning.
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            if self.core.visit.state is VisitState.IDLE:
                self.core.visit.begin()
            else:
                self.core.visit.touch()
        return False

    def _scale_timeout(self) -> None:
        from ui import theme

        factor = theme.THEMES["elder"].timeout_factor if self.elder else 1.0
        self.core.visit.timeout_s = self._timeout_s * factor

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
        if i18n.language() != self.core.settings.language:
            i18n.set_language(self.core.settings.language)
            self._language_changed()  # the next citizen reads the hall's language everywhere
        if self.elder != (self.core.settings.theme == "elder"):
            self.elder = self.core.settings.theme == "elder"
            self._scale_timeout()
            self.apply_theme(self.core.settings.theme)
            self._language_changed()
        for room in (self.guides, self.tickets):
            room.wipe()
        self.go_home()

    # ---- theme and language ----------------------------------------------------------------------
    def set_elder_mode(self, on: bool) -> None:
        self.elder = on
        self._scale_timeout()
        self.apply_theme(
            "elder" if on else self.core.settings.theme if self.core.settings.theme != "elder" else "normal"
        )
        self._language_changed()  # fewer choices and words in elder mode, every screen built again
        if on and self.voice is not None:  # JOURNEYS.md 1: in 长辈模式 the kiosk reads each screen aloud
            self.voice.guidance.set_enabled(True)

    def toggle_language(self) -> None:
        i18n.set_language(i18n.next_language())  # zh_CN, en, then any language added as a file
        self._language_changed()

    def _language_changed(self) -> None:
        """Every text in the new language (or every screen in the new theme's sizes and
        number of choices): the home and the header now, every other screen when next
        opened (each was built once, in the language and theme of that moment)."""
        self.setWindowTitle(f"{tr('app.title')} · {tr('role.kiosk')}")
        self.header.subtitle.setText(tr("role.kiosk"))
        self.header.retranslate()  # the hall's name in English too (its name_en)
        if self.demo_button is not None:
            self.demo_button.setText(tr("demo.controls"))
            if self.demo_panel is not None and self.core.demo is not None:
                from ui.widgets.demo_panel import DemoPanelWidget

                self.demo_button.setChecked(False)
                self.demo_panel.deleteLater()
                self.demo_panel = DemoPanelWidget(self.core.demo, self)
                self.demo_panel.hide()
                self._add_demo_headset()  # the new panel keeps its headset switch
        if self.warning is not None:
            self.warning.hide()
            self.warning.deleteLater()
            self.warning = None
        for room in (self.guides, self.browse, self.tickets):
            room.forget()
        if self._cases is not None:
            self._cases.forget()
        self.assist.forget()  # 呼叫帮助 and its screens in the language now chosen
        self.home_room.forget()
        if self.voice is not None:
            self.voice.retranslate()
            self._warm_up_soon()  # the dropped screens, in the new language or theme
        self.show_status()

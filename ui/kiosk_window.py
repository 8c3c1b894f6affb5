"""The citizens' kiosk window: home tiles, guides and bundles, the visit's timeout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from common.errors import key_of
from kiosk.card_return import CardReturnState
from kiosk.core import Core
from kiosk.hall_time import hall_now
from kiosk.logs import log_event
from kiosk.visit import VisitState
from ui import i18n
from ui.bridge import CoreBridge
from ui.i18n import error_text, tr
from ui.role_window import RoleWindow
from ui.screens.kiosk_home import KioskHomeScreen, Tile, elder_tiles

WARM_UP_DELAY_MS = 500  # after the first screen, before the heavy screens are built ahead


class KioskWindow(RoleWindow):
    """The citizens' kiosk: home tiles, visit timeout with warning, elder mode."""

    # Screens built at first use, held in these attributes: another language drops them,
    # to be built again in it. A new lazily built screen adds its attribute here.
    LAZY_SCREENS = (
        "search_screen",
        "guide_screen",
        "bundle_list",
        "ticket_services",
        "ticket_done",
        "browse_screen",
        "map_screen",
    )

    def __init__(self, core: Core, bridge: CoreBridge) -> None:
        super().__init__(core, bridge, "role.kiosk")
        from ui.widgets.compose import compose_for_keyboard

        compose_for_keyboard(self)  # before the window is first shown: no black frame at the first keyboard
        self._elder = core.settings.theme == "elder"
        self._timeout_s = core.visit.timeout_s  # the hall's; elder mode gives more time
        self.home = self._build_home()
        self.stack.addWidget(self.home)
        self.warning: QWidget | None = None  # the IdleWarningWidget, built at the first warning
        bridge.visit_warning.connect(self._show_warning)
        bridge.visit_state_changed.connect(self._on_visit_state)
        bridge.device_health_changed.connect(self._printer_state)
        bridge.device_health_changed.connect(lambda _kind, _health: self.show_status())
        core.visit.listener = bridge.visit_listener()
        core.visit.on_wipe(self._wipe)
        if core.card_return is not None:  # reported on this (GUI) thread: the visit's tick, the reader's callbacks
            core.card_return.listen(lambda _state: self._card_return_changed())
        bridge.service_added.connect(lambda _name: self._rebuild_home())
        self.search_screen = None
        self.guide_screen = None
        self.bundle_list = None
        self.browse_screen = None  # ui.screens.browse.BrowseScreen, made at first use
        self.map_screen = None  # ui.screens.service_map.ServiceMapScreen, made at first use
        # The map's "open now" reads this (tests set a fixed time): the hall's wall clock,
        # naive as the opening hours are.
        self.clock = lambda: hall_now(core.settings.hall.timezone).replace(tzinfo=None)
        self._back_to = None
        self._browse_from_map = False
        self._bundle_back: str | None = None  # 返回 from an item of a bundle goes to the bundle
        self._cases = None  # ui.kiosk_cases.KioskCases, made when first used (start-up)
        self.ticket_desk = None  # kiosk.queue.ticketing.TicketDesk, made at the first 取号
        self.ticket_services = None
        self.ticket_done = None
        self._card_polling = False
        self._scan_until = 0.0
        from ui.kiosk_assist import KioskAssist  # 呼叫帮助 in the header from the first screen

        self.assist = KioskAssist(core, bridge, self.stack, self.header, self.go_home)
        self.assist.case_of = lambda: self._cases.case if self._cases is not None else None
        self._online: bool | None = None  # the sync state's, once the cases service is up
        self._ticker = QTimer(self, interval=1000, timeout=self._tick)
        self._ticker.start()
        self.voice = None  # ui.voice_guide.VoiceGuide: 语音播报 and the keypad, from the first screen on
        bridge.service_added.connect(self._add_demo_headset)
        # An application-wide filter runs Python for every Qt event; start-up paints
        # thousands, so it goes in once the first screen is up (bench/startup.py).
        self.first_screen_shown.connect(lambda _: QApplication.instance().installEventFilter(self))
        # Queued: the first screen is announced (logged, timed) before this runs.
        # (With this window as the timer's context: a window closed at once never runs it.)
        self.first_screen_shown.connect(lambda _: QTimer.singleShot(0, self, self._after_first_screen))

    def _after_first_screen(self) -> None:
        """Voice guidance and the keypad (their imports would cost the first screen ~40 ms;
        the 语音播报 switch joins the header a moment later). The keypad's filter goes in
        under this window's activity filter, which is put back on top (installed last,
        asked first) so that it still counts every key as activity; the guide's wipe
        hook runs after ``_wipe``."""
        if self.voice is not None:  # the first screen is announced once, but a role window may be shown again
            return
        from ui.voice_guide import install_voice_guide

        self.voice = install_voice_guide(self)
        self._add_demo_headset("demo")
        app = QApplication.instance()
        app.removeEventFilter(self)
        app.installEventFilter(self.voice.navigator)
        app.installEventFilter(self)
        self._warm_up_soon()

    def _warm_up_soon(self) -> None:
        """Build the heavy screens ahead, while the citizen reads the home: built at the
        first tap, 自助申报 showed its new screen ~0.6 s late (issue 14, finding 12).
        After the first screen (start-up does not grow), one screen a turn of the event
        loop (a tap in between waits for one screen at most)."""
        QTimer.singleShot(WARM_UP_DELAY_MS, self, lambda: self._warm_up(list(self._warm_ups())))

    def _warm_ups(self):
        if self.core.catalog is not None:
            yield self._search
            yield self._guide_screen
        if self.core.cases is not None:
            yield lambda: self.cases.screen("identify")

    def _warm_up(self, steps: list) -> None:
        # Closed or stopped meanwhile (a terminal shutting down, a test's end): the catalog
        # is closed, and a screen built now would read a closed database.
        if not steps or not self.isVisible() or self.core.stopped:
            return
        steps.pop(0)()
        QTimer.singleShot(0, self, lambda: self._warm_up(steps))

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

    @property
    def cases(self):
        """The 自助申报 / 办件查询 / 好差评 screens' controller (imported at first use: its
        receipts and forms would otherwise cost the first screen ~35 ms, bench/startup.py)."""
        if self._cases is None:
            from ui.kiosk_cases import KioskCases

            self._cases = KioskCases(self.core, self.bridge, self.stack, self.go_home)
        return self._cases

    def _build_home(self) -> KioskHomeScreen:
        tiles: list[Tile] = []
        hours = ""
        if self.core.hub is not None:  # never a dead tile: only with a hall hub to ask
            tiles.append(Tile("tile.ticket", self.open_tickets))
        catalog = self.core.catalog
        if catalog is not None:
            from kiosk.catalog.halls import find_hall
            from ui.words import hours_text

            tiles.append(Tile("tile.guides", self._open_guides))
            tiles.append(Tile("tile.browse", self.open_browse))
            # Elder mode keeps to two rows: 一件事 is inside 分类浏览 there.
            if catalog.bundles() and not self._elder:
                tiles.append(Tile("tile.bundles", self._open_bundles))
            if self.core.cases is not None:
                if self.core.cases.terminal_items():
                    tiles.append(Tile("tile.apply", self._open_apply))
                # 办件查询 and 好差评 share a tile: finished cases are rated from the query.
                tiles.append(Tile("tile.query", lambda: self.cases.open_query()))
            halls = catalog.halls()
            hall = find_hall(halls, self.core.settings.hall.code, self.core.settings.hall.name)
            hours = hours_text(hall) if hall else ""
            if halls and not self._elder:
                tiles.append(Tile("tile.map", self.open_map))
        if self._elder:
            tiles = elder_tiles(tiles)
        problem = self.core.catalog_problem if catalog is None else None
        self._home_notice = tr(problem.citizen_key) if problem else ""
        home = KioskHomeScreen(
            self.core.settings.hall.name,
            tiles,
            demo=self.core.settings.demo,
            elder=self._elder,
            hours=hours,
            notice=tr(problem.citizen_key) if problem else "",
        )
        home.unresolved_button.setVisible(self.core.cases is not None)  # 办不成事 goes through the outbox
        home.unresolved_requested.connect(lambda: self.assist.open_unresolved())
        home.elder_mode_toggled.connect(self.set_elder_mode)
        home.language_toggled.connect(self.toggle_language)
        self._show_take_card(home)
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
            from kiosk.catalog.browse import Finder
            from ui.screens.guide_search import GuideSearchScreen
            from ui.widgets.keyboard import KeyboardSlot

            catalog = self.core.catalog
            self.search_screen = GuideSearchScreen(
                Finder(catalog, limit=30).find,
                catalog.topics("person"),
                keyboard=None if self._elder else KeyboardSlot(),  # the one keyboard's place
                topic_names={t.topic_code: t.name for t in catalog.topics()},
                letter_keys=self._elder,  # the pinyin keyboard's keys cannot reach 110 px
            )
            self.search_screen.home_requested.connect(self.go_home)
            self.search_screen.item_chosen.connect(self.open_guide)
            self.search_screen.topic_chosen.connect(self._open_topic)
            self.search_screen.bundle_chosen.connect(lambda code: self.open_bundle(code, self.search_screen))
            self.search_screen.help_requested.connect(lambda: self.request_help("guide_search"))
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

    def open_bundle(self, code: str, back_to: QWidget | None = None) -> None:
        self._bundle_back = None
        self._guide_screen().show_bundle(self.core.catalog.bundle(code))
        # (not in elder mode: fewer choices, and a fifth button in the bottom row would not fit
        # a portrait screen; 呼叫帮助 and the home lead there)
        self.guide_screen.unresolved_button.setVisible(self.core.cases is not None and not self._elder)
        self._back_to = back_to or self.bundle_list
        self.stack.setCurrentWidget(self.guide_screen)

    def _open_topic(self, code: str) -> None:
        catalog = self.core.catalog
        from ui.words import data_name

        name = next((data_name("topic", code, t.name) for t in catalog.topics() if t.topic_code == code), code)
        self.search_screen.show_items(catalog.items_in_topic(code), heading=name)

    def _guide_screen(self):
        if self.guide_screen is None:
            from ui.screens.guide import GuideScreen

            self.guide_screen = GuideScreen(can_print=self.core.devices.has("printer"))
            self.guide_screen.back_requested.connect(self._guide_back)
            self.guide_screen.item_requested.connect(self._open_bundle_item)
            self.guide_screen.home_requested.connect(self.go_home)
            self.guide_screen.print_notice_requested.connect(self.print_notice)
            self.guide_screen.apply_requested.connect(lambda code: self.cases.start(code))
            self.guide_screen.unresolved_requested.connect(
                lambda code: self.assist.open_unresolved(
                    self.guide_screen.title.text(), "" if code.startswith("bundle:") else code
                )
            )
            self.stack.addWidget(self.guide_screen)
            self._printer_state()
        return self.guide_screen

    def _open_bundle_item(self, task_code: str) -> None:
        """An item of the bundle on show: its guide; 返回 comes back to the bundle."""
        bundle = self.guide_screen.task_code.removeprefix("bundle:")
        self.open_guide(task_code)
        self._bundle_back = bundle

    def _guide_back(self) -> None:
        bundle, self._bundle_back = self._bundle_back, None
        if bundle:
            self.open_bundle(bundle)
        else:
            self.stack.setCurrentWidget(self._back_to or self.home)

    def _open_apply(self) -> None:
        self._open_guides()
        self.search_screen.show_items(self.core.cases.terminal_items(), heading=tr("case.items.title"))

    def open_guide(self, task_code: str, back_to: QWidget | None = None) -> None:
        self._bundle_back = None
        self._guide_screen().can_apply = self.core.cases is not None
        # (not in elder mode: fewer choices, and a fifth button in the bottom row would not fit
        # a portrait screen; 呼叫帮助 and the home lead there)
        self.guide_screen.unresolved_button.setVisible(self.core.cases is not None and not self._elder)
        self._guide_screen().show_guide(self.core.catalog.item(task_code))
        self._back_to = back_to or self.search_screen
        self.stack.setCurrentWidget(self.guide_screen)

    # -- 分类浏览 and 政务地图 ----------------------------------------------------------------
    def open_browse(self) -> None:
        self.core.visit.begin()
        if self.browse_screen is None:
            from ui.screens.browse import BrowseScreen

            self.browse_screen = BrowseScreen(self.core.catalog)
            self.browse_screen.home_requested.connect(self.go_home)
            self.browse_screen.left.connect(
                lambda: self.stack.setCurrentWidget(self.map_screen if self._browse_from_map else self.home)
            )
            self.browse_screen.item_chosen.connect(lambda code: self.open_guide(code, self.browse_screen))
            self.browse_screen.bundle_chosen.connect(lambda code: self.open_bundle(code, self.browse_screen))
            self.stack.addWidget(self.browse_screen)
        self._browse_from_map = False
        self.browse_screen.reset()
        self.stack.setCurrentWidget(self.browse_screen)

    def open_hall_items(self, hall_code: str) -> None:
        """政务地图 -> the items one hall accepts (its 通办范围), in the browse screen."""
        hall = next(h for h in self.core.catalog.halls() if h.hall_code == hall_code)
        self.open_browse()
        self._browse_from_map = True
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
        catalog, hall = self.core.catalog, self.core.settings.hall
        self.map_screen.show_halls(
            hall_views(
                catalog.halls(), catalog.item_areas(), area_code=hall.area_code, here_code=hall.code, now=self.clock()
            )
        )
        self.stack.setCurrentWidget(self.map_screen)

    def request_help(self, screen_name: str) -> None:
        """呼叫帮助 from a screen. Placeholder on this branch: the ``help`` work builds the
        real request to the hall; here it is only logged."""
        log_event("help_requested", screen=screen_name)

    def print_notice(self, code: str) -> None:
        """打印一次性告知单: 正在打印 shows at once; the paper is laid out and printed on
        the printer's thread (the first layout imported the notices and took seconds on
        the GUI thread, the screen unchanged meanwhile: issue 14, finding 12)."""
        self.guide_screen.set_message(tr("print.sending"), "unknown")
        self.guide_screen.print_button.setEnabled(False)
        from ui.words import local_name  # the hall's English name on an English notice

        catalog, hall = self.core.catalog, local_name(self.core.settings.hall.name, self.core.settings.hall.name_en)
        now = hall_now(self.core.settings.hall.timezone)
        helper = self.assist.helper_value()  # 帮办人员 on an assisted visit's paper
        if code.startswith("bundle:"):
            guide = catalog.bundle(code.removeprefix("bundle:"))
            self.assist.record("notice.printed", item=guide.bundle.name)
        else:
            guide = catalog.item(code)
            self.assist.record("notice.printed", item=guide.task_name, task_code=code)

        def lay_out_and_print(printer):
            from kiosk.catalog.notices import bundle_notice, one_time_notice

            notice = bundle_notice if code.startswith("bundle:") else one_time_notice
            return printer.print_receipt(notice(guide, hall_name=hall, now=now, tr=tr, helper=helper))

        self.core.devices.submit("printer", lay_out_and_print, self.bridge.on_job_done(self._printed))

    def _printed(self, fut) -> None:
        if self.guide_screen is None:
            return
        self._printer_state()
        exc = fut.exception()
        if exc is None:
            self.guide_screen.show_result(tr("print.done"), "ok")
        else:  # the guide on the citizen's phone instead
            self.guide_screen.show_result(
                tr("print.failed", reason=error_text(exc)), "offline", self.guide_screen.link_addr
            )

    def _printer_state(self, kind: str = "printer", _health=None) -> None:
        """打印 waits while the printer cannot print (out of paper): a tap would only fail."""
        if kind != "printer" or self.guide_screen is None:
            return
        from drivers.health import HealthState

        health = self.core.devices.health_snapshot().get("printer")
        self.guide_screen.print_button.setEnabled(health is None or health.state is not HealthState.OFFLINE)

    # -- 取号 -------------------------------------------------------------------------------
    def _desk(self):
        if self.ticket_desk is None:
            from kiosk.queue.ticketing import TicketDesk

            self.ticket_desk = TicketDesk(self.core.hub, self.core.devices, self.core.settings)
        return self.ticket_desk

    def open_tickets(self) -> None:
        """The services to take a number for; the ID reader listens meanwhile."""
        self.core.visit.begin()
        if self.ticket_services is None:
            from ui.screens.ticket_done import TicketDoneScreen
            from ui.screens.ticket_services import TicketServicesScreen

            self.ticket_services = TicketServicesScreen(can_check_in=self.core.devices.has("camera"))
            self.ticket_services.service_chosen.connect(self.take_ticket)
            self.ticket_services.check_in_requested.connect(self.scan_appointment)
            self.ticket_services.home_requested.connect(self.go_home)
            self.ticket_done = TicketDoneScreen()
            self.ticket_done.reprint_requested.connect(lambda: self._print_ticket(self.ticket_done.ticket, True))
            self.ticket_done.done_requested.connect(self.core.visit.end)  # done: forget this citizen
            self.stack.addWidget(self.ticket_services)
            self.stack.addWidget(self.ticket_done)
        self.ticket_services.reset()
        self._show_take_card(self.home)  # the last citizen's card, if still there, does not count
        self.ticket_services.show_loading()
        self.stack.setCurrentWidget(self.ticket_services)
        self._desk().submit(lambda desk: desk.services(), self.bridge.on_job_done(self._services_loaded))
        self._poll_card()

    def _on_ticket_services(self) -> bool:
        return self.ticket_services is not None and self.stack.currentWidget() is self.ticket_services

    def _services_loaded(self, fut) -> None:
        exc = fut.exception()
        if exc is not None:
            self.ticket_services.set_message(error_text(exc), "offline")
            log_event("ticket_services_unavailable", reason=key_of(exc, default=type(exc).__name__))
        else:
            services = fut.result()
            self.ticket_services.show_services(services)
            log_event("ticket_services_shown", services=len(services), open=sum(s.open_now for s in services))

    def _poll_card(self) -> None:
        """Read the ID reader in short waits while the services screen shows (a card
        identifies the citizen for the ticket they take next), and after a visit until
        the reader is seen empty (``core.card_return``: the last citizen's card is
        asked back and never counts for the next one)."""
        if self._card_polling or not self.core.devices.has("id_reader"):
            return
        returning = self.core.card_return is not None and self.core.card_return.watching
        identifying = self._on_ticket_services() and "ticket_identity" not in self.core.visit.data
        if not (returning or identifying):
            return
        from kiosk.counter import read_identity

        self._card_polling = True
        # One look while checking for a card left behind; short waits while identifying.
        wait_s = 0.0 if returning else 1.0
        read_identity(self.core.devices, self.bridge.on_job_done(self._card_polled), timeout_s=wait_s)

    def _card_polled(self, fut) -> None:
        self._card_polling = False
        returns = self.core.card_return
        exc = fut.exception()
        if exc is None:
            if returns is not None and not returns.observed_card():
                QTimer.singleShot(300, self._poll_card)  # the last citizen's: until it is taken
                return
            if self._on_ticket_services() and "ticket_identity" not in self.core.visit.data:
                who = self._desk().identify(fut.result())
                self.core.visit.data["ticket_identity"] = who  # wiped with the visit
                self.ticket_services.show_identity(who.masked_name, who.suggest_elderly)
            return
        no_card = key_of(exc, default="") == "device.id_reader.no_card"
        if no_card and returns is not None:
            returns.observed_empty()
        QTimer.singleShot(200 if no_card else 2000, self._poll_card)

    def _card_return_changed(self) -> None:
        """请取走身份证 while the last citizen's card lies on the reader; watch until it is gone."""
        self._show_take_card(self.home)
        self._poll_card()

    def _show_take_card(self, home: KioskHomeScreen) -> None:
        """The home's notice (read out by the voice guidance) and the 取号 screen's card line."""
        take = self.core.card_return is not None and self.core.card_return.state is CardReturnState.TAKE_CARD
        notice = tr("visit.take_card") if take else self._home_notice
        home.set_notice(notice)
        services = getattr(self, "ticket_services", None)
        if services is not None and "ticket_identity" not in self.core.visit.data:
            services.card_hint.setText(tr("visit.take_card_next" if take else "ticket.card_hint"))

    def take_ticket(self, code: str) -> None:
        screen = self.ticket_services
        screen.set_busy(True)
        screen.set_message(tr("ticket.taking"), "unknown")
        priority, who = screen.priority, self.core.visit.data.get("ticket_identity")
        self._desk().submit(lambda desk: desk.take(code, priority, who), self.bridge.on_job_done(self._ticket_taken))

    def _ticket_taken(self, fut) -> None:
        self.ticket_services.set_busy(False)
        exc = fut.exception()
        if exc is not None:
            self.ticket_services.set_message(error_text(exc), "offline")
            self.stack.setCurrentWidget(self.ticket_services)
            return
        taken = fut.result()
        who = self.core.visit.data.get("ticket_identity")
        self.assist.record(
            "ticket.taken", number=taken.number, service=taken.service_name, citizen=getattr(who, "masked_name", "")
        )
        self.ticket_services.set_message("")
        self.ticket_done.show_ticket(taken)
        self.stack.setCurrentWidget(self.ticket_done)
        if not taken.already_held:  # a held ticket is reprinted only when asked
            self._print_ticket(taken)

    def _print_ticket(self, taken, reprint: bool = False) -> None:
        from dataclasses import replace

        self.ticket_done.show_ticket(replace(taken, print_state="printing"))
        desk = self._desk()
        (desk.reprint if reprint else desk.print_ticket)(
            taken,
            tr,
            self.bridge.on_job_done(self._ticket_printed),
            helper=self.assist.helper_value(),
            english=i18n.language() == "en",
        )

    def _ticket_printed(self, fut) -> None:
        taken = fut.result()  # never raises: a failed print is a state of the ticket
        if (
            self.ticket_done is not None
            and self.ticket_done.ticket is not None
            and self.ticket_done.ticket.id == taken.id
        ):
            self.ticket_done.show_ticket(taken)

    def scan_appointment(self) -> None:
        """Look for an appointment QR code in front of the camera for up to 20 s."""
        import time

        self.ticket_services.set_message(tr("ticket.scan_prompt"), "unknown")
        self._scan_until = time.monotonic() + 20.0
        self.ticket_services.check_in_button.setEnabled(False)
        self._desk().scan_appointment(self.bridge.on_job_done(self._scanned))

    def _scanned(self, fut) -> None:
        import time

        if not self._on_ticket_services():
            return
        exc = fut.exception()
        payload = None if exc is not None else fut.result()
        if payload is None and exc is None and time.monotonic() < self._scan_until:
            QTimer.singleShot(150, lambda: self._desk().scan_appointment(self.bridge.on_job_done(self._scanned)))
            return
        self.ticket_services.check_in_button.setEnabled(True)
        if exc is not None or payload is None:
            self.ticket_services.set_message(error_text(exc) if exc else tr("ticket.scan_none"), "offline")
            return
        self.ticket_services.set_busy(True)
        self.ticket_services.set_message(tr("ticket.taking"), "unknown")
        self._desk().submit(lambda desk: desk.check_in(payload), self.bridge.on_job_done(self._ticket_taken))

    def go_home(self) -> None:
        self.stack.setCurrentWidget(self.home)

    def _add_demo_headset(self, name: str) -> None:
        """The demo panel's headset switch, when the headset is the simulated one."""
        from kiosk.guidance import SimulatedHeadset

        if (
            name == "demo"
            and self.voice is not None
            and self.demo_panel is not None
            and "headset" not in self.demo_panel.buttons
            and isinstance(self.voice.headset, SimulatedHeadset)
        ):
            self.demo_panel.add_headset(self.voice.headset)

    def closeEvent(self, event) -> None:
        if self.voice is not None:
            self.voice.close()
        if self.ticket_desk is not None:
            self.ticket_desk.close()
        self.assist.close()
        super().closeEvent(event)

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

        factor = theme.THEMES["elder"].timeout_factor if self._elder else 1.0
        self.core.visit.timeout_s = self._timeout_s * factor

    def set_elder_mode(self, on: bool) -> None:
        self._elder = on
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
            if self.demo_panel is not None:
                from ui.widgets.demo_panel import DemoPanelWidget

                self.demo_button.setChecked(False)
                self.demo_panel.deleteLater()
                self.demo_panel = DemoPanelWidget(self.core.demo, self)
                self.demo_panel.hide()
                self._add_demo_headset("demo")  # the new panel keeps its headset switch
        if self.warning is not None:
            self.warning.hide()
            self.warning.deleteLater()
            self.warning = None
        for name in self.LAZY_SCREENS:
            screen = getattr(self, name)
            if screen is not None:
                self.stack.removeWidget(screen)
                screen.hide()
                screen.deleteLater()
                setattr(self, name, None)
        self._back_to = None
        if self._cases is not None:
            self._cases.forget_screens()
        self._rebuild_home()
        if self.voice is not None:
            self.voice.retranslate()
            self._warm_up_soon()  # the dropped screens, in the new language or theme
        self.show_status()

    def _rebuild_home(self) -> None:
        self.assist.retranslate()  # 呼叫帮助 and its screens in the language now chosen
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
        if i18n.language() != self.core.settings.language:
            i18n.set_language(self.core.settings.language)
            self._language_changed()  # the next citizen reads the hall's language everywhere
        if self._elder != (self.core.settings.theme == "elder"):
            self._elder = self.core.settings.theme == "elder"
            self._scale_timeout()
            self.apply_theme(self.core.settings.theme)
            self._language_changed()
        if self.search_screen is not None:
            self.search_screen.reset()
        if self.guide_screen is not None:
            self.guide_screen.set_message("")
            self.guide_screen.hide_result()
        if self.ticket_services is not None:
            self.ticket_services.reset()
        self.stack.setCurrentWidget(self.home)

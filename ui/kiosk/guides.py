"""办事指南 on the kiosk: the search, a guide, 一件事 bundles and 打印一次性告知单."""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from kiosk.logs import log_event
from ui.i18n import error_text, tr
from ui.kiosk.room import KioskHost, Room

if TYPE_CHECKING:
    from ui.screens.bundles import BundleListScreen
    from ui.screens.guide import GuideScreen
    from ui.screens.guide_search import GuideSearchScreen


class GuidesRoom(Room):
    """The search (with its keyboard), the guide of an item or a bundle, the bundle list."""

    SCREENS = ("search_screen", "guide_screen", "bundle_list")

    def __init__(self, window: KioskHost) -> None:
        super().__init__(window)
        self.search_screen: GuideSearchScreen | None = None
        self.guide_screen: GuideScreen | None = None
        self.bundle_list: BundleListScreen | None = None
        self._back_to: QWidget | None = None  # where 返回 from a guide goes
        self._bundle_back: str | None = None  # 返回 from an item of a bundle goes to the bundle
        window.bridge.device_health_changed.connect(self._printer_state)

    def forget(self) -> None:
        super().forget()
        self._back_to = None

    def wipe(self) -> None:
        if self.search_screen is not None:
            self.search_screen.reset()
        if self.guide_screen is not None:
            self.guide_screen.set_message("")
            self.guide_screen.hide_result()

    # ---- the search ------------------------------------------------------------------------------
    def open(self) -> None:
        self.core.visit.begin()
        search = self.search()
        search.reset()
        self.show(search)
        search.query.setFocus()

    def search(self) -> GuideSearchScreen:
        """The search screen with its keyboard, built once, when first opened (a keyboard
        built while hidden, ahead of time, typed nothing under a window manager)."""
        if self.search_screen is None:
            from kiosk.catalog.browse import Finder
            from ui.screens.guide_search import GuideSearchScreen
            from ui.widgets.keyboard import KeyboardSlot

            catalog = self._catalog()
            elder = self.window.elder
            s = self.search_screen = GuideSearchScreen(
                Finder(catalog, limit=30).find,
                catalog.topics("person"),
                keyboard=None if elder else KeyboardSlot(),  # the one keyboard's place
                topic_names={t.topic_code: t.name for t in catalog.topics()},
                letter_keys=elder,  # the pinyin keyboard's keys cannot reach 110 px
            )
            s.home_requested.connect(self.go_home)
            s.item_chosen.connect(self.open_guide)
            s.topic_chosen.connect(self._open_topic)
            s.bundle_chosen.connect(lambda code: self.open_bundle(code, self.search_screen))
            s.help_requested.connect(lambda: self.request_help("guide_search"))
            self.stack.addWidget(s)
        return self.search_screen

    def _catalog(self) -> Any:
        catalog = self.core.catalog
        assert catalog is not None, "the guides' tiles show only with a catalog"
        return catalog

    def _open_topic(self, code: str) -> None:
        from ui.words import data_name

        catalog = self._catalog()
        name = next((data_name("topic", code, t.name) for t in catalog.topics() if t.topic_code == code), code)
        self.search().show_items(catalog.items_in_topic(code), heading=name)

    def open_apply(self) -> None:
        """自助申报: the items this terminal takes applications for, in the search screen."""
        self.open()
        cases = self.core.cases
        if cases is not None:
            self.search().show_items(cases.terminal_items(), heading=tr("case.items.title"))

    def request_help(self, screen_name: str) -> None:
        """呼叫帮助 from a screen. Placeholder on this branch: the ``help`` work builds the
        real request to the hall; here it is only logged."""
        log_event("help_requested", screen=screen_name)

    # ---- bundles -------------------------------------------------------------------------------
    def open_bundles(self) -> None:
        self.core.visit.begin()
        if self.bundle_list is None:
            from ui.screens.bundles import BundleListScreen

            self.bundle_list = BundleListScreen(self._catalog().bundles())
            self.bundle_list.home_requested.connect(self.go_home)
            self.bundle_list.bundle_chosen.connect(self.open_bundle)
            self.stack.addWidget(self.bundle_list)
        self.show(self.bundle_list)

    def open_bundle(self, code: str, back_to: QWidget | None = None) -> None:
        self._bundle_back = None
        guide = self.guide()
        guide.show_bundle(self._catalog().bundle(code))
        # (not in elder mode: fewer choices, and a fifth button in the bottom row would not fit
        # a portrait screen; 呼叫帮助 and the home lead there)
        guide.unresolved_button.setVisible(self.core.cases is not None and not self.window.elder)
        self._back_to = back_to or self.bundle_list
        self.show(guide)

    # ---- a guide ---------------------------------------------------------------------------------
    def guide(self) -> GuideScreen:
        if self.guide_screen is None:
            from ui.screens.guide import GuideScreen

            g = self.guide_screen = GuideScreen(can_print=self.core.devices.has("printer"))
            g.back_requested.connect(self._guide_back)
            g.item_requested.connect(self._open_bundle_item)
            g.home_requested.connect(self.go_home)
            g.print_notice_requested.connect(self.print_notice)
            g.apply_requested.connect(lambda code: self.window.cases.start(code))
            g.unresolved_requested.connect(
                lambda code: self.window.unresolved.open(g.title.text(), "" if code.startswith("bundle:") else code)
            )
            self.stack.addWidget(g)
            self._printer_state()
        return self.guide_screen

    def open_guide(self, task_code: str, back_to: QWidget | None = None) -> None:
        self._bundle_back = None
        guide = self.guide()
        guide.can_apply = self.core.cases is not None
        guide.unresolved_button.setVisible(self.core.cases is not None and not self.window.elder)  # as a bundle's
        guide.show_guide(self._catalog().item(task_code))
        self._back_to = back_to or self.search_screen
        self.show(guide)

    def _open_bundle_item(self, task_code: str) -> None:
        """An item of the bundle on show: its guide; 返回 comes back to the bundle."""
        bundle = self.guide().task_code.removeprefix("bundle:")
        self.open_guide(task_code)
        self._bundle_back = bundle

    def _guide_back(self) -> None:
        bundle, self._bundle_back = self._bundle_back, None
        if bundle:
            self.open_bundle(bundle)
        else:
            self.show(self._back_to or self.window.home)

    # ---- 打印一次性告知单 ---------------------------------------------------------------------------
    def print_notice(self, code: str) -> None:
        """正在打印 shows at once; the paper is laid out and printed on the printer's
        thread (the first layout imported the notices and took seconds on the GUI
        thread, the screen unchanged meanwhile: issue 14, finding 12)."""
        guide_screen = self.guide()
        guide_screen.set_message(tr("print.sending"), "unknown")
        guide_screen.print_button.setEnabled(False)
        catalog, assist, notices = self._catalog(), self.window.assist, self.core.notices
        assert notices is not None, "it arrives with the catalog"
        if code.startswith("bundle:"):
            guide = catalog.bundle(code.removeprefix("bundle:"))
            assist.record("notice.printed", item=guide.bundle.name)
        else:
            guide = catalog.item(code)
            assist.record("notice.printed", item=guide.task_name, task_code=code)
        done = notices.print(guide, helper=assist.helper_value())  # 帮办人员 on an assisted visit's paper
        done.add_done_callback(self.bridge.on_job_done(self._printed))

    def _printed(self, fut: Future) -> None:
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

    def _printer_state(self, kind: str = "printer", _health: object = None) -> None:
        """打印 waits while the printer cannot print (out of paper): a tap would only fail."""
        if kind != "printer" or self.guide_screen is None:
            return
        from drivers.health import HealthState

        health = self.core.devices.health_snapshot().get("printer")
        self.guide_screen.print_button.setEnabled(health is None or health.state is not HealthState.OFFLINE)

"""The kiosk's 呼叫帮助 and helper mode (帮办代办), on the kiosk window's stack.

    assist = KioskAssist(window)
    assist.record("notice.printed", item=...)     # an audit step, when a helper is signed in
    assist.helper_value()                          # 帮办人员 on this visit's receipts

The 呼叫帮助 button sits in the header, so it is on every kiosk screen; a long press on it
(or 工作人员 on the confirmation) is the helper's sign-in. While a helper is signed in,
every screen shown and every paper printed is an audit step (kiosk.audit). Everything
ends with the visit. The desk is the core's (``core.assist``, built in ``kiosk.bootstrap``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from kiosk.logs import log_event
from ui.i18n import error_text, tr
from ui.kiosk.room import KioskHost, Room
from ui.widgets.help_button import AssistBadge, HelpButton

if TYPE_CHECKING:
    from kiosk.assist import AssistDesk, Helper

# Screens by object (or class) name -> the short id a help request and an audit step carry.
SCREEN_IDS = {
    "KioskHomeScreen": "home",
    "GuideScreen": "guide",
    "GuideSearchScreen": "guide_search",
    "BundleListScreen": "bundles",
    "TicketServicesScreen": "ticket",
    "TicketDoneScreen": "ticket_done",
    "UnresolvedScreen": "unresolved",
    "UnresolvedDoneScreen": "unresolved",
    "HelpSentScreen": "help",
    "HelperSignInScreen": "help",
    "CaseFormScreen": "case_form",
    "CaseQueryScreen": "query",
}


def screen_id(widget: QWidget | None) -> str:
    """``guide``, ``ticket`` ... for a screen (never anything a citizen typed)."""
    if widget is None:
        return "home"
    name = widget.objectName() or type(widget).__name__
    if name in SCREEN_IDS:
        return SCREEN_IDS[name]
    if name.startswith("Case"):
        return "case"
    base = name.removesuffix("Screen") or "screen"
    return re.sub(r"(?<!^)(?=[A-Z])", "_", base).lower()[:64]


class KioskAssist(Room):
    """Help and helper mode for one kiosk window (its buttons in the header)."""

    def __init__(self, window: KioskHost) -> None:
        super().__init__(window)
        header = window.header
        self._pool: ThreadPoolExecutor | None = None
        self.badge = AssistBadge()
        self.badge.end_requested.connect(self.end_assist)
        self.help_button = HelpButton()
        self.help_button.tapped.connect(self.call_help)
        self.help_button.long_pressed.connect(self.open_sign_in)
        header.add_action(self.badge)
        header.add_action(self.help_button)
        self.help_screen: Any = None
        self.sign_in_screen: Any = None
        self._return_to: QWidget | None = None
        self.stack.currentChanged.connect(self._screen_shown)
        self.core.visit.on_wipe(self.wipe)

    @property
    def desk(self) -> AssistDesk:
        """The core's assist desk (built by ``kiosk.bootstrap`` as the terminal comes up).

        Raises:
            AssistError: ``assist.unavailable`` before it is there.
        """
        if self.core.assist is None:
            from kiosk.assist import AssistError

            raise AssistError("assist.unavailable")
        return self.core.assist

    @property
    def helper(self) -> Helper | None:
        """The signed-in helper of this visit (None without one)."""
        return self.core.assist.helper if self.core.assist is not None else None

    def _submit(self, fn: Callable[[], Any], callback: Callable[[Future], None]) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="assist")
        fut: Future = self._pool.submit(fn)
        fut.add_done_callback(self.bridge.on_job_done(callback))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    # ---- what other screens ask --------------------------------------------------------------
    def current_screen(self) -> str:
        return screen_id(self._return_to if self._on_own_screen() else self.stack.currentWidget())

    def record(self, action: str, **details: Any) -> None:
        """An audit step on the current screen (nothing when no helper is signed in)."""
        if self.helper is None:
            return
        try:
            self.desk.record(self.current_screen(), action, **details)
        except Exception as exc:  # the step is lost, the citizen's business goes on: say so in the log
            log_event("audit_step_failed", action=action, error=type(exc).__name__)

    def helper_value(self) -> str:
        return self.desk.receipt_value(tr) if self.helper is not None else ""

    # ---- 呼叫帮助 -----------------------------------------------------------------------------
    def _on_own_screen(self) -> bool:
        own = (self.help_screen, self.sign_in_screen)
        return self.stack.currentWidget() in [w for w in own if w is not None]

    def _remember(self) -> None:
        if not self._on_own_screen():
            self._return_to = self.stack.currentWidget()

    def _help_screen(self):
        if self.help_screen is None:
            from ui.screens.help_sent import HelpSentScreen

            self.help_screen = HelpSentScreen()
            self.help_screen.back_requested.connect(self.back)
            self.help_screen.staff_requested.connect(self.open_sign_in)
            self.stack.addWidget(self.help_screen)
        return self.help_screen

    def call_help(self) -> None:
        """One help request per visit; a second tap says it is on its way."""
        from kiosk.assist import AssistError

        screen = self.current_screen()
        self._remember()
        try:
            state = self.desk.request_help(screen)
        except AssistError as exc:
            state = exc.key
        except Exception as exc:  # the outbox cannot store it: the citizen is sent to the desk
            log_event("help_request_failed", error=type(exc).__name__)
            state = "assist.unavailable"
        s = self._help_screen()
        s.show_state(state)
        self.stack.setCurrentWidget(s)

    def back(self) -> None:
        target = self._return_to
        self._return_to = None
        if target is None or self.stack.indexOf(target) < 0:
            self.go_home()
        else:
            self.stack.setCurrentWidget(target)

    # ---- the helper ---------------------------------------------------------------------------
    def open_sign_in(self) -> None:
        self._remember()
        if self.sign_in_screen is None:
            from ui.screens.helper_sign_in import HelperSignInScreen

            self.sign_in_screen = HelperSignInScreen()
            self.sign_in_screen.submitted.connect(self.sign_in)
            self.sign_in_screen.cancelled.connect(self.back)
            self.stack.addWidget(self.sign_in_screen)
        self.core.visit.begin()
        self.sign_in_screen.reset()
        self.sign_in_screen.set_message("")
        self.stack.setCurrentWidget(self.sign_in_screen)

    def sign_in(self, staff: str, pin: str) -> None:
        s = self.sign_in_screen
        s.set_busy(True)
        s.set_message(tr("assist.signing_in"))
        self._submit(lambda: self.desk.check(staff, pin), self._signed_in)

    def _signed_in(self, fut: Future) -> None:
        s = self.sign_in_screen
        s.set_busy(False)
        exc = fut.exception()
        if exc is not None:
            s.set_message(error_text(exc))
            return
        helper = self.desk.start(fut.result(), screen_id(self._return_to))
        s.set_message("")
        self.badge.show_helper(helper.staff)
        self.back()

    def end_assist(self) -> None:
        """结束帮办: the helper leaves; the citizen's visit goes on."""
        if self.core.assist is not None:
            self.core.assist.end(self.current_screen())
        self.badge.clear()

    def _screen_shown(self, _index: int) -> None:
        if self.helper is None or self._on_own_screen():
            return
        widget = self.stack.currentWidget()
        details: dict[str, Any] = {}
        guide = getattr(widget, "title", None)
        if screen_id(widget) == "guide" and guide is not None and hasattr(guide, "text"):
            details["item"] = guide.text()
        case = self.window.cases.case if type(widget).__name__ == "CaseDoneScreen" else None
        if case is not None:  # 申报: the step that matters most, with the masked applicant
            self.record(
                "case.submitted",
                reference=case.reference,
                item=case.task_name,
                citizen=case.name_masked,
                id_masked=case.id_masked,
            )
            return
        self.record("screen.opened", **details)

    def open(self) -> None:
        """呼叫帮助, as the header's button does."""
        self.call_help()

    def forget(self) -> None:
        """The language changed: the header's words now; the screens are built again
        when next opened (one that shows stays until left)."""
        self.help_button.setText(tr("assist.call"))
        self.badge.end_button.setText(tr("assist.end"))
        if self.helper is not None:
            self.badge.show_helper(self.helper.staff)
        current = self.stack.currentWidget()
        self.window.unresolved.forget()
        for names in (("help_screen",), ("sign_in_screen",)):
            widgets = [getattr(self, n) for n in names]
            if None in widgets or current in widgets:
                continue  # not built yet, or on screen now
            for name, w in zip(names, widgets, strict=True):
                self.stack.removeWidget(w)
                w.deleteLater()
                setattr(self, name, None)

    # ---- the visit ends -------------------------------------------------------------------------
    def wipe(self) -> None:
        self.badge.clear()
        self._return_to = None
        if self.sign_in_screen is not None:
            self.sign_in_screen.reset()
        self.window.unresolved.wipe()

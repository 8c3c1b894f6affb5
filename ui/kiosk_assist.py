"""The kiosk's 呼叫帮助, helper mode (帮办代办) and 办不成事, on the kiosk window's stack.

    assist = KioskAssist(core, bridge, stack, header, go_home)
    assist.record("notice.printed", item=...)     # an audit step, when a helper is signed in
    assist.helper_value()                          # 帮办人员 on this visit's receipts

The 呼叫帮助 button sits in the header, so it is on every kiosk screen; a long press on it
(or 工作人员 on the confirmation) is the helper's sign-in. While a helper is signed in,
every screen shown and every paper printed is an audit step (kiosk.audit). Everything
ends with the visit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.core import Core
from kiosk.logs import log_event
from ui.bridge import CoreBridge
from ui.i18n import error_text, tr
from ui.widgets.header import HeaderWidget
from ui.widgets.help_button import AssistBadge, HelpButton

if TYPE_CHECKING:
    from kiosk.assist import AssistDesk, Helper
    from kiosk.unresolved import UnresolvedDesk

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


class KioskAssist(QObject):
    """Help, helper mode and 办不成事 for one kiosk window."""

    def __init__(self, core: Core, bridge: CoreBridge, stack: QStackedWidget, header: HeaderWidget, go_home) -> None:
        super().__init__(stack)
        self.core, self.bridge, self.stack, self._go_home = core, bridge, stack, go_home
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
        self.unresolved_screen: Any = None
        self.unresolved_done: Any = None
        self.report: Any = None  # the FiledReport of this visit
        self._return_to: QWidget | None = None
        self.case_of: Any = lambda: None  # the SubmittedCase of this visit (the window sets it)
        stack.currentChanged.connect(self._screen_shown)
        core.visit.on_wipe(self._wipe)

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
            self._go_home()
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
        case = self.case_of() if type(widget).__name__ == "CaseDoneScreen" else None
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

    # ---- 办不成事 ------------------------------------------------------------------------------
    def open_unresolved(self, tried: str = "", task_code: str = "") -> None:
        self.core.visit.begin()
        if self.unresolved_screen is None:
            from ui.kiosk_cases import _keyboard
            from ui.screens.unresolved import UnresolvedDoneScreen, UnresolvedScreen

            self.unresolved_screen = UnresolvedScreen(_keyboard())
            self.unresolved_screen.submitted.connect(self.submit_unresolved)
            self.unresolved_screen.home_requested.connect(self._go_home)
            self.unresolved_done = UnresolvedDoneScreen()
            self.unresolved_done.done_requested.connect(self.core.visit.end)
            self.stack.addWidget(self.unresolved_screen)
            self.stack.addWidget(self.unresolved_done)
        self.unresolved_screen.start(tried, task_code)
        self.stack.setCurrentWidget(self.unresolved_screen)

    def _reports(self) -> UnresolvedDesk:
        """The core's 办不成事 desk (``assist.unavailable`` before it is there)."""
        if self.core.unresolved is None:
            from kiosk.assist import AssistError

            raise AssistError("assist.unavailable")
        return self.core.unresolved

    def submit_unresolved(self, form: dict) -> None:
        from kiosk.assist import AssistError
        from kiosk.unresolved import ReportError, unresolved_slip

        s = self.unresolved_screen
        try:
            self.report = report = self._reports().file(**form)
        except ReportError as exc:
            s.set_message(tr(exc.key, **exc.data))
            return
        except AssistError as exc:
            s.set_message(tr(exc.key, **exc.data))
            return
        except Exception as exc:  # the outbox cannot store it: nothing was filed
            log_event("unresolved_failed", error=type(exc).__name__)
            s.set_message(tr("unresolved.unavailable"))
            return
        self.record("unresolved.reported", reference=report.reference, item=report.tried, phone=report.phone_masked)
        lines = [f"{tr('unresolved.slip_tried')}：{report.tried}"]
        if report.reasons:
            words = tr("sep.list").join(tr(f"unresolved.reason.{r}") for r in report.reasons)
            lines.append(f"{tr('unresolved.slip_reasons')}：{words}")
        if report.phone_masked:
            lines.append(f"{tr('unresolved.slip_phone')}：{report.phone_masked}")
        lines.append(tr("unresolved.done_text", hotline="12345"))
        done = self.unresolved_done
        done.show_report(report.reference, lines)
        self.stack.setCurrentWidget(done)
        if not self.core.devices.has("printer"):
            return
        slip = unresolved_slip(report, hall_name=self.core.settings.hall.name, tr=tr, helper=self.helper_value())
        done.set_print_state(tr("unresolved.printing"))
        self.core.devices.submit(
            "printer", lambda printer: printer.print_receipt(slip), self.bridge.on_job_done(self._slip_printed)
        )

    def _slip_printed(self, fut) -> None:
        if self.unresolved_done is None:
            return
        exc = fut.exception()
        if exc is None:
            self.unresolved_done.set_print_state(tr("unresolved.printed"))
        else:
            self.unresolved_done.set_print_state(tr("unresolved.print_failed", reason=error_text(exc)))

    def retranslate(self) -> None:
        """The language changed: the header's words now; the screens are built again
        when next opened (one that shows stays until left)."""
        self.help_button.setText(tr("assist.call"))
        self.badge.end_button.setText(tr("assist.end"))
        if self.helper is not None:
            self.badge.show_helper(self.helper.staff)
        current = self.stack.currentWidget()
        for names in (("help_screen",), ("sign_in_screen",), ("unresolved_screen", "unresolved_done")):
            widgets = [getattr(self, n) for n in names]
            if None in widgets or current in widgets:
                continue  # not built yet, or on screen now
            for name, w in zip(names, widgets, strict=True):
                self.stack.removeWidget(w)
                w.deleteLater()
                setattr(self, name, None)

    # ---- the visit ends -------------------------------------------------------------------------
    def _wipe(self) -> None:
        self.badge.clear()
        self.report = None
        self._return_to = None
        if self.sign_in_screen is not None:
            self.sign_in_screen.reset()
        if self.unresolved_screen is not None:
            self.unresolved_screen.start()
        if self.unresolved_done is not None:
            self.unresolved_done.show_report("", [])
            self.unresolved_done.set_print_state("")

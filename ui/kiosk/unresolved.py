"""办不成事 on the kiosk: what the citizen could not get done, filed through the outbox
(``core.unresolved``), a slip printed with its reference and the 12345 hotline."""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from kiosk.logs import log_event
from ui.i18n import error_text, tr
from ui.kiosk.room import KioskHost, Room

if TYPE_CHECKING:
    from kiosk.unresolved import FiledReport, UnresolvedDesk
    from ui.screens.unresolved import UnresolvedDoneScreen, UnresolvedScreen


class UnresolvedRoom(Room):
    """The 办不成事 form and its done screen."""

    SCREENS = ("unresolved_screen", "unresolved_done")

    def __init__(self, window: KioskHost) -> None:
        super().__init__(window)
        self.unresolved_screen: UnresolvedScreen | None = None
        self.unresolved_done: UnresolvedDoneScreen | None = None
        self.report: FiledReport | None = None  # the one filed on this visit

    def forget(self) -> None:
        """Built again when next opened; one on show stays until left."""
        if self.stack.currentWidget() not in (self.unresolved_screen, self.unresolved_done):
            super().forget()

    def wipe(self) -> None:
        self.report = None
        if self.unresolved_screen is not None:
            self.unresolved_screen.start()
        if self.unresolved_done is not None:
            self.unresolved_done.show_report("", [])
            self.unresolved_done.set_print_state("")

    def open(self, tried: str = "", task_code: str = "") -> None:
        """The form, with what the citizen tried (a guide's title and item) filled in."""
        self.core.visit.begin()
        if self.unresolved_screen is None or self.unresolved_done is None:
            from ui.kiosk.cases import keyboard
            from ui.screens.unresolved import UnresolvedDoneScreen, UnresolvedScreen

            self.unresolved_screen = UnresolvedScreen(keyboard())
            self.unresolved_screen.submitted.connect(self.submit)
            self.unresolved_screen.home_requested.connect(self.go_home)
            self.unresolved_done = UnresolvedDoneScreen()
            self.unresolved_done.done_requested.connect(self.core.visit.end)
            self.stack.addWidget(self.unresolved_screen)
            self.stack.addWidget(self.unresolved_done)
        self.unresolved_screen.start(tried, task_code)
        self.show(self.unresolved_screen)

    def _desk(self) -> UnresolvedDesk:
        """The core's 办不成事 desk (``assist.unavailable`` before it is there)."""
        if self.core.unresolved is None:
            from kiosk.assist import AssistError

            raise AssistError("assist.unavailable")
        return self.core.unresolved

    def submit(self, form: dict[str, Any]) -> None:
        from kiosk.assist import AssistError
        from kiosk.unresolved import ReportError

        s, done = self.unresolved_screen, self.unresolved_done
        assert s is not None and done is not None
        try:
            self.report = report = self._desk().file(**form)
        except (ReportError, AssistError) as exc:
            s.set_message(tr(exc.key, **exc.data))
            return
        except Exception as exc:  # the outbox cannot store it: nothing was filed
            log_event("unresolved_failed", error=type(exc).__name__)
            s.set_message(tr("unresolved.unavailable"))
            return
        assist = self.window.assist
        assist.record("unresolved.reported", reference=report.reference, item=report.tried, phone=report.phone_masked)
        lines = [f"{tr('unresolved.slip_tried')}：{report.tried}"]
        if report.reasons:
            words = tr("sep.list").join(tr(f"unresolved.reason.{r}") for r in report.reasons)
            lines.append(f"{tr('unresolved.slip_reasons')}：{words}")
        if report.phone_masked:
            lines.append(f"{tr('unresolved.slip_phone')}：{report.phone_masked}")
        lines.append(tr("unresolved.done_text", hotline="12345"))
        done.show_report(report.reference, lines)
        self.show(done)
        if not self.core.devices.has("printer"):
            return
        done.set_print_state(tr("unresolved.printing"))
        printed = self._desk().print_slip(
            report, hall_name=self.core.settings.hall.name, tr=tr, helper=assist.helper_value()
        )
        printed.add_done_callback(self.bridge.on_job_done(self._slip_printed))

    def _slip_printed(self, fut: Future) -> None:
        if self.unresolved_done is None:
            return
        exc = fut.exception()
        if exc is None:
            self.unresolved_done.set_print_state(tr("unresolved.printed"))
        else:
            self.unresolved_done.set_print_state(tr("unresolved.print_failed", reason=error_text(exc)))

"""自助申报's paper: the one-time notice of what is missing, the 申报回执 (waiting a
moment for the hub's case number), each printed on the printer's thread."""

from __future__ import annotations

from dataclasses import replace

from kiosk.cases import receipts
from kiosk.hall_time import hall_now
from ui.i18n import error_text, tr
from ui.kiosk.case_flow import CaseFlow

# How long the receipt waits for the hub's case number before it prints without one.
NUMBER_WAIT_S = 3.0


class CasePapers(CaseFlow):
    """What the case room prints, and the done screen that says so."""

    def _print_notice(self) -> None:
        d = self.drafted()
        receipt = receipts.missing_notice(
            d,
            hall_name=self.core.settings.hall.name,
            now=hall_now(self.core.settings.hall.timezone),
            tr=tr,
            helper=self._helper(),
            zone=self.core.settings.hall.timezone,
        )
        self._print(receipt)
        lines = [tr(self.notice_keys[1])] + [f"· {s.material.material_name}" for s in d.missing()]
        self._show("done").show_done(tr(self.notice_keys[0]), "", lines, can_rate=False)

    def _helper(self) -> str:
        """帮办人员 on this visit's papers ("" unassisted)."""
        from kiosk.assist import helper_on_receipts

        return helper_on_receipts(self.core.visit, tr)

    def show_receipt(self) -> None:
        """申报回执 printed; the reference large; 好差评 offered. With the hub reachable the
        receipt waits a moment (off the GUI thread) for the official case number."""
        desk = self.desk()
        online = desk.online()
        case = self.case
        assert case is not None, "shown once the case is stored"
        if online:
            waiting = self._waiter().submit(desk.wait_for_number, case.record_id, NUMBER_WAIT_S)
            waiting.add_done_callback(self.bridge.on_job_done(lambda fut: self._print_submission(case, fut, True)))
        else:
            self._print_submission(case, None, False)
        lines = [tr("receipt.number_later")]
        if not online:
            lines.append(tr("case.saved_offline"))
        lines.append(tr("receipt.not_acceptance"))
        self._rating_for = (case.record_id, case.task_code, case.task_name, "")
        self._show("done").show_done(
            tr("case.done.title"),
            case.reference,
            lines,
            can_rate=desk.ratings.can_rate(case.record_id),
            lead=tr("case.done.printed"),
        )

    def _waiter(self):
        if self._number_pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._number_pool = ThreadPoolExecutor(1, thread_name_prefix="case-number")
        return self._number_pool

    def _with_number(self, case, fut):
        """The case with the hub's number when the wait found one (shown on the done
        screen too); the case as it was otherwise."""
        number = fut.result() if fut is not None and fut.exception() is None else ""
        if number:
            case = replace(case, case_number=number)
            if self.case is not None and self.case.record_id == case.record_id:
                self.case = case
                self.screen("done").set_message(tr("case.done.number", number=number), state="ok")
        return case

    def _print_submission(self, case, fut, online: bool) -> None:
        receipt = receipts.submission_receipt(
            self._with_number(case, fut),
            hall_name=self.core.settings.hall.name,
            online=online,
            now=hall_now(self.core.settings.hall.timezone),
            tr=tr,
            helper=self._helper(),
            zone=self.core.settings.hall.timezone,
        )
        self._print(receipt)

    def _print(self, receipt) -> None:
        if not self.core.devices.has("printer"):
            return
        self.core.devices.submit("printer", lambda p: p.print_receipt(receipt), self.bridge.on_job_done(self._printed))

    def _printed(self, fut) -> None:
        if fut.exception() is not None:
            self.screen("done").set_message(tr("print.failed", reason=error_text(fut.exception())))

"""综合受理 at the window: the kiosk's application flow run by the clerk, for any item.

The clerk chooses the item, the citizen's ID card identifies (already read on the
clerk's screen, or read now), the clerk checks each material against the checklist,
and the case is accepted on the spot (收件即受理): stored in the outbox, then the 受理凭证
prints with the window, the clerk and the legal time limit. The ticket the desk is serving
is linked to the case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.cases import receipts
from kiosk.cases.errors import CaseError
from kiosk.hall_time import hall_now
from ui.i18n import error_text, tr
from ui.kiosk.case_papers import NUMBER_WAIT_S
from ui.kiosk.cases import KioskCases

if TYPE_CHECKING:
    from kiosk.cases.service import CaseDesk
    from ui.screens.acceptance import AcceptanceItemScreen


class WindowAcceptance(KioskCases):
    channel = "window"
    notice_keys = ("acceptance.notice.title", "acceptance.notice.bring")

    def __init__(self, core, bridge, stack, go_home, desk_view=lambda: None, may=lambda action: True) -> None:
        super().__init__(core, bridge, stack, go_home)
        self.desk_view = desk_view  # () -> the window desk's DeskView, or None without a hub
        self.may = may  # the clerk's session: a locked window accepts nothing

    def keyboard(self):
        return None  # the clerk types on the counter's keyboard

    def desk(self) -> CaseDesk:
        """The core's case desk: the window terminal makes this flow once it exists."""
        desk = self.core.cases
        if desk is None:
            raise RuntimeError("WindowAcceptance is made once core.cases exists")
        return desk

    def make_materials_screen(self):
        from ui.screens.acceptance import AcceptanceChecklistScreen

        s = AcceptanceChecklistScreen()
        s.receive_requested.connect(self.receive)
        s.undo_requested.connect(self.undo)
        s.notice_confirmed.connect(self.print_refusal)
        return s

    def finish_materials(self) -> None:
        """下一步: with a required material missing, ask first (naming what is missing);
        the draft stays on the checklist until the clerk chooses."""
        if self.draft is None:
            return  # the case was finished or cancelled: no checklist to go on from
        missing = self.draft.missing()
        if missing:
            self.screen("materials").ask_notice([s.material.material_name for s in missing])
            return
        super().finish_materials()

    def print_refusal(self) -> None:
        """打印一次性告知单, confirmed: the case is not taken; the notice prints."""
        super().finish_materials()

    def open_items(self) -> None:
        """综合受理: choose the item (any item of the catalog, not only kiosk ones)."""
        if not self.may("accept"):
            return
        s = self._items_screen()
        s.reset()
        self.stack.setCurrentWidget(s)

    def _items_screen(self) -> AcceptanceItemScreen:
        """The item choice, made at the first 综合受理 (and again after forget_screens)."""
        from ui.screens.acceptance import AcceptanceItemScreen

        made = self.screens.get("items")
        if isinstance(made, AcceptanceItemScreen):
            return made
        catalog = self.core.catalog  # there: the cases, and so this flow, need it
        s = AcceptanceItemScreen(lambda q: catalog.search(q, limit=30) if catalog is not None else [])
        s.item_chosen.connect(self.start)
        s.cancel_requested.connect(self._go_home)
        self.stack.addWidget(s)
        self.screens["items"] = s
        return s

    def start(self, task_code: str) -> None:
        try:
            self.draft = draft = self.desk().start(task_code, channel=self.channel)
        except CaseError as exc:
            self._items_screen().set_message(error_text(exc))
            return
        self.case = None
        card = self.core.visit.data.get("identity")  # read on the clerk's screen already
        if card is not None:
            self.desk().identify_card(draft, card)
            self.show_form()
            return
        self.core.visit.begin()
        self._show("identify").reset(draft.guide.task_name)

    def receive(self, index: int) -> None:
        if self.draft is not None:  # None: finished or cancelled meanwhile
            self.draft.receive_paper(index)
            self.show_materials()

    def undo(self, index: int) -> None:
        if self.draft is not None:
            self.draft.drop_pages(index)
            self.show_materials()

    def store_case(self):
        """The case, accepted by this window and the clerk signed in at it (the terminal's
        name where no clerk signs in: no hub), linked to the ticket being served."""
        hall = self.core.settings.hall
        view = self.desk_view()
        signed_in = view is not None and view.signed_in
        ticket = view.ticket.number if view is not None and view.ticket is not None else ""
        return self.core.cases.submit(
            self.draft,
            accepted_by={
                "window_no": hall.window_no,
                "clerk": view.staff_number if signed_in else self.core.settings.terminal_id,
            },
            ticket=ticket,
        )

    def screen(self, name: str):
        s = super().screen(name)
        if name == "review":  # the clerk accepts (收件即受理); the citizen does not 提交申报
            s.next_button.setText(tr("acceptance.review.accept"))
        return s

    def show_receipt(self) -> None:
        """受理凭证 printed; the clerk hands it over. With the hub reachable it waits a
        moment (off the GUI thread) for the official case number, as the kiosk does."""
        desk, case = self.desk(), self.case
        if case is None:
            return  # nothing was stored: no receipt to print
        if desk.online():
            waiting = self._waiter().submit(desk.wait_for_number, case.record_id, NUMBER_WAIT_S)
            waiting.add_done_callback(self.bridge.on_job_done(lambda fut: self._print_acceptance(case, fut)))
        else:
            self._print_acceptance(case, None)
        done = self._show("done")
        done.next_button.setText(tr("acceptance.done.back"))
        done.show_done(
            tr("acceptance.done.title"),
            case.reference,
            [tr("receipt.acceptance_number_later")],
            can_rate=False,
            lead=tr("acceptance.done.printed"),
        )

    def _print_acceptance(self, case, fut) -> None:
        zone = self.core.settings.hall.timezone
        receipt = receipts.acceptance_receipt(
            self._with_number(case, fut), hall_name=self.core.settings.hall.name, now=hall_now(zone), tr=tr, zone=zone
        )
        self._print(receipt)

    def finish(self) -> None:
        """Back to the clerk's screen; the visit (the citizen) stays until 办结."""
        self.draft = None
        self._go_home()

    def cancel(self) -> None:
        self.draft = None
        self._go_home()

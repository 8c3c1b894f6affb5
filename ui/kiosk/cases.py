"""The kiosk's cases: 自助申报 from identify to the receipt, 办件查询 and 好差评.

The room owns the case screens and moves between them; every decision is the core's
(``core.cases``, a ``kiosk.cases.service.CaseDesk``): the screens render what it
returns and forward taps. Device work (card, document camera, printer) runs on the
device threads; results come back through the bridge. Its parts: case_flow.py (the
shared state), case_identify.py, case_papers.py, case_query.py; the window's
综合受理 (ui/window_acceptance.py) is this room run by the clerk.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QStackedWidget, QWidget

from common.masking import mask_address, mask_id_number, mask_name
from kiosk.cases.draft import Step
from kiosk.cases.errors import CaseError
from kiosk.core import Core
from ui import theme
from ui.bridge import CoreBridge
from ui.i18n import error_text, tr
from ui.kiosk.case_identify import IdentifySteps
from ui.kiosk.case_papers import CasePapers
from ui.kiosk.case_query import QueryAndRating


def keyboard() -> QWidget | None:
    """A screen's place for the one on-screen keyboard (see ``ui.widgets.keyboard``)."""
    from ui.widgets.compose import enabled

    if not enabled():
        return None
    from ui.widgets.keyboard import KeyboardSlot

    return KeyboardSlot()


class KioskCases(IdentifySteps, CasePapers, QueryAndRating):
    """The application flow on the kiosk window's stack (a room: ``start`` or
    ``open_query``, ``forget``, ``wipe``)."""

    def __init__(self, core: Core, bridge: CoreBridge, stack: QStackedWidget, go_home: Callable[[], None]) -> None:
        super().__init__(core, bridge, stack, go_home)
        core.visit.on_wipe(self.wipe)

    # ---- screens, built when first needed ----------------------------------------------------
    def screen(self, name: str):
        if name not in self.screens:
            from ui.screens import case_form, case_identify, case_materials, case_query, case_rating, case_steps

            kb = self.keyboard
            made = {
                "identify": lambda: case_identify.CaseIdentifyScreen(
                    kb(),
                    social_card=self.core.devices.has("smartcard"),
                    e_id=self.core.devices.has("camera") and self.desk().e_id_lookup is not None,
                ),
                "form": lambda: case_form.CaseFormScreen(kb(), digit_pad=theme.current().name == "elder"),
                "materials": self.make_materials_screen,
                "capture": case_materials.CaseCaptureScreen,
                "commitment": case_steps.CaseCommitmentScreen,
                "delivery": lambda: case_steps.CaseDeliveryScreen(kb()),
                "review": case_steps.CaseReviewScreen,
                "done": case_steps.CaseDoneScreen,
                "rating": lambda: case_rating.CaseRatingScreen(kb()),
                "query": lambda: case_query.CaseQueryScreen(kb(), zone=self.core.settings.hall.timezone),
            }[name]()
            self._wire(name, made)
            self.stack.addWidget(made)
            self.screens[name] = made
        return self.screens[name]

    def forget(self) -> None:
        """Drop the built screens (another language: they are built again, in it, when next
        shown; a screen kept the language it was first built in)."""
        for s in self.screens.values():
            self.stack.removeWidget(s)
            s.hide()
            s.deleteLater()
        self.screens.clear()

    def keyboard(self) -> QWidget | None:
        """The embedded pinyin keyboard (the window terminal has a real one: None)."""
        return keyboard()

    def make_materials_screen(self):
        from ui.screens.case_materials import CaseMaterialsScreen

        return CaseMaterialsScreen()

    def _wire(self, name: str, s) -> None:
        s.cancel_requested.connect(self.cancel)
        s.back_requested.connect(self.back)
        if name == "identify":
            s.read_card_requested.connect(self.read_card)
            s.read_social_card_requested.connect(self.read_social_card)
            s.scan_e_id_requested.connect(self.scan_e_id)
            s.typed_id_entered.connect(self.typed_id)
        elif name == "form":
            s.next_requested.connect(self.submit_form)
        elif name == "materials":
            s.capture_requested.connect(self.open_capture)
            s.tolerate_requested.connect(self.tolerate)
            s.next_requested.connect(self.finish_materials)
        elif name == "capture":
            s.shoot_requested.connect(self.shoot)
            s.retake_requested.connect(self.retake)
            s.next_requested.connect(self.show_materials)
            s.back_requested.disconnect(self.back)
            s.back_requested.connect(self.show_materials)
        elif name == "commitment":
            s.next_requested.connect(self.confirm)
        elif name == "delivery":
            s.next_requested.connect(self.choose_delivery)
        elif name == "review":
            s.next_requested.connect(self.submit)
        elif name == "done":
            s.next_requested.connect(self.finish)
            s.rate_requested.connect(self.open_rating_for_case)
        elif name == "rating":
            s.rating_submitted.connect(self.rate)
            s.cancel_requested.disconnect(self.cancel)
            s.cancel_requested.connect(self.skip_rating)
        elif name == "query":
            s.query_entered.connect(self.query)
            s.read_card_requested.connect(self.query_by_card)
            s.scan_requested.connect(self.scan_receipt)
            s.scan_button.setVisible(self.core.devices.has("camera"))
            s.rate_requested.connect(self.open_rating_for_query)
            s.cancel_requested.disconnect(self.cancel)
            s.cancel_requested.connect(self._go_home)

    # ---- the application ---------------------------------------------------------------------
    def start(self, task_code: str) -> None:
        """立即办理 / 自助申报 for one item."""
        desk = self.desk()
        self.core.visit.begin()
        try:
            self.draft = desk.start(task_code, channel=self.channel)
        except CaseError as exc:
            self._fail(exc)
            return
        self.case = None
        self._show("identify").reset(self.drafted().guide.task_name)

    def show_form(self) -> None:
        d = self.drafted()
        assert d.applicant is not None, "the form follows the identify step"
        # What the card says is shown masked and not retyped (a typed ID brings the number only).
        fixed = {"id_number": mask_id_number(d.applicant.id_number)}
        if d.applicant.source != "typed":
            fixed["name"] = mask_name(d.applicant.name)
        if d.applicant.address:
            fixed["address"] = mask_address(d.applicant.address)
        self._show("form").show_fields(d.guide.task_name, d.fields, d.values, fixed)

    def submit_form(self) -> None:
        s = self.screen("form")
        errors = self.drafted().fill(s.values())
        s.show_errors(errors)
        if not errors:
            self.show_materials()

    def show_materials(self) -> None:
        d = self.drafted()
        self._show("materials").show_slots(d.guide.task_name, d.slots, d.can_tolerate)

    def tolerate(self, index: int) -> None:
        try:
            self.drafted().tolerate(index)
        except CaseError as exc:
            self.screen("materials").set_message(error_text(exc))
            return
        self.show_materials()

    def open_capture(self, index: int) -> None:
        self._capturing = index
        slot = self.drafted().slot(index)
        self._show("capture").show_material(
            slot.material.material_name, len(slot.pages), slot.pages[-1] if slot.pages else None
        )

    def shoot(self) -> None:
        s = self.screen("capture")
        s.shoot_button.setEnabled(False)
        s.set_message(tr("case.capture.taking"), "unknown")
        path = self.core.visit.temp_dir() / f"page-{uuid.uuid4().hex}.jpg"

        def take(camera) -> bytes:
            camera.capture_document(path)
            try:
                return path.read_bytes()
            finally:
                path.unlink(missing_ok=True)  # the page lives in the draft only

        self.core.devices.submit("camera", take, self.bridge.on_job_done(self._shot))

    def _shot(self, fut) -> None:
        s = self.screen("capture")
        s.shoot_button.setEnabled(True)
        if fut.exception() is not None:
            s.set_message(error_text(fut.exception()))
            return
        self.attach_page(fut.result())

    def attach_page(self, data: bytes) -> None:
        """A page for the material being captured (checked by the desk before it is kept)."""
        s = self.screen("capture")
        try:
            self.desk().attach(self.drafted(), self._capturing, data)
        except CaseError as exc:
            s.set_message(error_text(exc))
            return
        slot = self.drafted().slot(self._capturing)
        s.show_material(slot.material.material_name, len(slot.pages), slot.pages[-1])

    def retake(self) -> None:
        self.drafted().drop_pages(self._capturing)
        self.open_capture(self._capturing)

    def finish_materials(self) -> None:
        if self.drafted().finish_materials() is Step.NOTICE:
            self._print_notice()
            return
        d = self.drafted()
        self._show("commitment").show_commitment(
            d.guide.task_name, [(s.material.material_name, s.due.isoformat() if s.due else "") for s in d.tolerated()]
        )

    def confirm(self) -> None:
        self.drafted().confirm()
        self._show("delivery").pick("")
        self.screen("delivery").show_errors({})

    def choose_delivery(self) -> None:
        s = self.screen("delivery")
        errors = self.drafted().choose_delivery(s.choice, s.address.text())
        s.show_errors(errors)
        if errors:
            return
        d = self.drafted()
        lines = [
            tr("receipt.applicant") + tr("sep.colon") + mask_name(d.values.get("name", "")),
            tr("receipt.id_number") + tr("sep.colon") + mask_id_number(d.values.get("id_number", "")),
        ]
        from ui.screens.case_materials import state_text

        lines += [f"{i}. {s.material.material_name}{tr('sep.colon')}{state_text(s)}" for i, s in enumerate(d.slots, 1)]
        lines.append(tr("receipt.delivery") + tr("sep.colon") + tr(f"case.delivery.{d.delivery}"))
        self._show("review").show_review(d.guide.task_name, lines)

    def submit(self) -> None:
        s = self.screen("review")
        s.next_button.setEnabled(False)
        try:
            self.case = self.store_case()  # stored (sealed, one transaction) before any paper
        except CaseError as exc:
            s.set_message(error_text(exc))
            s.next_button.setEnabled(exc.key != "case.item_gone")
            return
        self.show_receipt()

    def store_case(self):
        return self.desk().submit(self.draft)

    # ---- leaving -------------------------------------------------------------------------------
    def back(self) -> None:
        d = self.drafted()
        if d is None or d.step in (Step.IDENTIFY, Step.FORM):
            self.cancel()
            return
        step = d.back()
        {
            Step.FORM: self.show_form,
            Step.MATERIALS: self.show_materials,
            Step.COMMITMENT: lambda: self.stack.setCurrentWidget(self.screen("commitment")),
            Step.DELIVERY: lambda: self.stack.setCurrentWidget(self.screen("delivery")),
        }[step]()

    def cancel(self) -> None:
        self.draft = None
        self._go_home()

    def finish(self) -> None:
        """完成: the citizen is done; the visit ends (and is wiped)."""
        self.core.visit.end()
        self._go_home()

    def _fail(self, exc: CaseError) -> None:
        self._show("done").show_done(tr("case.failed"), "", [error_text(exc)], can_rate=False)

    def wipe(self) -> None:
        self.draft, self.case, self._rating_for, self._scan_until = None, None, None, None
        if self.core.cases is not None:
            self.desk().ratings.forget()
        for s in self.screens.values():
            for edit in s.findChildren(QLineEdit):
                edit.clear()

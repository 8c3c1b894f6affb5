"""The kiosk's cases: 自助申报 from identify to the receipt, 办件查询 and 好差评.

The controller owns the case screens and moves between them; every decision is the
core's (``core.cases``, a ``kiosk.cases.service.CaseDesk``): the screens render what it
returns and forward taps. Device work (card, document camera, printer) runs on the
device threads; results come back through the bridge.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QStackedWidget, QWidget

from common.masking import mask_address, mask_id_number, mask_name
from kiosk import counter
from kiosk.cases import receipts
from kiosk.cases.draft import Step
from kiosk.cases.errors import CaseError
from kiosk.core import Core
from kiosk.hall_time import hall_now
from ui import theme
from ui.bridge import CoreBridge
from ui.i18n import error_text, tr

SCAN_S = 20.0  # how long 办件查询 looks for the receipt's QR code


def keyboard() -> QWidget | None:
    """A screen's place for the one on-screen keyboard (see ``ui.widgets.keyboard``)."""
    from ui.widgets.compose import enabled

    if not enabled():
        return None
    from ui.widgets.keyboard import KeyboardSlot

    return KeyboardSlot()


# How long the receipt waits for the hub's case number before it prints without one.
NUMBER_WAIT_S = 3.0


class KioskCases(QObject):
    """The application flow on the kiosk window's stack."""

    channel = "kiosk"
    notice_keys = ("case.notice.title", "case.notice.bring")

    def __init__(self, core: Core, bridge: CoreBridge, stack: QStackedWidget, go_home) -> None:
        super().__init__(stack)
        self.core, self.bridge, self.stack, self._go_home = core, bridge, stack, go_home
        self.screens: dict[str, QWidget] = {}
        self.draft = None
        self.case = None  # the SubmittedCase of this visit
        self._capturing = -1
        self._rating_for: tuple[str, str, str, str] | None = None  # record id, code, name, number
        self._scanner = None  # kiosk.cases.scan.CaseCodeScanner (receipts), made at the first scan
        self._e_id_scanner = None  # the same for e-ID codes
        self._number_pool = None  # one thread that waits for the hub's case number
        self._scan_until: float | None = None
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
                    e_id=self.core.devices.has("camera") and self.core.cases.e_id_lookup is not None,
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

    def _show(self, name: str):
        s = self.screen(name)
        self.stack.setCurrentWidget(s)
        return s

    # ---- the application ---------------------------------------------------------------------
    def start(self, task_code: str) -> None:
        """立即办理 / 自助申报 for one item."""
        desk = self.core.cases
        self.core.visit.begin()
        try:
            self.draft = desk.start(task_code, channel=self.channel)
        except CaseError as exc:
            self._fail(exc)
            return
        self.case = None
        self._show("identify").reset(self.draft.guide.task_name)

    def read_card(self) -> None:
        s = self.screen("identify")
        s.card_button.setEnabled(False)
        s.set_message(tr("window.place_card"), "unknown")
        counter.read_identity(self.core.devices, self.bridge.on_job_done(self._card_read))

    def _card_counts(self) -> bool:
        """A card read now is this citizen's, not one left by the last (kiosk/card_return.py)."""
        return self.core.card_return is None or self.core.card_return.observed_card()

    def _card_read(self, fut) -> None:
        s = self.screen("identify")
        s.card_button.setEnabled(True)
        if fut.exception() is not None:
            s.set_message(error_text(fut.exception()))
            return
        if not self._card_counts():
            s.set_message(tr("visit.take_card_next"), "offline")
            return
        if self.draft is None:
            return
        self.core.cases.identify_card(self.draft, fut.result())
        self.show_form()

    def read_social_card(self) -> None:
        s = self.screen("identify")
        s.social_button.setEnabled(False)
        s.set_message(tr("case.identify.insert_social_card"), "unknown")
        self.core.devices.submit(
            "smartcard", lambda reader: reader.read_card(), self.bridge.on_job_done(self._social_card_read)
        )

    def _social_card_read(self, fut) -> None:
        s = self.screen("identify")
        s.social_button.setEnabled(True)
        if fut.exception() is not None:
            s.set_message(error_text(fut.exception()))
            return
        if self.draft is None:
            return
        try:
            self.core.cases.identify_social_card(self.draft, fut.result())
        except CaseError as exc:
            s.set_message(error_text(exc))
            return
        self.show_form()

    def scan_e_id(self) -> None:
        """Look for an e-ID code (网证) on the citizen's phone, a frame at a time."""
        from kiosk.cases.scan import E_ID_PREFIX, CaseCodeScanner

        if self._e_id_scanner is None:
            self._e_id_scanner = CaseCodeScanner(self.core.devices, E_ID_PREFIX)
        self._scan_until = time.monotonic() + SCAN_S
        s = self.screen("identify")
        s.e_id_button.setEnabled(False)
        s.set_message(tr("case.identify.show_e_id"), "unknown")
        self._e_id_scanner.scan(self.bridge.on_job_done(self._e_id_scanned))

    def _e_id_scanned(self, fut) -> None:
        s = self.screen("identify")
        if self._scan_until is None or self.stack.currentWidget() is not s or self.draft is None:
            s.e_id_button.setEnabled(True)
            return
        if fut.exception() is None and fut.result():
            self._scan_until = None
            s.e_id_button.setEnabled(True)
            try:
                self.core.cases.identify_e_id(self.draft, fut.result()[0])
            except CaseError as exc:
                s.set_message(error_text(exc))
                return
            self.show_form()
            return
        if fut.exception() is not None or time.monotonic() > self._scan_until:
            self._scan_until = None
            s.e_id_button.setEnabled(True)
            s.set_message(error_text(fut.exception()) if fut.exception() else tr("case.identify.no_e_id"))
            return
        QTimer.singleShot(150, lambda: self._e_id_scanner.scan(self.bridge.on_job_done(self._e_id_scanned)))

    def typed_id(self, text: str) -> None:
        self.screen("identify").set_message("")
        try:
            self.core.cases.identify_typed(self.draft, text)
        except CaseError as exc:
            self.screen("identify").set_message(error_text(exc))
            return
        self.show_form()

    def show_form(self) -> None:
        d = self.draft
        # What the card says is shown masked and not retyped (a typed ID brings the number only).
        fixed = {"id_number": mask_id_number(d.applicant.id_number)}
        if d.applicant.source != "typed":
            fixed["name"] = mask_name(d.applicant.name)
        if d.applicant.address:
            fixed["address"] = mask_address(d.applicant.address)
        self._show("form").show_fields(d.guide.task_name, d.fields, d.values, fixed)

    def submit_form(self) -> None:
        s = self.screen("form")
        errors = self.draft.fill(s.values())
        s.show_errors(errors)
        if not errors:
            self.show_materials()

    def show_materials(self) -> None:
        d = self.draft
        self._show("materials").show_slots(d.guide.task_name, d.slots, d.can_tolerate)

    def tolerate(self, index: int) -> None:
        try:
            self.draft.tolerate(index)
        except CaseError as exc:
            self.screen("materials").set_message(error_text(exc))
            return
        self.show_materials()

    def open_capture(self, index: int) -> None:
        self._capturing = index
        slot = self.draft.slot(index)
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
            self.core.cases.attach(self.draft, self._capturing, data)
        except CaseError as exc:
            s.set_message(error_text(exc))
            return
        slot = self.draft.slot(self._capturing)
        s.show_material(slot.material.material_name, len(slot.pages), slot.pages[-1])

    def retake(self) -> None:
        self.draft.drop_pages(self._capturing)
        self.open_capture(self._capturing)

    def finish_materials(self) -> None:
        if self.draft.finish_materials() is Step.NOTICE:
            self._print_notice()
            return
        d = self.draft
        self._show("commitment").show_commitment(
            d.guide.task_name, [(s.material.material_name, s.due.isoformat()) for s in d.tolerated()]
        )

    def _print_notice(self) -> None:
        d = self.draft
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

    def confirm(self) -> None:
        self.draft.confirm()
        self._show("delivery").pick("")
        self.screen("delivery").show_errors({})

    def choose_delivery(self) -> None:
        s = self.screen("delivery")
        errors = self.draft.choose_delivery(s.choice, s.address.text())
        s.show_errors(errors)
        if errors:
            return
        d = self.draft
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

    def _helper(self) -> str:
        """帮办人员 on this visit's papers ("" unassisted)."""
        from kiosk.assist import helper_on_receipts

        return helper_on_receipts(self.core.visit, tr)

    def store_case(self):
        return self.core.cases.submit(self.draft)

    def show_receipt(self) -> None:
        """申报回执 printed; the reference large; 好差评 offered. With the hub reachable the
        receipt waits a moment (off the GUI thread) for the official case number."""
        desk = self.core.cases
        online = desk.online()
        case = self.case
        if online:
            waiting = self._waiter().submit(desk.wait_for_number, case.record_id, NUMBER_WAIT_S)
            waiting.add_done_callback(self.bridge.on_job_done(lambda fut: self._print_submission(case, fut, True)))
        else:
            self._print_submission(case, None, False)
        lines = [tr("receipt.number_later")]
        if not online:
            lines.append(tr("case.saved_offline"))
        lines.append(tr("receipt.not_acceptance"))
        self._rating_for = (self.case.record_id, self.case.task_code, self.case.task_name, "")
        self._show("done").show_done(
            tr("case.done.title"),
            self.case.reference,
            lines,
            can_rate=desk.ratings.can_rate(self.case.record_id),
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

    # ---- 好差评 ----------------------------------------------------------------------------------
    def open_rating_for_case(self) -> None:
        self._open_rating()

    def _open_rating(self) -> None:
        if self._rating_for is None or not self.core.cases.ratings.can_rate(self._rating_for[0]):
            return
        self._show("rating").reset(self._rating_for[2])

    def rate(self, level: int, reasons: tuple, text: str, anonymous: bool) -> None:
        rid, code, name, number = self._rating_for
        masked = self.case.name_masked if self.case is not None and self.case.record_id == rid else ""
        try:
            self.core.cases.ratings.rate(
                rid,
                satisfaction=level,
                reasons=reasons,
                text=text,
                anonymous=anonymous,
                task_code=code,
                task_name=name,
                case_number=number,
                masked_name=masked,
            )
        except CaseError as exc:
            self.screen("rating").set_message(error_text(exc))
            return
        self._show("done").show_done(tr("case.rating.thanks"), "", [], can_rate=False)

    def skip_rating(self) -> None:
        self.finish()

    # ---- 办件查询 ----------------------------------------------------------------------------------
    def open_query(self) -> None:
        self.core.visit.begin()
        self._show("query").reset()

    def query(self, text: str) -> None:
        found = self.core.cases.find(text)
        self._show_found([found] if found else [])

    def scan_receipt(self) -> None:
        """Look for the receipt's QR code, a frame at a time, for up to SCAN_S seconds."""
        from kiosk.cases.scan import CaseCodeScanner

        if self._scanner is None:
            self._scanner = CaseCodeScanner(self.core.devices)
        self._scan_until = time.monotonic() + SCAN_S
        self.screen("query").set_message(tr("case.query.show_code"), "unknown")
        self._scanner.scan(self.bridge.on_job_done(self._scanned))

    def _scanned(self, fut) -> None:
        s = self.screen("query")
        if self._scan_until is None or self.stack.currentWidget() is not s:
            return  # the citizen left the screen (or the visit ended): stop looking
        if fut.exception() is None and fut.result():
            self._scan_until = None
            s.set_message("")
            s.query.setText(fut.result()[0].removeprefix("HKCASE:")[:10].upper())
            self.query(fut.result()[0])
            return
        if fut.exception() is not None or time.monotonic() > self._scan_until:
            self._scan_until = None
            s.set_message(error_text(fut.exception()) if fut.exception() else tr("case.query.no_code"))
            return
        QTimer.singleShot(150, lambda: self._scanner.scan(self.bridge.on_job_done(self._scanned)))

    def query_by_card(self) -> None:
        self.screen("query").set_message(tr("window.place_card"), "unknown")
        counter.read_identity(self.core.devices, self.bridge.on_job_done(self._query_card_read))

    def _query_card_read(self, fut) -> None:
        s = self.screen("query")
        if fut.exception() is not None:
            s.set_message(error_text(fut.exception()))
            return
        if not self._card_counts():
            s.set_message(tr("visit.take_card_next"), "offline")
            return
        s.set_message("")
        self._show_found(self.core.cases.find_by_person(fut.result().id_number))

    def _show_found(self, statuses) -> None:
        finished = [s for s in statuses if s.finished and self.core.cases.ratings.can_rate(s.record_id)]
        self._rating_for = (
            (finished[0].record_id, finished[0].task_code, finished[0].task_name, finished[0].case_number)
            if finished
            else None
        )
        self.screen("query").show_cases(statuses, can_rate=bool(finished))

    def open_rating_for_query(self) -> None:
        self._open_rating()

    # ---- leaving -------------------------------------------------------------------------------
    def back(self) -> None:
        d = self.draft
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
            self.core.cases.ratings.forget()
        for s in self.screens.values():
            for edit in s.findChildren(QLineEdit):
                edit.clear()

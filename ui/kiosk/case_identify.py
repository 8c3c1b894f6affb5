"""自助申报's first step: who applies, from the ID card, the social security card, an
e-ID code (网证) on the phone, or a typed ID number."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QTimer

from kiosk import counter
from kiosk.cases.errors import CaseError
from ui.i18n import error_text, tr
from ui.kiosk.case_flow import SCAN_S, CaseFlow


class IdentifySteps(CaseFlow):
    """The identify screen's ways of knowing the applicant (each read on a device thread)."""

    def read_card(self) -> None:
        s: Any = self.screen("identify")
        s.card_button.setEnabled(False)
        s.set_message(tr("window.place_card"), "unknown")
        counter.read_identity(self.core.devices, self.bridge.on_job_done(self._card_read))

    def _card_read(self, fut) -> None:
        s: Any = self.screen("identify")
        s.card_button.setEnabled(True)
        if fut.exception() is not None:
            s.set_message(error_text(fut.exception()))
            return
        if not self._card_counts():
            s.set_message(tr("visit.take_card_next"), "offline")
            return
        if self.draft is None:
            return
        self.desk().identify_card(self.draft, fut.result())
        self.show_form()

    def read_social_card(self) -> None:
        s: Any = self.screen("identify")
        s.social_button.setEnabled(False)
        s.set_message(tr("case.identify.insert_social_card"), "unknown")
        self.core.devices.submit(
            "smartcard", lambda reader: reader.read_card(), self.bridge.on_job_done(self._social_card_read)
        )

    def _social_card_read(self, fut) -> None:
        s: Any = self.screen("identify")
        s.social_button.setEnabled(True)
        if fut.exception() is not None:
            s.set_message(error_text(fut.exception()))
            return
        if self.draft is None:
            return
        try:
            self.desk().identify_social_card(self.draft, fut.result())
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
        s: Any = self.screen("identify")
        s.e_id_button.setEnabled(False)
        s.set_message(tr("case.identify.show_e_id"), "unknown")
        scanner = self._e_id_scanner
        scanner.scan(self.bridge.on_job_done(self._e_id_scanned))

    def _e_id_scanned(self, fut) -> None:
        s: Any = self.screen("identify")
        if self._scan_until is None or self.stack.currentWidget() is not self.screen("identify") or self.draft is None:
            s.e_id_button.setEnabled(True)
            return
        if fut.exception() is None and fut.result():
            self._scan_until = None
            s.e_id_button.setEnabled(True)
            try:
                self.desk().identify_e_id(self.draft, fut.result()[0])
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
        scanner = self._e_id_scanner
        if scanner is not None:
            QTimer.singleShot(150, lambda: scanner.scan(self.bridge.on_job_done(self._e_id_scanned)))

    def typed_id(self, text: str) -> None:
        self.screen("identify").set_message("")
        try:
            self.desk().identify_typed(self.drafted(), text)
        except CaseError as exc:
            self.screen("identify").set_message(error_text(exc))
            return
        self.show_form()

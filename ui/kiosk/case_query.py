"""办件查询 (by the receipt's code, its reference or the ID card) and 好差评 (one rating
per case per visit) on the kiosk."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QTimer

from kiosk import counter
from kiosk.cases.errors import CaseError
from ui.i18n import error_text, tr
from ui.kiosk.case_flow import SCAN_S, CaseFlow


class QueryAndRating(CaseFlow):
    """The query screen and the rating screen."""

    # ---- 好差评 ----------------------------------------------------------------------------------
    def open_rating_for_case(self) -> None:
        self._open_rating()

    def _open_rating(self) -> None:
        if self._rating_for is None or not self.desk().ratings.can_rate(self._rating_for[0]):
            return
        self._show("rating").reset(self._rating_for[2])

    def rate(self, level: int, reasons: tuple, text: str, anonymous: bool) -> None:
        if self._rating_for is None:
            return
        rid, code, name, number = self._rating_for
        masked = self.case.name_masked if self.case is not None and self.case.record_id == rid else ""
        try:
            self.desk().ratings.rate(
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
        found = self.desk().find(text)
        self._show_found([found] if found else [])

    def scan_receipt(self) -> None:
        """Look for the receipt's QR code, a frame at a time, for up to SCAN_S seconds."""
        from kiosk.cases.scan import CaseCodeScanner

        if self._scanner is None:
            self._scanner = CaseCodeScanner(self.core.devices)
        self._scan_until = time.monotonic() + SCAN_S
        self.screen("query").set_message(tr("case.query.show_code"), "unknown")
        scanner = self._scanner
        scanner.scan(self.bridge.on_job_done(self._scanned))

    def _scanned(self, fut) -> None:
        s: Any = self.screen("query")
        if self._scan_until is None or self.stack.currentWidget() is not self.screen("query"):
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
        scanner = self._scanner
        if scanner is not None:
            QTimer.singleShot(150, lambda: scanner.scan(self.bridge.on_job_done(self._scanned)))

    def query_by_card(self) -> None:
        self.screen("query").set_message(tr("window.place_card"), "unknown")
        counter.read_identity(self.core.devices, self.bridge.on_job_done(self._query_card_read))

    def _query_card_read(self, fut) -> None:
        s: Any = self.screen("query")
        if fut.exception() is not None:
            s.set_message(error_text(fut.exception()))
            return
        if not self._card_counts():
            s.set_message(tr("visit.take_card_next"), "offline")
            return
        s.set_message("")
        self._show_found(self.desk().find_by_person(fut.result().id_number))

    def _show_found(self, statuses) -> None:
        finished = [s for s in statuses if s.finished and self.desk().ratings.can_rate(s.record_id)]
        self._rating_for = (
            (finished[0].record_id, finished[0].task_code, finished[0].task_name, finished[0].case_number)
            if finished
            else None
        )
        self.screen("query").show_cases(statuses, can_rate=bool(finished))

    def open_rating_for_query(self) -> None:
        self._open_rating()

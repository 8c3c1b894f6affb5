"""办件查询: by the receipt's reference or case number (typed, or the QR scanned), or by
ID card; the status history, masked."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.hall_time import DEFAULT_ZONE, minute_text
from ui.i18n import tr
from ui.qt_app import gui_app
from ui.screens.case_common import CaseStepScreen


class CaseQueryScreen(CaseStepScreen):
    query_entered = Signal(str)
    read_card_requested = Signal()
    scan_requested = Signal()
    rate_requested = Signal()

    def __init__(
        self, keyboard: QWidget | None = None, *, zone: str = DEFAULT_ZONE, parent: QWidget | None = None
    ) -> None:
        """Args:
        keyboard: the on-screen keyboard, or None.
        zone: the hall's time zone: every time is shown in it (not the machine's).
        parent: the Qt parent."""
        super().__init__("CaseQueryScreen", "case.query.title", "case.query.search", parent=parent)
        self.zone = zone
        self.back_button.hide()
        self.cancel_button.setText(tr("nav.home"))
        row = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("case.query.placeholder"))
        self.card_button = QPushButton(tr("case.query.by_card"))
        self.card_button.clicked.connect(self.read_card_requested)
        self.scan_button = QPushButton(tr("case.query.scan"))
        self.scan_button.clicked.connect(self.scan_requested)
        row.addWidget(self.query, 1)
        row.addWidget(self.scan_button)
        row.addWidget(self.card_button)
        self.body.addLayout(row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("case_query_result")
        self.body.addWidget(self.result)
        self.rate_button = QPushButton(tr("case.done.rate"))
        self.rate_button.hide()
        self.rate_button.clicked.connect(self.rate_requested)
        self.body.addWidget(self.rate_button)
        self.body.addStretch(1)
        self.keyboard = keyboard
        self.add_keyboard(keyboard)
        # The keyboard makes room for the answer, and comes back when the field is tapped.
        gui_app().focusChanged.connect(lambda _old, new: self._keyboard(True) if new is self.query else None)
        self.next_button.clicked.connect(lambda: self.query_entered.emit(self.query.text()))

    def _keyboard(self, on: bool) -> None:
        if self.keyboard is not None:
            self.keyboard.setVisible(on)

    def reset(self) -> None:
        self._keyboard(True)
        self.query.clear()
        self.result.clear()
        self.rate_button.hide()
        self.set_message("")

    def show_cases(self, statuses, *, can_rate: bool) -> None:
        self._keyboard(False)
        self.next_button.setFocus()
        if not statuses:
            self.result.setText(tr("case.query.none"))
            self.rate_button.hide()
            return
        blocks = []
        for s in statuses:
            lines = [
                tr("case.query.item", name=s.task_name),
                tr("case.query.reference", ref=s.reference),
                tr("case.query.number", number=s.case_number) if s.case_number else tr("case.query.no_number"),
                tr("case.query.applicant", name=s.name_masked),
                tr("case.query.submitted", at=minute_text(s.submitted_at, self.zone)),
            ]
            # The hub's history holds epoch seconds and status codes: a date-time and words.
            lines += [
                tr("case.query.step", at=minute_text(h["at"], self.zone), status=tr(f"case.status.{h['status']}"))
                for h in s.history
            ]
            blocks.append("\n".join(lines))
        self.result.setText("\n\n".join(blocks))
        self.rate_button.setVisible(can_rate)

"""The short steps of an application: the 告知承诺 confirmation, the result delivery,
the review, and the end (receipt printed, the reference large)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.i18n import tr
from ui.screens.case_common import CaseStepScreen


class CaseCommitmentScreen(CaseStepScreen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("CaseCommitmentScreen", "case.commitment.title", "case.commitment.confirm", parent=parent)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.body.addWidget(self.text)
        self.body.addStretch(1)

    def show_commitment(self, item_name: str, tolerated: list[tuple[str, str]]) -> None:
        self.subtitle.setText(item_name)
        lines = [tr("case.commitment.text")]
        for name, due in tolerated:
            lines.append(tr("case.commitment.tolerated", name=name, due=due))
        self.text.setText("\n\n".join(lines))


class CaseDeliveryScreen(CaseStepScreen):
    choice_made = Signal(str)

    def __init__(self, keyboard: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__("CaseDeliveryScreen", "case.delivery.title", parent=parent)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for choice in ("window", "post"):
            b = QPushButton(tr(f"case.delivery.{choice}"))
            b.setProperty("role", "tile")
            b.setCheckable(True)
            b.setMinimumHeight(140)
            b.clicked.connect(lambda _=False, c=choice: self.pick(c))
            row.addWidget(b)
            self.buttons[choice] = b
        self.body.addLayout(row)
        self.address_label = QLabel(tr("case.field.postal_address"))
        self.address_label.setProperty("role", "title")
        self.address = QLineEdit()
        self.address.setMinimumHeight(72)
        self.address.returnPressed.connect(self.next_requested)  # the keyboard's Enter
        self.address_error = QLabel()
        self.address_error.setProperty("state", "offline")
        for w in (self.address_label, self.address, self.address_error):
            self.body.addWidget(w)
        self.body.addStretch(1)
        self.keyboard = keyboard
        self.add_keyboard(keyboard)
        self.choice = ""
        self.pick("")

    def pick(self, choice: str) -> None:
        self.choice = choice
        for c, b in self.buttons.items():
            b.setChecked(c == choice)
        post = choice == "post"
        for w in (self.address_label, self.address, self.address_error):
            w.setVisible(post)
        if self.keyboard is not None:
            self.keyboard.setVisible(post)
        for c, b in self.buttons.items():
            b.setText(("✓ " if c == choice else "") + tr(f"case.delivery.{c}"))
        if post:
            self.address.setFocus()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.address_error.setText(tr(errors["postal_address"]) if "postal_address" in errors else "")
        self.set_message(tr(errors["delivery"]) if "delivery" in errors else "")


class CaseReviewScreen(CaseStepScreen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("CaseReviewScreen", "case.review.title", "case.review.submit", parent=parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        self.body.addStretch(1)

    def show_review(self, item_name: str, lines: list[str]) -> None:
        self.subtitle.setText(item_name)
        self.summary.setText("\n".join(lines))
        self.next_button.setEnabled(True)
        self.set_message("")


class CaseDoneScreen(CaseStepScreen):
    """The end: the reference large, what the paper is, and 好差评 offered (never forced)."""

    rate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("CaseDoneScreen", "case.done.title", "case.done.finish", parent=parent)
        self.back_button.hide()
        self.cancel_button.hide()
        self.reference = QLabel()
        self.reference.setProperty("role", "hero")
        self.reference.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reference.setObjectName("case_reference")
        self.reference.setStyleSheet("font-size: 80px; font-weight: 700; letter-spacing: 4px;")  # read from 1 m
        self.lead = QLabel()
        self.lead.setWordWrap(True)
        self.lead.setProperty("role", "title")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.body.addWidget(self.lead)
        self.body.addWidget(self.reference)
        self.body.addWidget(self.text)
        self.body.addStretch(1)
        self.rate_button = QPushButton(tr("case.done.rate"))
        self.nav.insertWidget(3, self.rate_button)
        self.rate_button.clicked.connect(self.rate_requested)

    def show_done(self, title: str, reference: str, lines: list[str], *, can_rate: bool, lead: str = "") -> None:
        self.title.setText(title)
        self.lead.setText(lead)
        self.lead.setVisible(bool(lead))
        self.reference.setText(reference)
        self.reference.setVisible(bool(reference))
        self.text.setText("\n".join(lines))
        self.rate_button.setVisible(can_rate)

"""Who applies: the ID card on the reader, the 社保卡, or — the last resort — the ID
number typed on the keyboard (checked by its check character). Never a face alone."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.i18n import tr
from ui.screens.case_common import CaseStepScreen


class CaseIdentifyScreen(CaseStepScreen):
    read_card_requested = Signal()
    read_social_card_requested = Signal()
    scan_e_id_requested = Signal()
    typed_id_entered = Signal(str)

    def __init__(
        self,
        keyboard: QWidget | None = None,
        *,
        social_card: bool = False,
        e_id: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("CaseIdentifyScreen", "case.identify.title", parent=parent)
        self.next_button.hide()
        hint = QLabel(tr("case.identify.hint"))
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        row = QHBoxLayout()
        self.card_button = QPushButton(tr("case.identify.id_card"))
        self.card_button.setProperty("role", "tile")
        self.card_button.setMinimumHeight(160)
        self.card_button.clicked.connect(self.read_card_requested)
        row.addWidget(self.card_button)
        self.social_button = QPushButton(tr("case.identify.social_card"))
        self.social_button.setProperty("role", "tile")
        self.social_button.setMinimumHeight(160)
        self.social_button.clicked.connect(self.read_social_card_requested)
        row.addWidget(self.social_button)
        self.e_id_button = QPushButton(tr("case.identify.e_id"))
        self.e_id_button.setProperty("role", "tile")
        self.e_id_button.setMinimumHeight(160)
        self.e_id_button.clicked.connect(self.scan_e_id_requested)
        row.addWidget(self.e_id_button)
        self.body.addLayout(row)
        # Hidden once inside the screen (ui/widgets/result_card.py).
        self.social_button.setVisible(social_card)
        self.e_id_button.setVisible(e_id)
        # The last resort, behind its own button: the keyboard shows only when it is chosen.
        self.typed_open = QPushButton(tr("case.identify.typed"))
        self.typed_open.clicked.connect(self.open_typed)
        self.body.addWidget(self.typed_open)
        self.typed_box = QWidget()
        trow = QHBoxLayout(self.typed_box)
        trow.setContentsMargins(0, 0, 0, 0)
        self.typed = QLineEdit()
        self.typed.setMaxLength(18)
        self.typed.setPlaceholderText(tr("case.field.id_number"))
        self.typed_button = QPushButton(tr("case.identify.use_typed"))
        self.typed_button.clicked.connect(lambda: self.typed_id_entered.emit(self.typed.text()))
        self.typed.returnPressed.connect(lambda: self.typed_id_entered.emit(self.typed.text()))  # the keyboard's ⏎
        trow.addWidget(self.typed, 1)
        trow.addWidget(self.typed_button)
        self.body.addWidget(self.typed_box)
        self.body.addStretch(1)
        self.keyboard = keyboard
        self.add_keyboard(keyboard)
        self._show_typed(False)

    def _show_typed(self, on: bool) -> None:
        self.typed_box.setVisible(on)
        self.typed_open.setVisible(not on)
        if self.keyboard is not None:
            self.keyboard.setVisible(on)

    def open_typed(self) -> None:
        self._show_typed(True)
        self.typed.setFocus()

    def reset(self, item_name: str) -> None:
        self.subtitle.setText(item_name)
        self.typed.clear()
        self.set_message("")
        self.card_button.setEnabled(True)
        self.social_button.setEnabled(True)
        self.e_id_button.setEnabled(True)
        self._show_typed(False)

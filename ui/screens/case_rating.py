"""好差评 at the kiosk: five levels, reasons and free text for 1–2, anonymous, a clear 跳过."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.i18n import tr
from ui.screens.case_common import CaseStepScreen

REASONS = ("efficiency", "service_level", "attitude", "materials", "waiting")


class CaseRatingScreen(CaseStepScreen):
    rating_submitted = Signal(int, tuple, str, bool)  # level, reasons, text, anonymous

    def __init__(self, keyboard: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__("CaseRatingScreen", "case.rating.title", "case.rating.send", parent=parent)
        self.back_button.hide()
        self.cancel_button.setText(tr("case.rating.skip"))
        row = QHBoxLayout()
        self.levels: dict[int, QPushButton] = {}
        for n in range(5, 0, -1):
            b = QPushButton(tr(f"case.rating.level{n}"))
            b.setCheckable(True)
            b.setMinimumHeight(120)
            b.clicked.connect(lambda _=False, k=n: self.pick(k))
            row.addWidget(b)
            self.levels[n] = b
        self.body.addLayout(row)
        self.reasons_label = QLabel(tr("case.rating.why"))
        self.reasons_label.setProperty("role", "title")
        self.body.addWidget(self.reasons_label)
        grid = QGridLayout()
        self.reasons: dict[str, QCheckBox] = {}
        for i, code in enumerate(REASONS):
            box = QCheckBox(tr(f"case.reason.{code}"))
            box.setMinimumHeight(72)
            grid.addWidget(box, i // 3, i % 3)
            self.reasons[code] = box
        self.body.addLayout(grid)
        self.text = QLineEdit()
        self.text.setMinimumHeight(72)
        self.text.setPlaceholderText(tr("case.rating.text"))
        self.body.addWidget(self.text)
        self.anonymous = QCheckBox(tr("case.rating.anonymous"))
        self.anonymous.setMinimumHeight(72)
        self.body.addWidget(self.anonymous)
        self.body.addStretch(1)
        self.keyboard = keyboard
        self.add_keyboard(keyboard)
        # Large ticks: the standard indicator is a few pixels, too small to hit or to see.
        self.setStyleSheet("QCheckBox { spacing: 16px; } QCheckBox::indicator { width: 44px; height: 44px; }")
        self.next_button.clicked.connect(self._send)
        self.level = 0
        self.reset("")

    def reset(self, item_name: str) -> None:
        self.subtitle.setText(item_name)
        self.anonymous.setChecked(True)
        self.text.clear()
        for box in self.reasons.values():
            box.setChecked(False)
        self.set_message("")
        self.pick(0)

    def pick(self, level: int) -> None:
        self.level = level
        for n, b in self.levels.items():
            b.setChecked(n == level)
            # The choice is marked in words too, not by colour alone.
            b.setText(("✓ " if n == level else "") + tr(f"case.rating.level{n}"))
        low = 0 < level <= 2
        for w in (self.reasons_label, self.text, *self.reasons.values()):
            w.setVisible(low)
        if self.keyboard is not None:
            self.keyboard.setVisible(low)
        self.next_button.setEnabled(level > 0)

    def _send(self) -> None:
        reasons = tuple(c for c, box in self.reasons.items() if box.isChecked())
        self.rating_submitted.emit(self.level, reasons, self.text.text(), self.anonymous.isChecked())

"""综合受理 at the window: choose any item (typed on the clerk's keyboard), then check
each material against the checklist (paper received, exempt by e-licence, or 容缺)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import tr
from ui.screens.case_common import CaseStepScreen
from ui.screens.case_materials import state_text
from ui.widgets.reflow import clear_layout


class AcceptanceItemScreen(CaseStepScreen):
    item_chosen = Signal(str)

    def __init__(self, search: Callable[[str], list], parent: QWidget | None = None) -> None:
        super().__init__("AcceptanceItemScreen", "acceptance.items.title", parent=parent)
        self.back_button.hide()
        self.next_button.hide()
        self._search = search
        self.query = QLineEdit()
        self.query.setMinimumHeight(72)
        self.query.setPlaceholderText(tr("acceptance.items.placeholder"))
        self.query.textChanged.connect(self.run_search)
        self.body.addWidget(self.query)
        self.results = QListWidget()
        self.results.setMinimumHeight(400)
        self.results.itemClicked.connect(lambda item: self.item_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.body.addWidget(self.results, 1)

    def reset(self) -> None:
        self.query.clear()
        self.results.clear()
        self.set_message("")
        self.query.setFocus()

    def run_search(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            return
        for s in self._search(text.strip()):
            item = QListWidgetItem(f"{s.task_name}\n{s.dept_name}")
            item.setData(Qt.ItemDataRole.UserRole, s.task_code)
            item.setSizeHint(QSize(10, 80))
            self.results.addItem(item)


class AcceptanceChecklistScreen(CaseStepScreen):
    """One row per material: its state and the clerk's actions."""

    capture_requested = Signal(int)  # the same signal names as the kiosk's materials screen
    tolerate_requested = Signal(int)
    receive_requested = Signal(int)
    undo_requested = Signal(int)
    notice_confirmed = Signal()  # 打印一次性告知单: the clerk refuses the case on purpose

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("AcceptanceChecklistScreen", "case.materials.title", parent=parent)
        # Asked before a refusal prints (finding 10: one tap on 下一步 printed 不予收件):
        # the missing materials named, then print the notice or go back to check.
        self.confirm_box = QFrame()
        self.confirm_box.setProperty("role", "card")
        box = QVBoxLayout(self.confirm_box)
        self.confirm_text = QLabel()
        self.confirm_text.setWordWrap(True)
        self.confirm_text.setProperty("state", "offline")
        box.addWidget(self.confirm_text)
        buttons = QHBoxLayout()
        self.confirm_back_button = QPushButton(tr("acceptance.confirm.back"))
        self.confirm_back_button.clicked.connect(self.hide_confirm)
        self.confirm_notice_button = QPushButton(tr("acceptance.confirm.print"))
        self.confirm_notice_button.setProperty("role", "primary")
        self.confirm_notice_button.clicked.connect(self.notice_confirmed)
        buttons.addWidget(self.confirm_back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_notice_button)
        box.addLayout(buttons)
        self.confirm_box.hide()
        self.body.addWidget(self.confirm_box)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(8)
        self.body.addLayout(self.rows)
        self.state_labels: list[QLabel] = []
        self.receive_buttons: list[QPushButton] = []
        self.tolerate_buttons: list[QPushButton] = []

    def ask_notice(self, missing: list[str]) -> None:
        """Ask before the one-time notice replaces the case: which materials are missing."""
        lines = [tr("acceptance.confirm.missing")] + [f"· {name}" for name in missing]
        self.confirm_text.setText("\n".join(lines))
        self.confirm_box.show()
        self.next_button.setEnabled(False)
        self.confirm_back_button.setFocus()  # the safe choice under the clerk's Enter key

    def hide_confirm(self) -> None:
        self.confirm_box.hide()
        self.next_button.setEnabled(True)

    def show_slots(self, item_name: str, slots, can_tolerate) -> None:
        self.hide_confirm()
        self.subtitle.setText(item_name)
        clear_layout(self.rows)
        self.state_labels, self.receive_buttons, self.tolerate_buttons = [], [], []
        for i, slot in enumerate(slots):
            card = QFrame()
            card.setProperty("role", "card")
            row = QHBoxLayout(card)
            row.setContentsMargins(20, 8, 20, 8)
            name = QLabel(f"{i + 1}. {slot.material.material_name}（{slot.material.is_need}）")
            name.setWordWrap(True)
            state = QLabel(state_text(slot))
            state.setProperty("state", "ok" if slot.settled else ("offline" if slot.needed else "unknown"))
            row.addWidget(name, 3)
            row.addWidget(state, 2)
            got = QPushButton(tr("acceptance.uncheck" if slot.state.value == "received" else "acceptance.check"))
            got.clicked.connect(
                lambda _=False, n=i, s=slot: (
                    self.undo_requested if s.state.value == "received" else self.receive_requested
                ).emit(n)
            )
            got.setVisible(slot.state.value != "exempt")
            tol = QPushButton(tr("case.materials.tolerate"))
            tol.clicked.connect(lambda _=False, n=i: self.tolerate_requested.emit(n))
            tol.setVisible(can_tolerate(i) and slot.state.value != "tolerated")
            row.addWidget(got)
            row.addWidget(tol)
            self.rows.addWidget(card)
            self.state_labels.append(state)
            self.receive_buttons.append(got)
            self.tolerate_buttons.append(tol)
        self.rows.addStretch(1)

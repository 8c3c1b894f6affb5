"""The materials: one row per material with its state — 免提交（电子证照） / 已拍摄 N 页 /
容缺（承诺 yyyy-mm-dd 前补交） / 缺少 — and the document camera's capture screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr, tr_n
from ui.screens.case_common import CaseStepScreen
from ui.widgets.reflow import clear_layout


def state_text(slot) -> str:
    """The row's state in words (the draft's ``MaterialSlot``)."""
    state = slot.state.value
    if state == "captured":
        return tr_n("case.mat.captured", len(slot.pages))
    if state == "tolerated":
        return tr("case.mat.tolerated", due=slot.due.isoformat())
    if state == "missing" and not slot.needed:
        return tr("case.mat.optional")
    return tr(f"case.mat.{state}")


class CaseMaterialsScreen(CaseStepScreen):
    capture_requested = Signal(int)
    tolerate_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("CaseMaterialsScreen", "case.materials.title", parent=parent)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(12)
        self.body.addLayout(self.rows)
        self.state_labels: list[QLabel] = []
        self.capture_buttons: list[QPushButton] = []
        self.tolerate_buttons: list[QPushButton] = []

    def show_slots(self, item_name: str, slots, can_tolerate) -> None:
        self.subtitle.setText(item_name)
        clear_layout(self.rows)
        self.state_labels, self.capture_buttons, self.tolerate_buttons = [], [], []
        for i, slot in enumerate(slots):
            card = QFrame()
            card.setProperty("role", "card")
            row = QHBoxLayout(card)
            row.setContentsMargins(24, 12, 24, 12)
            texts = QVBoxLayout()
            name = QLabel(f"{i + 1}. {slot.material.material_name}")
            name.setWordWrap(True)
            name.setProperty("role", "title")
            state = QLabel(state_text(slot))
            state.setProperty("state", "ok" if slot.settled else ("offline" if slot.needed else "unknown"))
            texts.addWidget(name)
            texts.addWidget(state)
            row.addLayout(texts, 1)
            cap = QPushButton(tr("case.materials.capture"))
            cap.clicked.connect(lambda _=False, n=i: self.capture_requested.emit(n))
            cap.setVisible(slot.state.value != "exempt")
            tol = QPushButton(tr("case.materials.tolerate"))
            tol.clicked.connect(lambda _=False, n=i: self.tolerate_requested.emit(n))
            tol.setVisible(can_tolerate(i) and slot.state.value != "tolerated")
            row.addWidget(cap)
            row.addWidget(tol)
            self.rows.addWidget(card)
            self.state_labels.append(state)
            self.capture_buttons.append(cap)
            self.tolerate_buttons.append(tol)
        self.rows.addStretch(1)


class CaseCaptureScreen(CaseStepScreen):
    """One material under the document camera: the page as captured (found, straightened
    and cropped by the camera), 拍摄 / 再拍一页, 重拍, 完成."""

    shoot_requested = Signal()
    retake_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("CaseCaptureScreen", "case.capture.title", "case.capture.done", parent=parent)
        self.cancel_button.hide()
        self.preview = QLabel(tr("case.capture.place"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(420)
        self.preview.setProperty("role", "title")
        self.body.addWidget(self.preview, 1)
        row = QHBoxLayout()
        self.shoot_button = QPushButton(tr("case.capture.shoot"))
        self.shoot_button.setProperty("role", "primary")
        self.shoot_button.clicked.connect(self.shoot_requested)
        self.retake_button = QPushButton(tr("case.capture.retake"))
        self.retake_button.clicked.connect(self.retake_requested)
        row.addStretch(1)
        row.addWidget(self.retake_button)
        row.addWidget(self.shoot_button)
        row.addStretch(1)
        self.body.addLayout(row)

    def show_material(self, name: str, pages: int, last_page: bytes | None) -> None:
        self.subtitle.setText(name)
        self.shoot_button.setText(tr("case.capture.add_page" if pages else "case.capture.shoot"))
        self.retake_button.setVisible(pages > 0)
        self.shoot_button.setEnabled(True)
        if last_page:
            pix = QPixmap()
            pix.loadFromData(last_page)
            self.preview.setPixmap(
                pix.scaledToHeight(min(520, max(1, self.height() - 360)), Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self.preview.setText(tr("case.capture.place"))
        self.set_message(tr_n("case.capture.pages", pages) if pages else "", "ok")

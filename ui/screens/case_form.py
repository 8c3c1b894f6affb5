"""The item's form: large fields, each error next to its field, the embedded keyboard.

Fields prefilled from a card show masked and cannot be changed (the card identifies)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QScrollArea, QWidget

from ui.i18n import tr
from ui.screens.case_common import CaseStepScreen


class CaseFormScreen(CaseStepScreen):
    def __init__(self, keyboard: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__("CaseFormScreen", "case.form.title", parent=parent)
        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._fixed: dict[str, str] = {}
        self.area = QWidget()
        self.grid = QGridLayout(self.area)
        self.grid.setHorizontalSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.area)
        self.body.addWidget(scroll, 1)
        if keyboard is not None:
            self.body.addWidget(keyboard)

    def show_fields(self, item_name: str, fields, values: dict[str, str], fixed: dict[str, str]) -> None:
        """``fields`` of ``kiosk.cases.forms``; ``fixed``: key -> masked text (from the card)."""
        self.subtitle.setText(item_name)
        self.set_message("")
        while self.grid.count():
            w = self.grid.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.inputs, self.errors, self._fixed = {}, {}, dict(fixed)
        for row, f in enumerate(fields):
            label = QLabel(tr(f.label))
            label.setProperty("role", "title")
            self.grid.addWidget(label, row * 2, 0)
            if f.key in fixed:
                shown = QLabel(fixed[f.key])
                shown.setObjectName(f"fixed_{f.key}")
                self.grid.addWidget(shown, row * 2, 1)
            else:
                edit = QLineEdit(values.get(f.key, ""))
                edit.setMinimumHeight(72)
                edit.setObjectName(f"field_{f.key}")
                self.grid.addWidget(edit, row * 2, 1)
                self.inputs[f.key] = edit
            err = QLabel()
            err.setProperty("state", "offline")
            err.setWordWrap(True)
            self.grid.addWidget(err, row * 2 + 1, 1)
            self.errors[f.key] = err
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.setFocus()

    def values(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.inputs.items()}

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(tr(errors[key]) if key in errors else "")
        if errors:
            self.set_message(tr("case.form.fix"))

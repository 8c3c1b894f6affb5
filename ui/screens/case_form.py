"""The item's form: large fields, each error next to its field, the embedded keyboard.

Fields prefilled from a card show masked and cannot be changed (the card identifies).
A number field asks the pinyin keyboard for its digit pad; in elder mode a form of
numbers only (a phone, a bank card) gets a digit pad of 110 px keys instead of the
pinyin keyboard, whose keys cannot be that large."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from ui.i18n import tr
from ui.qt_app import gui_app
from ui.screens.case_common import CaseStepScreen
from ui.widgets.reflow import clear_layout

if TYPE_CHECKING:  # imported when a pad is asked for: the big keys load on demand
    from ui.widgets.big_keys import DigitPad


class CaseFormScreen(CaseStepScreen):
    def __init__(
        self, keyboard: QWidget | None = None, parent: QWidget | None = None, *, digit_pad: bool = False
    ) -> None:
        super().__init__("CaseFormScreen", "case.form.title", parent=parent)
        self.keyboard = keyboard
        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._fixed: dict[str, str] = {}
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)
        # The keyboard leaves little room: the field being typed into is scrolled into view.
        gui_app().focusChanged.connect(self._focus_changed)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.add_keyboard(keyboard)
        self.digit_pad: DigitPad | None = None
        if digit_pad:
            from ui.widgets.big_keys import DigitPad

            self.digit_pad = DigitPad()
            self.digit_pad.hide()
            self.add_keys(self.digit_pad)

    def show_fields(self, item_name: str, fields, values: dict[str, str], fixed: dict[str, str]) -> None:
        """``fields`` of ``kiosk.cases.forms``; ``fixed``: key -> masked text (from the card)."""
        self.subtitle.setText(item_name)
        self.set_message("")
        clear_layout(self.grid)
        self.inputs, self.errors, self._fixed = {}, {}, dict(fixed)
        for row, f in enumerate(fields):
            label = QLabel(tr(f.label))
            label.setProperty("role", "title")
            self.grid.addWidget(label, row, 0)
            if f.key in fixed:
                shown = QLabel(fixed[f.key])
                shown.setObjectName(f"fixed_{f.key}")
                self.grid.addWidget(shown, row, 1)
            else:
                edit = QLineEdit(values.get(f.key, ""))
                edit.setObjectName(f"field_{f.key}")
                if f.keyboard == "digits":
                    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
                elif f.keyboard == "id":  # digits, and X as the check character
                    edit.setInputMethodHints(
                        Qt.InputMethodHint.ImhPreferNumbers | Qt.InputMethodHint.ImhPreferUppercase
                    )
                self.grid.addWidget(edit, row, 1)
                self.inputs[f.key] = edit
            err = QLabel()
            err.setProperty("state", "offline")
            err.setWordWrap(True)
            self.grid.addWidget(err, row, 2)  # next to its field
            self.errors[f.key] = err
        numbers_only = bool(self.inputs) and all(f.keyboard == "digits" for f in fields if f.key in self.inputs)
        use_pad = self.digit_pad is not None and numbers_only
        if self.digit_pad is not None:
            self.digit_pad.setVisible(use_pad)
            if self.keyboard is not None:
                self.keyboard.setVisible(not use_pad)
        # The keyboard's Enter moves on to the next field, and from the last one is 下一步.
        edits = list(self.inputs.values())
        for edit, after in zip(edits, edits[1:], strict=False):
            edit.returnPressed.connect(after.setFocus)
        if edits:
            edits[-1].returnPressed.connect(self.next_requested)
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            if use_pad and self.digit_pad is not None:
                self.digit_pad.serve(first)
            first.setFocus()

    def values(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.inputs.items()}

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(tr(errors[key]) if key in errors else "")
        if errors:
            self.set_message(tr("case.form.fix"))
            first = next((self.inputs[k] for k in self.inputs if k in errors), None)
            if first is not None:
                first.setFocus()
                self.scroll_area.ensureWidgetVisible(first)

    def _focus_changed(self, _old, new) -> None:
        if new is not None and new in self.inputs.values():
            self.scroll_area.ensureWidgetVisible(new)
            if self.digit_pad is not None and self.digit_pad.isVisibleTo(self):
                self.digit_pad.serve(new)  # the pad types where the citizen tapped

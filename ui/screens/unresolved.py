"""办不成事: a short form (what was tried, what went wrong, an optional phone) and the
screen that shows the reference number while the slip prints."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.unresolved import REASONS
from ui.i18n import tr


def _label(text: str = "", role: str = "", wrap: bool = True) -> QLabel:
    w = QLabel(text)
    if role:
        w.setProperty("role", role)
    w.setWordWrap(wrap)
    return w


def _field(placeholder: str, max_len: int) -> QLineEdit:
    f = QLineEdit()
    f.setPlaceholderText(placeholder)
    f.setMaxLength(max_len)
    f.setMinimumHeight(72)
    return f


class UnresolvedScreen(QWidget):
    """The form. ``submitted`` carries the fields; the controller checks and files them."""

    submitted = Signal(dict)  # {"tried", "task_code", "reasons", "text", "phone"}
    home_requested = Signal()

    def __init__(self, keyboard: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UnresolvedScreen")
        self.task_code = ""
        col = QVBoxLayout(self)
        col.setContentsMargins(32, 16, 32, 16)
        col.setSpacing(8)
        col.addWidget(_label(tr("unresolved.title"), "hero"))
        col.addWidget(_label(tr("unresolved.hint"), "muted"))

        body = QWidget()
        form = QVBoxLayout(body)
        form.setSpacing(8)
        form.addWidget(_label(tr("unresolved.tried_label"), "title"))
        self.tried = _field(tr("unresolved.tried_placeholder"), 200)
        form.addWidget(self.tried)
        form.addWidget(_label(tr("unresolved.reasons_label"), "title"))
        grid = QGridLayout()
        grid.setSpacing(12)
        self.reason_buttons: dict[str, QPushButton] = {}
        for i, code in enumerate(REASONS):
            b = QPushButton(tr(f"unresolved.reason.{code}"))
            b.setCheckable(True)
            b.setMinimumHeight(72)
            b.toggled.connect(lambda on, c=code: self._mark(c, on))
            grid.addWidget(b, i // 2, i % 2)
            self.reason_buttons[code] = b
        form.addLayout(grid)
        form.addWidget(_label(tr("unresolved.text_label"), "title"))
        self.text = _field(tr("unresolved.text_placeholder"), 300)
        form.addWidget(self.text)
        form.addWidget(_label(tr("unresolved.phone_label"), "title"))
        self.phone = _field(tr("unresolved.phone_placeholder"), 16)
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)  # the digit keys
        form.addWidget(self.phone)
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        col.addWidget(scroll, 1)
        self.form_scroll = scroll

        self.message = _label()
        self.message.setProperty("state", "offline")
        self.message.hide()  # shown with a message (set_message)
        col.addWidget(self.message)
        self.keyboard = keyboard
        if keyboard is not None:  # the embedded keyboard, shown once a field is tapped
            keyboard.hide()
            col.addWidget(keyboard)
            for f in (self.tried, self.text, self.phone):
                f.installEventFilter(self)
        row = QHBoxLayout()
        self.home_button = QPushButton(tr("nav.home"))
        self.home_button.clicked.connect(self.home_requested)
        self.submit_button = QPushButton(tr("unresolved.submit"))
        self.submit_button.setProperty("role", "primary")
        self.submit_button.clicked.connect(self._submit)
        row.addWidget(self.home_button)
        row.addStretch(1)
        row.addWidget(self.submit_button)
        col.addLayout(row)
        # The keyboard's Enter moves on to the next field, and from the last one submits.
        self.tried.returnPressed.connect(self.text.setFocus)
        self.text.returnPressed.connect(self.phone.setFocus)
        self.phone.returnPressed.connect(self._submit)

    def start(self, tried: str = "", task_code: str = "") -> None:
        """A fresh form, prefilled with the item when it comes from a guide."""
        self.task_code = task_code
        self.tried.setText(tried)
        self.text.clear()
        self.phone.clear()
        for b in self.reason_buttons.values():
            b.setChecked(False)
        self.set_message("")
        self.submit_button.setEnabled(True)
        if self.keyboard is not None:  # the reasons first: the keyboard comes with a tap on a field
            self.keyboard.hide()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == event.Type.FocusIn and self.keyboard is not None:
            self.keyboard.show()
            # The keyboard leaves little room: the field being typed into comes into view.
            QTimer.singleShot(0, self, lambda: self.form_scroll.ensureWidgetVisible(obj))
        return False

    def _mark(self, code: str, on: bool) -> None:
        """A chosen reason looks chosen in every theme (accent colours and a tick: the
        theme has no :checked rule)."""
        b = self.reason_buttons[code]
        b.setProperty("role", "primary" if on else "")
        b.setText(("✓ " if on else "") + tr(f"unresolved.reason.{code}"))
        b.style().unpolish(b)
        b.style().polish(b)

    def reasons(self) -> list[str]:
        return [code for code, b in self.reason_buttons.items() if b.isChecked()]

    def _submit(self) -> None:
        self.submitted.emit(
            {
                "tried": self.tried.text(),
                "task_code": self.task_code,
                "reasons": self.reasons(),
                "text": self.text.text(),
                "phone": self.phone.text(),
            }
        )

    def set_message(self, text: str) -> None:
        self.message.setText(text)
        # No message, no room taken: elder mode's keys need every line of the screen
        # (an empty line of 52 px left them 15 px short, their last row under the buttons).
        self.message.setVisible(bool(text))


class UnresolvedDoneScreen(QWidget):
    """已收到: the reference number large, what happens next, the slip's state."""

    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UnresolvedDoneScreen")
        col = QVBoxLayout(self)
        col.setContentsMargins(48, 32, 48, 32)
        col.setSpacing(16)
        col.addWidget(_label(tr("unresolved.done_title"), "hero"))
        col.addWidget(_label(tr("unresolved.slip_reference"), "muted"))
        self.reference = _label("", "hero", wrap=False)
        col.addWidget(self.reference)
        self.text = _label()
        col.addWidget(self.text)
        self.print_state = _label()
        col.addWidget(self.print_state)
        col.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.done_button = QPushButton(tr("unresolved.done"))
        self.done_button.setProperty("role", "primary")
        self.done_button.clicked.connect(self.done_requested)
        row.addWidget(self.done_button)
        col.addLayout(row)

    def show_report(self, reference: str, lines: list[str]) -> None:
        self.reference.setText(reference)
        self.text.setText("\n".join(lines))

    def set_print_state(self, text: str) -> None:
        self.print_state.setText(text)

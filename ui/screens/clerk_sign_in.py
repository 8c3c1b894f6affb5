"""The window's sign-in (staff number + PIN) and its lock screen (the clerk's PIN).

Both take digits from the window's keyboard or from a big on-screen pad; the PIN is
shown as dots. Nothing of a citizen is on either screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QInputMethodQueryEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr

PAD_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK")


class _DigitPad(QWidget):
    """Big keys that type into whichever of the fields last had the focus."""

    def __init__(self, fields: list[QLineEdit], on_ok, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fields = fields
        self._target = fields[0]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setSpacing(10)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(PAD_KEYS):
            b = QPushButton(tr("desk.ok") if key == "OK" else key)
            b.setMinimumSize(132, 88)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
            if key == "OK":
                b.setProperty("role", "primary")
                b.clicked.connect(on_ok)
            else:
                b.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(b, i // 3, i % 3)
            self.keys[key] = b
        for f in fields:
            f.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == event.Type.FocusIn and obj in self._fields:
            self._target = obj
        if isinstance(event, QInputMethodQueryEvent) and obj in self._fields:
            # No input method: a QLineEdit says "enabled" whatever its attribute says, and
            # on the kiosk (a helper signs in) a second tap on the field brought up the
            # virtual keyboard's own panel over this pad (as ui/widgets/big_keys.py).
            obj.event(event)
            event.setValue(Qt.InputMethodQuery.ImEnabled, False)
            return True
        return False

    def _press(self, key: str) -> None:
        # The window's focus widget holds even while the window is not active (a
        # FocusIn only comes with activation).
        focused = self.window().focusWidget()
        f = focused if focused in self._fields else self._target
        if key == "⌫":
            f.backspace()
        elif len(f.text()) < f.maxLength():
            f.insert(key)


def _field(placeholder: str, secret: bool) -> QLineEdit:
    f = QLineEdit()
    f.setPlaceholderText(placeholder)
    f.setMaxLength(12 if secret else 32)
    f.setMinimumHeight(80)
    f.setMinimumWidth(420)
    # Digits and letters only: no input method (the pad is the touch keyboard here).
    f.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    if secret:
        f.setEchoMode(QLineEdit.EchoMode.Password)
    return f


class _PadScreen(QWidget):
    """A card in the middle: title, fields, message, the pad."""

    def _build(self, title: str, subtitle: str, fields: list[QLineEdit]) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addStretch(1)
        card = QFrame()
        card.setProperty("role", "card")
        col = QVBoxLayout(card)
        col.setContentsMargins(48, 24, 48, 24)
        col.setSpacing(8)
        self.title = QLabel(title)
        self.title.setProperty("role", "hero")
        self.subtitle = QLabel(subtitle)
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setWordWrap(True)
        col.addWidget(self.title, alignment=Qt.AlignmentFlag.AlignHCenter)
        # Centred text across the card, not a centred label: a layout gives an aligned
        # label its one-line height, and the English hint on two lines was cut in half.
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(self.subtitle)
        body = QHBoxLayout()  # fields on the left, the pad on the right: fits 1920x1080 and less
        body.setSpacing(40)
        self.form = QVBoxLayout()
        self.form.setSpacing(8)
        self.field_names: list[QLabel] = []
        for f in fields:
            f.returnPressed.connect(self._submit)
            name = QLabel(f.placeholderText())  # stays when the field is filled
            name.setProperty("role", "muted")
            self.form.addWidget(name)
            self.form.addWidget(f)
            self.field_names.append(name)
        self.message = QLabel()
        self.message.setProperty("state", "offline")
        self.message.setWordWrap(True)
        self.message.setMaximumWidth(460)
        self.form.addWidget(self.message)
        self.form.addStretch(1)
        body.addLayout(self.form)
        self.pad = _DigitPad(fields, self._submit)
        body.addWidget(self.pad, alignment=Qt.AlignmentFlag.AlignTop)
        col.addLayout(body)
        outer.addWidget(card, alignment=Qt.AlignmentFlag.AlignVCenter)
        outer.addStretch(1)

    def _submit(self) -> None:
        raise NotImplementedError

    def set_message(self, text: str) -> None:
        self.message.setText(text)

    def _name_fields(self, fields: list[tuple[QLineEdit, str]]) -> None:
        """Each field's placeholder and the name above it, in the language now chosen."""
        for (field, key), name in zip(fields, self.field_names, strict=True):
            field.setPlaceholderText(tr(key))
            name.setText(tr(key))
        self.pad.keys["OK"].setText(tr("desk.ok"))


class ClerkSignInScreen(_PadScreen):
    """工作人员登录: staff number and PIN, checked at the hub."""

    submitted = Signal(str, str)  # staff number, PIN

    def __init__(self, window_no: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClerkSignInScreen")
        self.window_no = window_no
        self.staff = _field(tr("desk.staff_number"), secret=False)
        self.pin = _field(tr("desk.pin"), secret=True)
        self._build(tr("desk.sign_in_title", window_no=window_no), tr("desk.sign_in_hint"), [self.staff, self.pin])
        self.set_ready(False)

    def retranslate(self) -> None:
        """Every text in the language now chosen (a message shown goes: it was in the other)."""
        self.title.setText(tr("desk.sign_in_title", window_no=self.window_no))
        self.subtitle.setText(tr("desk.sign_in_hint"))
        self._name_fields([(self.staff, "desk.staff_number"), (self.pin, "desk.pin")])
        self.set_message("" if self._ready else tr("desk.connecting"))

    def set_ready(self, ready: bool) -> None:
        """Until the hub connection exists nobody can sign in: say so."""
        self.pad.keys["OK"].setEnabled(ready)
        self._ready = ready
        if not ready:
            self.set_message(tr("desk.connecting"))
        elif self.message.text() == tr("desk.connecting"):
            self.set_message("")

    def set_busy(self, busy: bool) -> None:
        self.pad.keys["OK"].setEnabled(self._ready and not busy)

    def _submit(self) -> None:
        staff, pin = self.staff.text().strip(), self.pin.text()
        if not self._ready or not self.pad.keys["OK"].isEnabled():
            return
        if not staff or not pin:
            self.set_message(tr("desk.fill_both"))
            (self.pin if staff else self.staff).setFocus()
            return
        self.pin.clear()
        self.set_message("")
        self.submitted.emit(staff, pin)

    def reset(self) -> None:
        self.staff.clear()
        self.pin.clear()
        self.staff.setFocus()


class ClerkLockScreen(_PadScreen):
    """窗口已锁定: only the signed-in clerk's PIN opens it; a citizen sees nothing."""

    submitted = Signal(str)  # PIN
    sign_out_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClerkLockScreen")
        self.pin = _field(tr("desk.pin"), secret=True)
        self._build(tr("desk.locked_title"), "", [self.pin])
        self.sign_out = QPushButton(tr("desk.switch_clerk"))
        self.sign_out.clicked.connect(self.sign_out_requested)
        self.form.insertWidget(self.form.count() - 1, self.sign_out)
        # Whether the hall server answers: a clerk back at a locked window knows before
        # unlocking that calling is unavailable (the PIN itself is checked here).
        self.hub_state = QLabel(tr("desk.hub.unknown"))
        self.hub_state.setWordWrap(True)
        self.form.insertWidget(self.form.count() - 1, self.hub_state)

    def retranslate(self) -> None:
        """The fixed texts in the language now chosen (the whose-lock line comes with
        the next ``show_for``)."""
        self.title.setText(tr("desk.locked_title"))
        self.sign_out.setText(tr("desk.switch_clerk"))
        self._name_fields([(self.pin, "desk.pin")])

    def show_for(self, staff_name: str, staff_number: str) -> None:
        self.subtitle.setText(tr("desk.locked_hint", name=staff_name, staff=staff_number))
        self.pin.clear()
        self.pin.setFocus()

    def set_hub(self, hub: str) -> None:
        """``online`` | ``offline`` | ``unknown``, in words and in the state's colour."""
        self.hub_state.setText(tr(f"desk.hub.{hub}"))
        self.hub_state.setProperty("state", {"online": "ok", "offline": "offline"}.get(hub, "unknown"))
        self.hub_state.style().unpolish(self.hub_state)
        self.hub_state.style().polish(self.hub_state)

    def _submit(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        if pin:
            self.submitted.emit(pin)

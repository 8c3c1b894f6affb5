"""Elder mode's keys a finger cannot miss: 26 letters for the search, a digit pad for
the numbers a form asks for (a phone, a bank card).

The pinyin keyboard's keys cannot reach elder mode's 110 px on a 1080 px wide portrait
screen (a QWERTY row is 11 keys), and its candidate bar asks for a choice among small
characters. The catalog's search finds items by pinyin and initials as typed (户口:
``hukou`` or ``hk``), so elder mode's search needs letters only: in alphabetical order,
which needs no knowledge of a computer keyboard, 7 keys a row on a portrait screen and
14 on a landscape one. A form whose fields are all numbers gets 12 keys, as on a phone.
The keys never take the focus: they type into the field they serve.
"""

from __future__ import annotations

import string

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodQueryEvent
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from ui.i18n import tr
from ui.widgets.reflow import ReflowGrid


class BigKeys(ReflowGrid):
    """Keys that type into ``target`` (a QLineEdit), with ⌫ and 清空."""

    def __init__(self, portrait: int, landscape: int, parent: QWidget | None = None) -> None:
        super().__init__(portrait=portrait, landscape=landscape, spacing=8, parent=parent)
        self.target: QLineEdit | None = None
        self._silenced: set[int] = set()
        self.keys: dict[str, QPushButton] = {}

    def serve(self, target: QLineEdit) -> None:
        """Type into ``target`` from now on."""
        if id(target) not in self._silenced:
            self._silenced.add(id(target))
            # No input method for this field: the virtual keyboard's plug-in would otherwise
            # build its own pinyin panel for it (a QLineEdit says "input method enabled"
            # whatever its attribute says, so its answer is changed).
            target.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
            target.installEventFilter(self)
        self.target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QInputMethodQueryEvent) and isinstance(watched, QLineEdit):
            watched.event(event)  # the field's own answers, then "no input method"
            event.setValue(Qt.InputMethodQuery.ImEnabled, False)
            return True
        return super().eventFilter(watched, event)

    def add_key(self, name: str, label: str, press) -> None:
        key = QPushButton(label)
        key.setObjectName(f"key_{name}")
        key.setProperty("role", "key")
        # The field keeps the focus (and with it the voice guide's echo of what is typed).
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.setAutoRepeat(name == "backspace")
        key.clicked.connect(press)
        self.keys[name] = key
        self.add(key)

    def add_backspace(self) -> None:
        self.add_key("backspace", "⌫", self._backspace)
        self.keys["backspace"].setAccessibleName(tr("keyboard.backspace"))

    def add_clear(self) -> None:
        self.add_key("clear", tr("keyboard.clear"), self._clear)

    def type_text(self, text: str) -> None:
        if self.target is not None:
            self.target.insert(text)

    def _backspace(self) -> None:
        if self.target is not None:
            self.target.backspace()

    def _clear(self) -> None:
        # As the user's own edit (selectAll + del), so the field reports textEdited like a
        # key would: clear() is silent.
        if self.target is not None:
            self.target.selectAll()
            self.target.del_()


class LetterKeyboard(BigKeys):
    def __init__(self, target: QLineEdit, parent: QWidget | None = None) -> None:
        # 28 keys: 4 rows of 7 upright, 2 rows of 14 across; whole rows either way.
        super().__init__(portrait=7, landscape=14, parent=parent)
        self.setObjectName("LetterKeyboard")
        self.serve(target)
        for letter in string.ascii_lowercase:
            self.add_key(letter, letter.upper(), lambda _=False, ch=letter: self.type_text(ch))
        self.add_backspace()
        self.add_clear()


class DigitPad(BigKeys):
    """1-9, then ⌫ 0 清空, as on a phone; 3 a row upright, 6 across (2 rows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(portrait=3, landscape=6, parent=parent)
        self.setObjectName("DigitPad")
        for digit in "123456789":
            self.add_key(digit, digit, lambda _=False, ch=digit: self.type_text(ch))
        self.add_backspace()
        self.add_key("0", "0", lambda: self.type_text("0"))
        self.add_clear()

"""Elder mode's search keyboard: 26 letters, ⌫ and 清空 as keys a finger cannot miss.

The pinyin keyboard's keys cannot reach elder mode's 110 px on a 1080 px wide portrait
screen (a QWERTY row is 11 keys), and its candidate bar asks for a choice among small
characters. The catalog's search finds items by pinyin and initials as typed (户口:
``hukou`` or ``hk``), so elder mode needs letters only: in alphabetical order, which
needs no knowledge of a computer keyboard, 7 keys a row on a portrait screen and 14 on
a landscape one. The keys never take the focus: they type into the field given.
"""

from __future__ import annotations

import string

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodQueryEvent
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from ui.i18n import tr
from ui.widgets.reflow import ReflowGrid


class LetterKeyboard(ReflowGrid):
    def __init__(self, target: QLineEdit, parent: QWidget | None = None) -> None:
        # 28 keys: 4 rows of 7 upright, 2 rows of 14 across; whole rows either way.
        super().__init__(portrait=7, landscape=14, spacing=8, parent=parent)
        self.setObjectName("LetterKeyboard")
        self.target = target
        # No input method for this field: the virtual keyboard's plug-in would otherwise
        # build its own pinyin panel for it (a QLineEdit says "input method enabled"
        # whatever its attribute says, so its answer is changed).
        target.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        target.installEventFilter(self)
        self.keys: dict[str, QPushButton] = {}
        for letter in string.ascii_lowercase:
            self._key(letter, letter.upper(), lambda _=False, ch=letter: self.target.insert(ch))
        self._key("backspace", "⌫", lambda: self.target.backspace())
        self.keys["backspace"].setAccessibleName(tr("keyboard.backspace"))
        self._key("clear", tr("keyboard.clear"), self._clear)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and isinstance(event, QInputMethodQueryEvent):
            watched.event(event)  # the field's own answers, then "no input method"
            event.setValue(Qt.InputMethodQuery.ImEnabled, False)
            return True
        return super().eventFilter(watched, event)

    def _key(self, name: str, label: str, press) -> None:
        key = QPushButton(label)
        key.setObjectName(f"key_{name}")
        key.setProperty("role", "key")
        # The search field keeps the focus (and with it the voice guide's echo of what is typed).
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.setAutoRepeat(name == "backspace")
        key.clicked.connect(press)
        self.keys[name] = key
        self.add(key)

    def _clear(self) -> None:
        # As the user's own edit (selectAll + del), so the field reports textEdited like a
        # key would: clear() is silent.
        self.target.selectAll()
        self.target.del_()

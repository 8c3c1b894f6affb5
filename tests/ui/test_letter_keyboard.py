"""Elder mode's letter keys: they type into the search field as the user's own edits
(so the voice guide echoes them), never take its focus, and lie in whole rows on both
reference screens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodQueryEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from ui.widgets.letter_keyboard import LetterKeyboard

pytestmark = pytest.mark.gui


@pytest.fixture
def board(qtbot):
    page = QWidget()
    field = QLineEdit()
    keys = LetterKeyboard(field)
    col = QVBoxLayout(page)
    col.addWidget(field)
    col.addWidget(keys)
    qtbot.addWidget(page)
    page.resize(1920, 1080)
    page.show()
    field.setFocus()
    return page, field, keys


def test_keys_type_as_edits_and_leave_the_focus_in_the_field(qtbot, board) -> None:
    page, field, keys = board
    edits = []
    field.textEdited.connect(edits.append)
    for name in ("h", "u", "k", "backspace"):
        qtbot.mouseClick(keys.keys[name], Qt.MouseButton.LeftButton)
    assert field.text() == "hu"
    assert edits == ["h", "hu", "huk", "hu"]
    assert all(k.focusPolicy() == Qt.FocusPolicy.NoFocus for k in keys.keys.values())
    qtbot.mouseClick(keys.keys["clear"], Qt.MouseButton.LeftButton)
    assert field.text() == "" and edits[-1] == ""
    # The input method is told the field takes none (else the virtual keyboard's plug-in
    # builds its own pinyin panel for it); the field's other answers still come through.
    query = QInputMethodQueryEvent(Qt.InputMethodQuery.ImEnabled | Qt.InputMethodQuery.ImCursorPosition)
    QApplication.sendEvent(field, query)
    assert query.value(Qt.InputMethodQuery.ImEnabled) is False
    assert query.value(Qt.InputMethodQuery.ImCursorPosition) == 0


@pytest.mark.parametrize(("size", "columns"), [((1920, 1080), 14), ((1080, 1920), 7)])
def test_whole_rows_on_either_screen(qtbot, board, size, columns) -> None:
    page, field, keys = board
    page.resize(*size)
    qtbot.waitUntil(lambda: keys._columns == columns)

    def rows() -> list[int]:
        by_top: dict[int, int] = {}
        for key in keys.keys.values():
            by_top[key.y()] = by_top.get(key.y(), 0) + 1
        return list(by_top.values())

    qtbot.waitUntil(lambda: rows() == [columns] * (28 // columns))

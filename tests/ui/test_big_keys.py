"""Elder mode's letter keys: they type into the search field as the user's own edits
(so the voice guide echoes them), never take its focus, and lie in whole rows on both
reference screens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodQueryEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from ui.widgets.big_keys import LetterKeyboard

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


def test_the_digit_pad_types_into_the_field_the_citizen_tapped(qtbot) -> None:
    from ui.widgets.big_keys import DigitPad

    page = QWidget()
    phone, card = QLineEdit(), QLineEdit()
    pad = DigitPad()
    col = QVBoxLayout(page)
    for w in (phone, card, pad):
        col.addWidget(w)
    qtbot.addWidget(page)
    page.show()
    pad.serve(phone)
    for key in "138":
        qtbot.mouseClick(pad.keys[key], Qt.MouseButton.LeftButton)
    pad.serve(card)
    for key in ("6", "2", "backspace", "0"):
        qtbot.mouseClick(pad.keys[key], Qt.MouseButton.LeftButton)
    assert (phone.text(), card.text()) == ("138", "60")
    assert sorted(pad.keys) == sorted([*"0123456789", "backspace", "clear"])


@pytest.mark.parametrize(
    ("fields", "pad_shown"),
    [
        (("phone", "bank_account"), True),
        (("phone", "address"), False),
        (("id_number", "phone"), False),  # an ID number may end in X: not a digit pad's
    ],
)
def test_an_elder_form_of_numbers_gets_the_digit_pad(qtbot, fields, pad_shown) -> None:
    """Elder mode: a form of numbers only gets 110 px digit keys; one with a text field
    keeps the pinyin keyboard (a name or an address needs characters)."""
    from kiosk.cases.forms import APPLICANT_FIELDS, EXTRA_FIELDS
    from ui.screens.case_form import CaseFormScreen

    stand_in = QWidget()  # where the pinyin keyboard would be
    form = CaseFormScreen(stand_in, digit_pad=True)
    qtbot.addWidget(form)
    form.resize(1920, 1080)
    form.show()
    known = {f.key: f for f in (*APPLICANT_FIELDS, *(f for extra in EXTRA_FIELDS.values() for f in extra))}
    chosen = [known[key] for key in fields]
    form.show_fields("高龄津贴申领", chosen, {}, {})
    assert form.digit_pad.isVisible() is pad_shown and stand_in.isVisible() is not pad_shown
    first = next(iter(form.inputs))
    if pad_shown:
        for key in "139":
            qtbot.mouseClick(form.digit_pad.keys[key], Qt.MouseButton.LeftButton)
        assert form.inputs[first].text() == "139"  # the first field has the focus
    digits = form.inputs["phone"].inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly
    assert digits == Qt.InputMethodHint.ImhDigitsOnly  # the pinyin keyboard shows its digit pad

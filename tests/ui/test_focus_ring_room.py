"""The focus ring never clips a label: a focused button keeps the room its text had
(issue 14, finding 15: "Apply now", "Search", "‹ Back" and 演示控制 lost letters when
the 6-8 px ring took the place of the 2 px border inside a box sized for the border)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget

from ui import theme

pytestmark = pytest.mark.gui

LABELS = ("Apply now", "Search", "‹ Back", "演示控制")


def _label_ink(b: QPushButton, ring_px: int) -> int:
    """Pixels of the label as drawn: in the middle third of the height, inside the
    widest ring, those that differ from the button's own background."""
    image = b.grab().toImage()
    ratio = image.devicePixelRatio()
    h, w = image.height(), image.width()
    background = image.pixelColor(w // 2, int((ring_px + 2) * ratio))  # the padding above the text
    ink = 0
    for y in range(h // 3, 2 * h // 3):
        for x in range(int((ring_px + 1) * ratio), w - int((ring_px + 1) * ratio)):
            c = image.pixelColor(x, y)
            diff = (
                abs(c.red() - background.red())
                + abs(c.green() - background.green())
                + abs(c.blue() - background.blue())
            )
            ink += diff > 96
    return ink


@pytest.mark.parametrize("name", sorted(theme.THEMES))
@pytest.mark.parametrize("role", ["", "primary", "tile"])
def test_a_focused_button_has_the_room_its_label_needs(qtbot, name: str, role: str) -> None:
    t = theme.THEMES[name]
    app = QApplication.instance()
    app.setStyleSheet(theme.style_sheet(t))
    try:
        box = QWidget()
        row = QHBoxLayout(box)
        buttons = [QPushButton(text) for text in LABELS]
        for b in buttons:
            b.setProperty("role", role)
            row.addWidget(b)
        row.addStretch(1)  # each button as wide as it asks to be, no wider
        qtbot.addWidget(box)
        box.show()
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow)
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the labels read first with no ring
        box.setFocus()
        qtbot.waitUntil(box.hasFocus)
        unfocused = [_label_ink(b, t.focus_px) for b in buttons]
        assert all(unfocused)
        for b, whole in zip(buttons, unfocused, strict=True):
            b.setFocus()
            qtbot.waitUntil(b.hasFocus)
            # The same letters, none cut: the ring took the padding's room, not the text's.
            assert _label_ink(b, t.focus_px) == whole, (name, role, b.text())
    finally:
        app.setStyleSheet("")

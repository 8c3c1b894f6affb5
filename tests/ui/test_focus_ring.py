"""The keypad's focus ring: thick and high contrast in every theme (ADA §707, WCAG
2.4.7 / 2.4.13), drawn on plain buttons, tiles and primary buttons alike."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget

from ui import theme

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("name", sorted(theme.THEMES))
def test_the_ring_is_thick_and_stands_out_from_the_page(name: str) -> None:
    t = theme.THEMES[name]
    ring = theme.focus_colour(t)
    assert theme.contrast_ratio(ring, t.bg) >= 3.0 and theme.contrast_ratio(ring, t.surface) >= 3.0
    assert t.focus_px >= 6  # three times the 2 px border every button has anyway
    if name == "high_contrast":
        assert ring != t.border  # white borders everywhere: the ring must be another colour


@pytest.mark.parametrize("name", sorted(theme.THEMES))
@pytest.mark.parametrize("role", ["", "tile", "primary"])
def test_the_focused_button_is_drawn_with_the_ring(qtbot, name: str, role: str) -> None:
    t = theme.THEMES[name]
    app = QApplication.instance()
    app.setStyleSheet(theme.style_sheet(t))
    try:
        box = QWidget()
        row = QHBoxLayout(box)
        buttons = [QPushButton("办事指南"), QPushButton("取号")]
        for b in buttons:
            b.setProperty("role", role)
            row.addWidget(b)
        qtbot.addWidget(box)
        box.show()
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow)
        buttons[0].setFocus()
        qtbot.waitUntil(buttons[0].hasFocus)
        ring = QColor(theme.focus_colour(t))
        for b, focused in zip(buttons, (True, False), strict=True):
            image = b.grab().toImage()
            # Inside the border, half-way down, past the rounded corner.
            x = t.focus_px // 2 + 1
            edge = image.pixelColor(int(x * image.devicePixelRatio()), image.height() // 2)
            assert (edge.name() == ring.name()) is focused, (name, role, focused, edge.name())
    finally:
        app.setStyleSheet("")

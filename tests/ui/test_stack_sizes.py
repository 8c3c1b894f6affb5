"""A stack is as large as the page on show, also when a page joins it later (the kiosk
builds its heavy screens ahead at idle): found by the floor walk, the search page built
for a landscape shape made the kiosk 1764 px wide in elder mode on a 1080 px screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QWidget

from ui.widgets.reflow import size_to_current

pytestmark = pytest.mark.gui


def test_a_page_added_later_does_not_widen_the_stack(qtbot) -> None:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    stack.addWidget(QLabel("首页"))
    size_to_current(stack)
    narrow = stack.minimumSizeHint().width()

    wide = QWidget()  # a page laid out for another shape, not shown yet: its layout
    row = QHBoxLayout(wide)  # asks for 1700 px (fourteen big keys a row)
    keys = QWidget()
    keys.setMinimumWidth(1700)
    row.addWidget(keys)
    stack.addWidget(wide)
    qtbot.waitUntil(lambda: stack.minimumSizeHint().width() == narrow)

    stack.setCurrentWidget(wide)  # shown, it counts
    qtbot.waitUntil(lambda: stack.minimumSizeHint().width() >= 1700)

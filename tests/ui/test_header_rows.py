"""The header is one row on a screen across and two on an upright one, decided by the
window's shape: found by the floor walk, a window going from 1080x900 to 1080x1920 kept
the header one row (its own width did not change) and cut off 呼叫帮助 and 语音播报."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ui.widgets.header import HeaderWidget

pytestmark = pytest.mark.gui


def _window(qtbot) -> tuple[QWidget, HeaderWidget]:
    window = QWidget()
    header = HeaderWidget("西安市政务服务中心", "自助服务")
    for text in ("呼叫帮助", "演示控制", "语音播报：关"):
        header.add_action(QPushButton(text))
    QVBoxLayout(window).addWidget(header)
    window.layout().addStretch(1)
    qtbot.addWidget(window)
    return window, header


def _two_rows(header: HeaderWidget) -> bool:
    return header.subtitle.y() > header.title.y() + header.title.height() // 2


@pytest.mark.parametrize("first", [(1080, 900), (1920, 1080)])
def test_an_upright_window_gets_two_rows_whatever_came_before(qtbot, first) -> None:
    window, header = _window(qtbot)
    window.resize(*first)
    window.show()
    qtbot.waitUntil(lambda: not _two_rows(header))
    window.resize(1080, 1920)
    qtbot.waitUntil(lambda: _two_rows(header))
    for b in header.findChildren(QPushButton):
        assert b.width() >= b.sizeHint().width(), b.text()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: not _two_rows(header))

"""The 呼叫帮助 button on a kiosk without its services yet (no outbox, no hub): it is in
the header all the same, says plainly where to go, follows the language, and the
helper's long press leads to a sign-in that checks its fields and can be left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.app import apply_fonts, start_role
from ui.widgets.help_button import LONG_PRESS_MS

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


def test_help_without_an_outbox_sends_the_citizen_to_the_desk(qtbot, make_core) -> None:
    core = make_core("kiosk")
    apply_fonts(QApplication.instance())
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(window.isVisible)
    assist = window.assist
    assert core.cases is None and assist.help_button.isVisible() and assist.help_button.text() == "呼叫帮助"
    assert not window.home.unresolved_button.isVisible()  # 办不成事 needs the outbox
    qtbot.mouseClick(assist.help_button, LEFT)
    assert window.stack.currentWidget() is assist.help_screen
    assert assist.help_screen.text.text() == "本机暂时无法呼叫，请到咨询服务台找工作人员"
    assert not assist.desk.help_sent  # nothing was sent, so a later tap tries again
    qtbot.mouseClick(assist.help_screen.back_button, LEFT)
    assert window.stack.currentWidget() is window.home

    qtbot.mousePress(assist.help_button, LEFT)
    qtbot.wait(LONG_PRESS_MS + 200)
    qtbot.mouseRelease(assist.help_button, LEFT)
    screen = assist.sign_in_screen
    assert window.stack.currentWidget() is screen and screen.title.text() == "帮办人员登录"
    qtbot.mouseClick(screen.pad.keys["OK"], LEFT)
    assert screen.message.text() == "请填写工号和密码"  # the clerk sign-in's own check
    qtbot.mouseClick(screen.cancel_button, LEFT)
    assert window.stack.currentWidget() is window.home and assist.helper is None

    qtbot.mouseClick(window.home.language_button, LEFT)
    assert assist.help_button.text() == "Help" and assist.sign_in_screen is None  # rebuilt in English
    core.visit.end()
    qtbot.waitUntil(lambda: assist.help_button.text() == "呼叫帮助")

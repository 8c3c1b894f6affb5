"""The 取号 screens on their own, fed with the core's values: every theme and language
fits a 1920×1080 / 1080×1920 screen, meets the size floors, and shows words, not keys."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from kiosk.queue.ticketing import ServiceChoice, TakenTicket
from ui import i18n, theme
from ui.screens.ticket_done import TicketDoneScreen
from ui.screens.ticket_services import TicketServicesScreen, opens_text, tile_texts

pytestmark = pytest.mark.gui
RAW_KEY = re.compile(r"\b[a-z_]+\.[a-z0-9_.]+\b")
HEADER_PX = 110  # the role window's header strip, generously
MONDAY = dt.datetime(2026, 12, 7, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
SERVICES = [
    ServiceChoice("A", "A", "综合受理", True),
    ServiceChoice("B", "B", "社保医保", True),
    ServiceChoice("C", "C", "不动产登记", False, MONDAY, "weekday"),
    ServiceChoice("G", "G", "绿色通道（老年人、残疾人、孕妇）", True),
]
PAPER_OUT = TakenTicket(
    "2d38",
    "A003",
    "A",
    "综合受理",
    "waiting",
    12,
    30,
    None,
    "http://h/q/2d38",
    priority="elderly",
    already_held=True,
    print_state="failed",
    print_error="device.printer.paper_out",
)


@pytest.fixture(params=[(t, lang) for t in theme.THEMES for lang in ("zh_CN", "en")], ids=lambda p: f"{p[0]}-{p[1]}")
def styled(request, qtbot):
    name, lang = request.param
    app = QApplication.instance()
    app.setStyleSheet(theme.style_sheet(theme.THEMES[name]))
    i18n.set_language(lang)
    yield theme.THEMES[name]
    i18n.set_language("zh_CN")
    app.setStyleSheet(theme.style_sheet(theme.NORMAL))


def _screens(qtbot):
    services = TicketServicesScreen()
    services.show_services(SERVICES)
    services.show_identity("张**", True)
    services.set_message(i18n.tr("queue.hub_unreachable"), "offline")
    done = TicketDoneScreen()
    done.show_ticket(PAPER_OUT)
    for w in (services, done):
        qtbot.addWidget(w)
        w.resize(1080, 1920 - HEADER_PX)
        w.show()
    QApplication.processEvents()
    return services, done


def test_screens_fit_meet_the_floors_and_show_words(qtbot, styled) -> None:
    t = styled
    for screen in _screens(qtbot):
        # Both reference screens; the choices reflow with the shape (ui.widgets.reflow).
        for width, height in ((1080, 1920), (1920, 1080)):
            screen.resize(width, height - HEADER_PX)
            QApplication.processEvents()
            hint = screen.minimumSizeHint()
            assert hint.height() + HEADER_PX <= height and hint.width() <= width, (screen.objectName(), hint)
        for label in screen.findChildren(QLabel):
            if label.isVisible() and label.text():
                assert label.fontInfo().pixelSize() >= t.body_px, label.text()
                assert not RAW_KEY.search(label.text()), label.text()  # words, not a message key
        for button in screen.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= t.target_px and button.width() >= t.target_px, button.text()


def test_the_done_screen_out_of_paper(qtbot) -> None:
    _, done = _screens(qtbot)
    assert done.number.text() == "A003" and done.number.fontInfo().pixelSize() >= 200
    assert done.heading.text() == "您已取号 A003，前面还有 12 人"
    assert done.ahead.text() == "前面还有 12 人 · 预计等候约 30 分钟" and done.priority.text() == "长者优先"
    assert done.print_state.text() == "排队号未能打印：打印机缺纸"
    assert "请记下您的号码 A003" in done.write_down.text() and done.reprint_button.isVisible()
    assert done.announcement == "您已取号，号码是A零零三号，前面还有12人，请留意叫号"


def test_closed_tiles_say_when_they_open(qtbot) -> None:
    services, _ = _screens(qtbot)
    assert tile_texts(services.tiles["C"]) == ["不动产登记", "周一 08:30 开始取号"]
    assert not services.tiles["C"].isEnabled() and services.tiles["A"].isEnabled()
    assert "dashed" in services.tiles["C"].styleSheet() and services.tiles["A"].styleSheet() == ""
    services.set_busy(True)
    assert not services.tiles["A"].isEnabled()
    services.set_busy(False)
    assert services.tiles["A"].isEnabled() and not services.tiles["C"].isEnabled()
    today = ServiceChoice("B", "B", "社保医保", False, MONDAY.replace(hour=13, minute=30), "today")
    assert opens_text(today) == "今天 13:30 开始取号"
    assert opens_text(ServiceChoice("B", "B", "x", False, MONDAY, "tomorrow")) == "明天 08:30 开始取号"
    assert opens_text(ServiceChoice("B", "B", "x", False)) == "暂停取号"
    i18n.set_language("en")
    assert opens_text(today) == "Numbers from today 13:30"
    i18n.set_language("zh_CN")


def test_priority_is_one_optional_choice_and_the_card_only_suggests(qtbot) -> None:
    services, _ = _screens(qtbot)
    assert services.priority == "elderly" and services.priority_note.isVisible()  # suggested by the card
    assert services.priority_buttons["elderly"].text() == "✓ 长者"  # chosen looks chosen, not by colour alone
    assert services.priority_buttons["elderly"].property("role") == "primary"
    services.priority_buttons["pregnant"].click()
    assert services.priority == "pregnant" and not services.priority_buttons["elderly"].isChecked()
    assert services.priority_buttons["elderly"].text() == "长者"
    assert services.priority_buttons["pregnant"].text() == "✓ 孕妇"
    services.priority_buttons["pregnant"].click()
    assert services.priority is None
    services.reset()
    assert services.priority is None and services.card_hint.text() == "刷身份证取号：将身份证放在读卡区（可不刷）"
    assert services.message.text() == ""

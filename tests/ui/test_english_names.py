"""English everywhere the product or the hall file names it (issue 14, finding 15): the
hall's and the services' English names (``name_en``) on the kiosk's header, its 取号
tiles, the ticket screen and the printed ticket; the window and the board switch
language from a header button, the board's fixed texts and waiting cards with it.

Real widgets, a live hub subprocess with the demo hall, the demo's simulators (the
printer over TCP): the ticket's English is read back from the bytes the printer got.
Screenshots go to /work/briefs/png/english-*.png when that folder exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from drivers.printer import escpos_decode as dec
from kiosk.bootstrap import offer_hub
from kiosk.config.loader import demo_settings
from kiosk.core import Core
from offline_cache.wire.demo_hall import DEMO_HALL_NAME, DEMO_HALL_NAME_EN
from tests.helpers import bring_up_demo
from tests.rigs.hub import HubProcess, running_hub
from tests.rigs.hub import sqlite_hub as sqlite_hub
from ui import i18n, theme
from ui.app import start_role
from ui.board_window import HallBoardWindow
from ui.bridge import CoreBridge
from ui.screens.ticket_services import tile_texts

pytestmark = [pytest.mark.gui, pytest.mark.slow]
LEFT = Qt.MouseButton.LeftButton
SHOTS = Path("/work/briefs/png")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def chinese_after() -> Iterator[None]:
    """Each test starts and leaves the application in the default language."""
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("zh_CN")


def shot(qtbot, widget, name: str) -> None:
    """Save what the widget shows, once laid out, for a person to look at (not an assertion)."""
    qtbot.wait(300)
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / f"english-{name}.png"), "PNG")


def test_the_english_kiosk_names_the_hall_and_its_services_in_english(qtbot, tmp_path: Path) -> None:
    with running_hub(tmp_path / "hub") as rig:
        base = demo_settings("kiosk")
        settings = replace(
            base, data_dir=tmp_path / "data", hub=replace(base.hub, url=rig.url, token=rig.tokens["kiosk"])
        )
        core = Core.from_settings(settings)
        window = start_role(core, fullscreen=False)
        qtbot.addWidget(window)
        sims, stop = bring_up_demo(core)
        try:
            qtbot.waitUntil(lambda: "tile.ticket" in window.home.tile_buttons, timeout=10000)
            window.resize(1920, 1080)
            assert window.header.title.text() == DEMO_HALL_NAME
            qtbot.mouseClick(window.home.language_button, LEFT)
            assert i18n.language() == "en"
            assert window.header.title.text() == DEMO_HALL_NAME_EN
            shot(qtbot, window, "home")

            qtbot.mouseClick(window.home.tile_buttons["tile.ticket"], LEFT)
            screen = window.tickets.ticket_services
            qtbot.waitUntil(lambda: len(screen.tiles) >= 4, timeout=5000)
            assert tile_texts(screen.tiles["A"])[0] == "General applications"
            assert tile_texts(screen.tiles["G"])[0] == "Green channel (elderly, disabled, pregnant)"
            assert not any(CJK.search(tile_texts(t)[0]) for t in screen.tiles.values())
            shot(qtbot, window, "ticket-services")

            jobs = len(sims.printer.jobs)
            qtbot.mouseClick(screen.tiles["B"], LEFT)
            qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tickets.ticket_done, timeout=8000)
            done = window.tickets.ticket_done
            qtbot.waitUntil(lambda: done.ticket.print_state != "printing", timeout=8000)
            assert done.service.text() == "Social and medical insurance"
            qtbot.waitUntil(lambda: len(sims.printer.jobs) == jobs + 1, timeout=5000)
            lines = dec.text_lines(dec.decode(sims.printer.jobs[-1]))
            printed = re.sub(r"\s", "", "".join(lines))  # the names wrap on the paper's width
            assert "Socialandmedicalinsurance" in printed and "社保医保" not in printed
            assert re.sub(r"\s", "", DEMO_HALL_NAME_EN) in printed and DEMO_HALL_NAME not in printed
        finally:
            window.close()
            stop()


def test_the_board_switches_to_english_from_its_header(qtbot, tmp_path: Path, sqlite_hub: HubProcess) -> None:
    from kiosk.queue.connection import HubConnection

    core = Core.from_settings(replace(demo_settings("display"), data_dir=tmp_path))
    app = QApplication.instance()
    app.setStyleSheet(theme.style_sheet(theme.THEMES["normal"]))
    window = HallBoardWindow(core, CoreBridge(app), player=lambda wav: None)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    try:
        with sqlite_hub.client("kiosk") as kiosk:
            kiosk.issue_ticket("A")
        offer_hub(core, HubConnection(sqlite_hub.url, sqlite_hub.tokens["display"]))
        qtbot.waitUntil(lambda: "A" in window.board.waiting_cards, timeout=10000)
        _, name, _count = window.board.waiting_cards["A"]
        qtbot.waitUntil(lambda: name.toolTip() == "综合受理", timeout=5000)
        assert window.board.welcome_title.text() == "您好，欢迎办理业务"

        assert window.language_button is not None and window.language_button.text() == "English"
        qtbot.mouseClick(window.language_button, LEFT)
        assert window.header.title.text() == DEMO_HALL_NAME_EN
        assert window.board.welcome_title.text() == "Welcome"
        assert window.board.welcome_hint.text().startswith("Take a number")
        assert name.toolTip() == "General applications"
        assert window.board.waiting_cards["A"][2].text() == "1 waiting"
        assert not CJK.search(window.board.notice.text())
        assert window.language_button.text() == "中文"
        shot(qtbot, window, "board")

        qtbot.mouseClick(window.language_button, LEFT)  # and back
        assert window.board.welcome_title.text() == "您好，欢迎办理业务" and name.toolTip() == "综合受理"
    finally:
        window.close()
        core.stop()


def test_the_window_switches_to_english_from_its_header(qtbot, tmp_path: Path, sqlite_hub: HubProcess) -> None:
    base = demo_settings("window")
    settings = replace(
        base, data_dir=tmp_path, hub=replace(base.hub, url=sqlite_hub.url, token=sqlite_hub.tokens["window:1"])
    )
    core = Core.from_settings(settings)
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    _sims, stop = bring_up_demo(core)
    try:
        qtbot.waitUntil(lambda: window.desk is not None, timeout=5000)
        window.resize(1920, 1080)
        screen = window.sign_in_screen
        assert screen.title.text() == "1号综合窗口 · 工作人员登录"
        qtbot.mouseClick(window.language_button, LEFT)
        assert screen.title.text() == "Window 1 · staff sign-in"
        assert screen.pad.keys["OK"].text() == "OK" and not CJK.search(screen.staff.placeholderText())
        assert window.header.title.text() == DEMO_HALL_NAME_EN
        assert window.clerk.call_button.text().startswith("Call next")
        assert window.clerk.window_label.text() == "Window 1"
        shot(qtbot, window, "window")
        hint = screen.subtitle  # the English hint, longer, shows whole
        assert hint.height() >= hint.heightForWidth(hint.width())
    finally:
        window.close()
        stop()

"""Journey 1 (JOURNEYS.md), the parts that exist: a woman of 74 at her street's kiosk on
a Saturday taps 长辈模式, finds 高龄津贴 by typing "gljt", reads what to bring, prints
the one-time notice on the (simulated, TCP) receipt printer, walks away; the kiosk warns,
counts down and forgets her. The printed bytes are decoded back and checked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from drivers.printer.escpos_decode import decode, qr_payloads, text_lines
from kiosk.config.loader import demo_settings
from kiosk.core import Core
from kiosk.visit import VisitState
from tests.helpers import bring_up_demo
from ui import theme
from ui.app import start_role

pytestmark = [pytest.mark.e2e, pytest.mark.gui, pytest.mark.slow]


def test_elder_finds_the_allowance_prints_the_notice_and_is_forgotten(qtbot, tmp_path: Path) -> None:
    settings = replace(demo_settings("kiosk"), data_dir=tmp_path, idle_timeout_s=60, idle_warning_s=25)
    core = Core.from_settings(settings)
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    sims, stop = bring_up_demo(core)  # simulators, devices, the bundled Xi'an demo catalog
    try:
        qtbot.waitUntil(lambda: "tile.guides" in window.home.tile_buttons, timeout=10000)
        assert "周六" in window.home.hours.text().replace(
            "\u2060", ""
        )  # 周末不打烊: the hall's weekend hours are on the home
        now = [0.0]
        core.visit.clock = lambda: now[0]

        qtbot.mouseClick(window.home.elder_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.home.welcome.fontInfo().pixelSize() >= theme.ELDER.hero_px)
        qtbot.mouseClick(window.home.tile_buttons["tile.guides"], Qt.MouseButton.LeftButton)
        search = window.guides.search_screen
        for letter in "gljt":  # elder mode's big letter keys, the initials of 高龄津贴
            qtbot.mouseClick(search.letters.keys[letter], Qt.MouseButton.LeftButton)
        assert search.query.text() == "gljt"
        assert search.result_names()[0] == "高龄津贴申领"
        search.results.itemClicked.emit(search.results.item(0))
        guide = window.guides.guide_screen
        assert "支持容缺受理" in guide.subtitle.text()

        jobs = len(sims.printer.jobs)
        qtbot.mouseClick(guide.print_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(sims.printer.jobs) > jobs, timeout=5000)
        qtbot.waitUntil(lambda: "已打印" in guide.result_title.text(), timeout=5000)
        printed = decode(sims.printer.jobs[-1], "gb18030")
        lines = "\n".join(text_lines(printed))
        assert "一次性告知单" in lines and "高龄津贴申领" in lines
        assert "居民身份证" in lines and "容缺" in lines
        assert qr_payloads(printed), "the notice carries the online guide's QR code"
        sims.printer.render_job_png(len(sims.printer.jobs) - 1, tmp_path / "notice.png")
        assert (tmp_path / "notice.png").stat().st_size > 5000

        # She walks away: a warning at least 20 s before the end, then the wipe. Elder mode
        # gives her twice the hall's time (120 s here).
        assert core.visit.timeout_s == 2 * settings.idle_timeout_s
        now[0] += core.visit.timeout_s - core.visit.warning_s + 1
        core.visit.tick()
        qtbot.waitUntil(lambda: window.warning is not None and window.warning.isVisible())
        now[0] += core.visit.warning_s
        core.visit.tick()
        assert core.visit.state is VisitState.IDLE
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)
        # The next citizen's screens are built afresh in the hall's theme: hers are gone.
        assert window.guides.search_screen is None and window.home.elder_button.text() == "长辈模式"
        assert core.visit.timeout_s == settings.idle_timeout_s
    finally:
        stop()

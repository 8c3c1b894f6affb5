"""Journey 1 on the demo data as shipped (issue 14, finding 8): in elder mode the home
screen offers 自助申报, 个人办事 opens with 退休养老, and 高龄津贴申领 there can be applied
for at the kiosk with the bank-card copy under 容缺 — tapped with real clicks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.config.loader import demo_settings
from kiosk.core import Core
from tests.cases_rig import ALLOWANCE
from tests.helpers import bring_up_demo
from tests.ui.test_browse_and_map import tap_row
from ui.app import start_role

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture
def demo_kiosk(qtbot, tmp_path: Path):
    core = Core.from_settings(replace(demo_settings("kiosk"), data_dir=tmp_path / "data"))
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    _, stop = bring_up_demo(core)
    qtbot.waitUntil(lambda: core.cases is not None and "tile.browse" in window.home.tile_buttons, timeout=10000)
    yield core, window
    stop()


def test_an_elder_browses_to_the_allowance_and_can_apply_with_a_tolerance(qtbot, demo_kiosk) -> None:
    core, window = demo_kiosk
    qtbot.mouseClick(window.home.elder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.home.elder_button.isChecked())
    tiles = list(window.home.tile_buttons)
    assert "tile.apply" in tiles and len(tiles) <= 4  # 自助申报 shown, still few choices
    qtbot.mouseClick(window.home.tile_buttons["tile.browse"], Qt.MouseButton.LeftButton)
    browse = window.browse.browse_screen
    tap_row(qtbot, browse.list, browse.row("个人办事"))
    assert [t for _, _, t in browse.entries()][0] == "退休养老"
    tap_row(qtbot, browse.list, browse.row("退休养老"))
    assert "高龄津贴申领" in [t for _, _, t in browse.entries()]
    tap_row(qtbot, browse.list, browse.row("高龄津贴申领"))
    guide = window.guides.guide_screen
    assert window.stack.currentWidget() is guide and guide.task_code == ALLOWANCE
    assert guide.apply_button.isVisible() and "支持容缺受理" in guide.subtitle.text()
    tolerated = [m.material_name for m in core.catalog.item(ALLOWANCE).materials if m.is_need == "容缺"]
    assert tolerated == ["本人社会保障卡（金融账户）或银行卡复印件"]

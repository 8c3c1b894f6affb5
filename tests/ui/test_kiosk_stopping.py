"""A terminal stopping while its window still shows (a shutdown, the end of a visit's
test) builds nothing more: the idle warm-up of the heavy screens read the closed catalog
("Cannot operate on a closed database", found when the suite ran in parallel)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config.loader import demo_settings
from kiosk.core import Core
from tests.helpers import bring_up_demo
from ui.app import start_role
from ui.kiosk_window import WARM_UP_DELAY_MS

pytestmark = pytest.mark.gui


def test_a_stopped_core_gets_no_screen_built_ahead(qtbot, tmp_path: Path) -> None:
    core = Core.from_settings(replace(demo_settings("kiosk"), data_dir=tmp_path))
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    _sims, stop = bring_up_demo(core)
    qtbot.waitUntil(lambda: "tile.guides" in window.home.tile_buttons, timeout=10000)
    qtbot.waitUntil(window.isVisible)
    core.stop()  # the window still shows; the warm-up is due
    qtbot.wait(WARM_UP_DELAY_MS + 500)  # an exception in the Qt loop fails the test here
    window.close()
    stop()

"""The guide's flags (即办件, 全市通办 ...) are the product's words in the screen's
language, from message keys, not the catalog's Chinese (issue 14, finding 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import offer_catalog
from kiosk.catalog import CatalogService
from tests.feeds import tiny_feed
from ui import i18n
from ui.app import start_role

pytestmark = pytest.mark.gui


@pytest.fixture
def kiosk(qtbot, make_core, tmp_path: Path):
    feed = tiny_feed()
    for it in feed["items"]:
        it["handle_area"] = "全市通办"
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    core = make_core("kiosk")
    catalog = CatalogService(tmp_path / "catalog.sqlite")
    catalog.import_file(path, "feed")
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    core.start()
    offer_catalog(core, catalog)
    qtbot.waitUntil(lambda: "tile.guides" in window.home.tile_buttons)
    return window


@pytest.mark.parametrize(
    ("code", "english", "chinese"),
    [
        ("T-LNZ", ["Done on the spot", "Any hall in the city"], ["即办件", "全市通办"]),
        ("T-GLJT", ["Done within a promised time", "Any hall in the city"], ["承诺件", "全市通办"]),
    ],
)
def test_the_guide_flags_read_in_english(qtbot, kiosk, code: str, english: list[str], chinese: list[str]) -> None:
    window = kiosk
    window.guides.open()
    window.guides.open_guide(code)
    flags = window.guides.guide_screen.subtitle.text()
    assert all(word in flags for word in chinese)
    qtbot.mouseClick(window.home.language_button, Qt.MouseButton.LeftButton)
    assert i18n.language() == "en"
    window.guides.open()
    window.guides.open_guide(code)
    flags = window.guides.guide_screen.subtitle.text()
    assert all(word in flags for word in english), flags
    assert not any(word in flags for word in chinese), flags

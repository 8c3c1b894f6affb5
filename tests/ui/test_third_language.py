"""A third language is a file, not code (issue 15, part 4): the sample 繁體中文 of
docs/languages/ put in a folder the kiosk reads appears on the real home screen after
the language button, and keys it lacks fall back to Simplified Chinese."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import offer_catalog
from kiosk.catalog import CatalogService
from tests.feeds import tiny_feed
from ui import i18n
from ui.app import start_role

pytestmark = pytest.mark.gui
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "languages"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def with_zh_tw(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "languages"
    folder.mkdir()
    for name in ("zh_TW.json", "zh_TW.meta.json"):
        shutil.copy(SAMPLE / name, folder / name)
    before = i18n.folders()
    try:
        yield folder
    finally:
        i18n.set_folders(before)
        i18n.set_language("zh_CN")


def test_without_the_file_the_button_goes_between_two_languages() -> None:
    assert i18n.LANGUAGES == ("zh_CN", "en")


def test_the_file_alone_adds_the_language_to_the_home_screen(qtbot, make_core, with_zh_tw: Path, tmp_path) -> None:
    assert i18n.add_folder(with_zh_tw) == ("zh_CN", "en", "zh_TW")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(tiny_feed(), ensure_ascii=False), encoding="utf-8")
    catalog = CatalogService(tmp_path / "catalog.sqlite")
    catalog.import_file(feed, "feed")
    window = start_role(make_core("kiosk"), fullscreen=False)
    qtbot.addWidget(window)
    window.core.start()
    offer_catalog(window.core, catalog)
    qtbot.waitUntil(lambda: "tile.guides" in window.home.tile_buttons)
    assert window.home.language_button.text() == "English"
    qtbot.mouseClick(window.home.language_button, LEFT)
    assert i18n.language() == "en" and window.home.language_button.text() == "繁體中文"
    qtbot.mouseClick(window.home.language_button, LEFT)

    assert i18n.language() == "zh_TW"
    home = window.home
    assert home.welcome.text() == "您好，請選擇要辦理的事項"
    assert "分類瀏覽" in home.tile_buttons["tile.browse"].accessibleName()
    assert "辦事指南" in home.tile_buttons["tile.guides"].accessibleName()
    assert home.language_button.text() == "中文"  # back to Simplified Chinese next
    # A key the file does not hold reads in its fallback, Simplified Chinese, not English.
    assert i18n.tr("visit.ended") == i18n.texts_of("zh_CN")["visit.ended"]

    qtbot.mouseClick(home.language_button, LEFT)
    assert i18n.language() == "zh_CN" and window.home.welcome.text() == "您好，请选择要办理的事项"

"""A citizen finds a guide by what they type, reads it and prints the one-time notice."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from drivers import registry
from drivers.printer.base import PaperOutError
from kiosk.bootstrap import offer_catalog
from kiosk.catalog import CatalogService
from kiosk.config.settings import DeviceSettings
from kiosk.devices import DeviceManager
from tests.feeds import write_tiny_feed
from ui.app import start_role

pytestmark = pytest.mark.gui


@pytest.fixture
def kiosk(qtbot, make_core, tmp_path: Path):
    core = make_core("kiosk")
    printer = registry.create("printer", "fake", {})
    core.devices = DeviceManager(
        {"printer": DeviceSettings("printer", "fake")}, factory=lambda s: printer, probe_interval_s=0.05
    )
    catalog = CatalogService(tmp_path / "catalog.sqlite")
    catalog.import_file(write_tiny_feed(tmp_path), "feed")
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    core.start()
    offer_catalog(core, catalog)  # as the launcher does once the home is up
    qtbot.waitUntil(lambda: "tile.guides" in window.home.tile_buttons)
    return core, window, printer


def test_search_by_pinyin_initials_opens_the_guide(qtbot, kiosk) -> None:
    core, window, _ = kiosk
    qtbot.mouseClick(window.home.tile_buttons["tile.guides"], Qt.MouseButton.LeftButton)
    screen = window.guides.search_screen
    assert window.stack.currentWidget() is screen
    screen.query.setText("gljt")
    assert screen.result_names()[0] == "80周岁以上老年人高龄津贴申领"
    screen.query.setText("敬老卡")
    assert screen.result_names()[0] == "老年人优待证办理"
    screen.results.itemClicked.emit(screen.results.item(0))
    guide = window.guides.guide_screen
    assert window.stack.currentWidget() is guide
    assert guide.title.text() == "老年人优待证办理"
    assert "申请材料" in guide.section_titles() and "办理时限" in guide.section_titles()


def test_topics_list_their_items(qtbot, kiosk) -> None:
    _, window, _ = kiosk
    qtbot.mouseClick(window.home.tile_buttons["tile.guides"], Qt.MouseButton.LeftButton)
    window.guides.search_screen.topic_chosen.emit("elderly")
    assert set(window.guides.search_screen.result_names()) == {"80周岁以上老年人高龄津贴申领", "老年人优待证办理"}


def test_print_the_one_time_notice(qtbot, kiosk) -> None:
    core, window, printer = kiosk
    window.guides.open()
    window.guides.open_guide("T-GLJT")
    guide = window.guides.guide_screen
    assert guide.print_button.isVisible()
    qtbot.mouseClick(guide.print_button, Qt.MouseButton.LeftButton)
    # The result is a screen of its own in place of the guide, not a small line under it.
    qtbot.waitUntil(lambda: "已打印" in guide.result_title.text(), timeout=3000)
    assert guide.pages.currentWidget() is guide.result
    job = printer.receipts[-1]
    lines = [getattr(b, "text", "") + getattr(b, "value", "") for b in job.blocks]
    assert any("一次性告知单" in line for line in lines)
    assert any("本人社会保障卡或银行卡复印件" in line for line in lines)
    assert any("容缺受理" in line for line in lines)


def test_a_paper_out_printer_gives_a_clear_message(qtbot, kiosk) -> None:
    core, window, printer = kiosk
    window.guides.open()
    window.guides.open_guide("T-DB")
    guide = window.guides.guide_screen
    # Out of paper: 打印 waits (a tap would only fail). The test once clicked straight after
    # set_paper and passed only when the click beat the printer's next probe.
    printer.set_paper("out")
    qtbot.waitUntil(lambda: not guide.print_button.isEnabled(), timeout=3000)
    qtbot.mouseClick(guide.print_button, Qt.MouseButton.LeftButton)
    assert guide.pages.currentWidget() is guide.scroll_area and not printer.receipts
    # The paper ran out between the last probe and the print: the printer's refusal reaches
    # the screen as a clear result, with the guide's QR code to read on a phone instead.
    done: Future = Future()
    done.set_exception(PaperOutError())
    window.guides._printed(done)
    assert "未能打印" in guide.result_title.text()
    assert guide.pages.currentWidget() is guide.result
    assert guide.result_qr.isVisible() == bool(guide.link_addr)
    guide.result_back.click()
    assert guide.pages.currentWidget() is guide.scroll_area


def test_the_visit_end_returns_to_a_clean_home(qtbot, kiosk) -> None:
    core, window, _ = kiosk
    window.guides.open()
    window.guides.search_screen.query.setText("低保")
    core.visit.end()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)
    assert window.guides.search_screen.query.text() == ""


def test_bundles_show_one_merged_material_list_and_print(qtbot, make_core, tmp_path: Path) -> None:
    import json

    from tests.feeds import tiny_feed

    feed = tiny_feed()
    feed["bundles"] = [
        {
            "bundle_code": "B-OLD",
            "name": "老年人一件事",
            "audience": "person",
            "item_codes": ["T-GLJT", "T-LNZ"],
            "promise_day": 5,
        }
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    core = make_core("kiosk")
    printer = registry.create("printer", "fake", {})
    core.devices = DeviceManager({"printer": DeviceSettings("printer", "fake")}, factory=lambda s: printer)
    catalog = CatalogService(tmp_path / "c.sqlite")
    catalog.import_file(path, "feed")
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    core.start()
    offer_catalog(core, catalog)
    qtbot.waitUntil(lambda: "tile.bundles" in window.home.tile_buttons)
    qtbot.mouseClick(window.home.tile_buttons["tile.bundles"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.guides.bundle_list.buttons["B-OLD"], Qt.MouseButton.LeftButton)
    guide = window.guides.guide_screen
    assert guide.title.text() == "老年人一件事"
    materials = guide.body.findChildren(type(guide.title))
    text = "\n".join(label.text() for label in materials)
    assert text.count("居民身份证（") == 1  # asked by both items, listed once
    qtbot.mouseClick(guide.print_button, Qt.MouseButton.LeftButton)
    # The result is a screen of its own in place of the guide, not a small line under it.
    qtbot.waitUntil(lambda: "已打印" in guide.result_title.text(), timeout=3000)
    assert guide.pages.currentWidget() is guide.result
    assert any(getattr(b, "value", "") == "老年人一件事" for b in printer.receipts[-1].blocks)

"""分类浏览, the search that finds more, and 政务地图 — real widgets offscreen over the real
Xi'an demo catalog, tapped as a citizen taps them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QScroller

from kiosk.bootstrap import offer_catalog
from kiosk.catalog import CatalogService
from kiosk.catalog.map import navigation_url
from kiosk.catalog.paths import DEMO_CATALOG
from ui.app import start_role

pytestmark = pytest.mark.gui

SATURDAY_10 = dt.datetime(2026, 12, 5, 10, 0)  # a Saturday morning


@pytest.fixture
def kiosk(qtbot, make_core, tmp_path: Path):
    core = make_core("kiosk")
    catalog = CatalogService(tmp_path / "catalog.sqlite")
    catalog.import_file(DEMO_CATALOG, "feed")
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    core.start()
    offer_catalog(core, catalog)
    qtbot.waitUntil(lambda: "tile.browse" in window.home.tile_buttons)
    return core, window


def tap_row(qtbot, view, row) -> None:
    """A real press and release on the row's card (the card lets it through to the list);
    the row is scrolled to the top first (a press off the offscreen screen is lost)."""
    view.scrollToItem(row, view.ScrollHint.PositionAtTop)
    rect = view.visualItemRect(row).intersected(view.viewport().rect())  # the part on show
    assert rect.height() >= 48, (view.visualItemRect(row), view.viewport().rect())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_browse_person_retirement_to_the_allowance_guide_and_back(qtbot, kiosk):
    _, window = kiosk
    qtbot.mouseClick(window.home.tile_buttons["tile.browse"], Qt.MouseButton.LeftButton)
    browse = window.browse.browse_screen
    assert window.stack.currentWidget() is browse
    assert [t for _, _, t in browse.entries()] == ["个人办事", "法人办事", "按部门", "一件事一次办", "高频事项"]
    tap_row(qtbot, browse.list, browse.row("个人办事"))
    titles = [t for _, _, t in browse.entries()]
    # The demo catalog puts 退休养老 first (its topic order); the others in the plan's order.
    assert titles[:9] == ["退休养老", "新生儿出生", "入学", "就业", "婚育", "扶残助困", "军人退役", "住房", "身后"]
    assert "户籍" in titles[9:]  # the catalog's other topics follow the plan's life events
    tap_row(qtbot, browse.list, browse.row("退休养老"))
    assert browse.trail() == ["分类浏览", "个人办事", "退休养老"]
    assert browse.nav.crumb.text() == "分类浏览 › 个人办事 › 退休养老"
    kinds = [k for k, _, _ in browse.entries()]
    assert kinds[0] == "bundle" and browse.entries()[0][2] == "企业职工退休一件事"
    tap_row(qtbot, browse.list, browse.row("高龄津贴申领"))
    guide = window.guides.guide_screen
    assert window.stack.currentWidget() is guide and guide.title.text() == "高龄津贴申领"
    guide.back_requested.emit()  # the guide's 返回: back where the citizen came from
    assert window.stack.currentWidget() is browse and browse.trail()[-1] == "退休养老"
    qtbot.mouseClick(browse.nav.back_button, Qt.MouseButton.LeftButton)
    assert browse.trail() == ["分类浏览", "个人办事"]
    back_pos = browse.nav.back_button.mapTo(window, browse.nav.back_button.rect().topLeft())
    qtbot.mouseClick(browse.nav.back_button, Qt.MouseButton.LeftButton)
    assert browse.nav.back_button.mapTo(window, browse.nav.back_button.rect().topLeft()) == back_pos  # same place
    qtbot.mouseClick(browse.nav.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home


def test_browse_by_department_and_the_bundle_from_a_life_event(qtbot, kiosk):
    _, window = kiosk
    window.browse.open()
    browse = window.browse.browse_screen
    tap_row(qtbot, browse.list, browse.row("按部门"))
    depts = [t for _, _, t in browse.entries()]
    assert "西安市碑林区民政局" in depts and "西安市人力资源和社会保障局" in depts
    counts = [int(browse.list.itemWidget(browse.list.item(i)).subtitle.text().split()[0]) for i in range(len(depts))]
    assert counts == sorted(counts, reverse=True)  # the departments with most items first
    tap_row(qtbot, browse.list, browse.row("西安市碑林区民政局"))
    cards = [browse.list.itemWidget(browse.list.item(i)) for i in range(browse.list.count())]
    assert "高龄津贴申领" in [c.title.text() for c in cards]
    assert {c.subtitle.text() for c in cards} == {"西安市碑林区民政局"}
    qtbot.mouseClick(browse.nav.home_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home
    window.browse.open()
    assert browse.trail() == ["分类浏览"]  # a new start at the top
    tap_row(qtbot, browse.list, browse.row("法人办事"))
    tap_row(qtbot, browse.list, browse.row("企业开办"))
    tap_row(qtbot, browse.list, browse.row("企业开办一件事"))
    assert window.stack.currentWidget() is window.guides.guide_screen
    assert window.guides.guide_screen.title.text() == "企业开办一件事"
    window.guides.guide_screen.back_requested.emit()
    assert window.stack.currentWidget() is browse


def test_high_frequency_items_with_their_badges(qtbot, kiosk):
    core, window = kiosk
    window.browse.open()
    browse = window.browse.browse_screen
    tap_row(qtbot, browse.list, browse.row("高频事项"))
    shown = [code for _, code, _ in browse.entries()]
    assert shown == [i.task_code for i in core.catalog.top_items(limit=30)]
    assert QScroller.grabbedGesture(browse.list.viewport()) != Qt.GestureType(0)  # drag to scroll
    card = browse.list.itemWidget(browse.list.item(1))
    assert card.title.text() == "社会保障卡申领（即时制卡）"
    assert card.badge_texts() == ["可自助办理", "全市通办", "可预约", "即办件"]


def test_a_department_short_form_finds_its_items_as_cards(qtbot, kiosk):
    _, window = kiosk
    qtbot.mouseClick(window.home.tile_buttons["tile.guides"], Qt.MouseButton.LeftButton)
    screen = window.guides.search_screen
    screen.query.setText("人社")
    cards = [screen.results.itemWidget(screen.results.item(i)) for i in range(3)]
    assert {c.subtitle.text() for c in cards} == {"西安市人力资源和社会保障局"}
    assert not screen.help_button.isVisible()
    tap_row(qtbot, screen.results, screen.results.item(0))
    assert window.stack.currentWidget() is window.guides.guide_screen
    assert window.guides.guide_screen.title.text() == cards[0].title.text()


def test_a_nonsense_query_shows_related_things_and_the_help_button(qtbot, kiosk):
    _, window = kiosk
    asked = []
    window.guides.request_help = asked.append
    window.guides.open()
    screen = window.guides.search_screen
    screen.query.setText("量子纠缠飞船")
    assert "没有找到“量子纠缠飞船”" in screen.status.text()
    kinds = [k for k, _, _ in screen.rows()]
    assert kinds.count("item") >= 5 and "bundle" in kinds and "topic" in kinds  # never an empty list
    assert kinds[0] == "bundle"  # nothing relates: the broad ways in come first
    screen.query.setText("婚姻介绍所")  # one item shares 婚姻: it comes first, then its 一件事
    assert [k for k, _, _ in screen.rows()] == ["item", "bundle", "topic"]
    assert screen.help_button.isVisible()
    screen.query.setText("量子纠缠飞船")
    assert screen.help_button.isVisible() and screen.help_button.text() == "找不到？呼叫帮助"
    qtbot.mouseClick(screen.help_button, Qt.MouseButton.LeftButton)
    assert asked == ["guide_search"] and not screen.help_button.isEnabled()
    bundle = next(n for n, (k, _, _) in enumerate(screen.rows()) if k == "bundle")
    tap_row(qtbot, screen.results, screen.results.item(bundle))
    assert window.stack.currentWidget() is window.guides.guide_screen
    window.guides.guide_screen.back_requested.emit()
    assert window.stack.currentWidget() is screen


def test_an_faq_question_is_answered_on_top_of_the_results(qtbot, kiosk):
    _, window = kiosk
    window.guides.open()
    screen = window.guides.search_screen
    screen.query.setText("出生一个多月了还能上户口吗")
    assert screen.faq_texts()[0] == (
        "孩子出生超过一个月还能上户口吗？",
        "可以。超过一个月的同样办理出生登记，无需额外证明。",
    )
    assert screen.faq_box.isVisible()
    qtbot.mouseClick(screen.faq_buttons[0], Qt.MouseButton.LeftButton)
    assert window.guides.guide_screen.title.text() == "出生登记（新生儿入户）"
    window.guides.guide_screen.back_requested.emit()
    screen.query.setText("户口")
    assert not screen.faq_box.isVisible()


def grey(image: QImage) -> np.ndarray:
    g = image.convertToFormat(QImage.Format.Format_Grayscale8)
    raw = np.frombuffer(g.constBits(), np.uint8).reshape(g.height(), g.bytesPerLine())
    return np.ascontiguousarray(raw[:, : g.width()])


def test_the_map_lists_halls_nearest_first_open_now_and_a_qr_that_decodes(qtbot, kiosk):
    core, window = kiosk
    window.browse.clock = lambda: SATURDAY_10
    qtbot.mouseClick(window.home.tile_buttons["tile.map"], Qt.MouseButton.LeftButton)
    screen = window.browse.map_screen
    assert window.stack.currentWidget() is screen
    codes = [v.hall.hall_code for v in screen.views]
    assert len(codes) == 16
    assert codes[:2] == ["XA-H02", "XA-H09"]  # the terminal's district (碑林, 610103) first
    assert all(v.hall.area_code[:4] == "6101" for v in screen.views)
    assert screen.views[0].here
    says = {code: label.text() for code, label in screen.state_labels.items()}
    assert says["XA-H02"] == "正在办公，17:00 下班"  # Saturday 09:00-17:00 (as its guides say)
    assert says["XA-H06"] == "今天不办公"  # 莲湖: weekdays only
    assert says["XA-H07"] == "正在办公，17:00 下班"
    assert {v.hall.hall_code for v in screen.views if v.state.open} == {
        "XA-H01", "XA-H02", "XA-H03", "XA-H04", "XA-H05", "XA-H07", "XA-H09", "XA-H11", "XA-H12", "XA-H14",
    }  # fmt: skip
    hall = screen.views[0].hall
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(grey(screen.qr_images["XA-H02"]))
    assert text == navigation_url(hall) and "uri.amap.com" in text
    assert screen.views[0].accepts.total == core.catalog.stats().items
    assert QScroller.grabbedGesture(screen.scroll_area.viewport()) != Qt.GestureType(0)
    # 通办范围: the items the hall accepts, listed; 返回 comes back to the map.
    qtbot.mouseClick(screen.items_buttons["XA-H02"], Qt.MouseButton.LeftButton)
    browse = window.browse.browse_screen
    assert window.stack.currentWidget() is browse
    assert browse.trail() == ["政务地图", "碑林区政务服务中心"]
    assert len(browse.entries()) == screen.views[0].accepts.total
    qtbot.mouseClick(browse.nav.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is screen
    qtbot.mouseClick(screen.nav.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home


def test_elder_mode_makes_every_card_and_the_back_button_a_large_target(qtbot, kiosk):
    _, window = kiosk
    window.browse.open()
    normal = [window.browse.browse_screen.list.item(i).sizeHint().height() for i in range(5)]
    assert min(normal) >= 72 and window.browse.browse_screen.nav.back_button.height() >= 72
    window.go_home()
    window.set_elder_mode(True)
    assert "tile.browse" in window.home.tile_buttons and len(window.home.tile_buttons) <= 4
    window.browse.open()
    browse = window.browse.browse_screen
    tap_row(qtbot, browse.list, browse.row("个人办事"))
    heights = [browse.list.item(i).sizeHint().height() for i in range(browse.list.count())]
    assert min(heights) >= 110 and browse.nav.back_button.height() >= 110


def test_english_texts(qtbot, kiosk):
    _, window = kiosk
    window.toggle_language()
    window.browse.open()
    assert [t for _, _, t in window.browse.browse_screen.entries()][:2] == ["For individuals", "For businesses"]
    window.browse.clock = lambda: SATURDAY_10
    window.browse.open_map()
    assert window.browse.map_screen.state_labels["XA-H02"].text() == "Open now, until 17:00"


def test_rows_grow_when_a_narrower_list_wraps_their_names(qtbot, kiosk):
    from ui.widgets.result_card import add_card, card_list, item_card

    core, _ = kiosk
    view = card_list()
    qtbot.addWidget(view)
    view.resize(1400, 700)
    view.show()
    for item in core.catalog.top_items(limit=8):
        add_card(view, item_card(item), ("item", item.task_code))
    wide = [view.item(i).sizeHint().height() for i in range(view.count())]
    view.resize(360, 700)
    qtbot.waitUntil(lambda: view.viewport().width() < 400)
    narrow = [view.item(i).sizeHint().height() for i in range(view.count())]
    assert all(n >= w for n, w in zip(narrow, wide)) and sum(narrow) > sum(wide)  # the rows make room

"""The kiosk for everyone: every citizen screen of the walk (tools/walk.py), in normal,
elder and high-contrast mode, at 1080x1920 and 1920x1080, measured on what it renders:
text pixel size, target size, contrast from the pixels, the window within its screen,
nothing cut off; and in English, no Chinese but the catalog's own names."""

from __future__ import annotations

import pytest

from tools import walk as walker

pytestmark = [pytest.mark.gui, pytest.mark.slow]
# A walk per mode on its own worker (tests/conftest.py): the longest module of the suite.
XDIST_SPLIT_BY = "mode"


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    w = walker.start(tmp_path_factory.mktemp("walk"))
    yield w
    w.close()


@pytest.mark.parametrize("size", sorted(walker.SIZES))
@pytest.mark.parametrize("mode", walker.MODES)
def test_every_screen_meets_its_floors(walk, mode: str, size: str) -> None:
    problems = []
    names = []
    for screen in walker.stops(walk, mode, walker.SIZES[size]):
        names.append(screen.name)
        problems += walker.measure(walk, screen)
    assert names == [s.name for s in walker.SCREENS]  # every screen was reached
    assert not problems, f"{len(problems)} below the floors ({mode}, {size}):\n" + "\n".join(map(str, problems))


@pytest.mark.parametrize(("mode", "size"), [("normal", "landscape"), ("elder", "portrait")])
def test_english_on_every_screen(walk, mode: str, size: str) -> None:
    """In English no Chinese shows but the catalog's own names (items, departments,
    materials, halls, a guide's free text: data with no English in the feed); and the
    screens also fit in English's longer words."""
    names = walker.data_names(walk.core, walk)
    problems = []
    for screen in walker.stops(walk, mode, walker.SIZES[size], language="en"):
        problems += walker.untranslated(walk, screen, names)
        problems += walker.measure(walk, screen)
    assert not problems, f"{len(problems)} in English ({mode}, {size}):\n" + "\n".join(map(str, problems))


def _inside(window, widget) -> bool:
    from PySide6.QtCore import QPoint, QRect

    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return widget.isVisible() and QRect(0, 0, window.width(), window.height()).contains(rect)


def test_the_window_never_grows_past_its_screen_and_the_next_citizen_reads_chinese(walk) -> None:
    """Found by a new user: elder search, English, a guide, the idle wipe grew the window
    900 -> 1214 px on a 1080 px screen until 返回 and 打印 were cut off, and the next
    citizen saw English texts with 长辈模式 off-screen."""
    from ui import i18n

    w, core = walk.window, walk.core
    walk.mode, walk.language = "normal", "zh_CN"
    walk.set_size(walker.SIZES["landscape"])
    core.visit.end()
    walk.restore()
    heights = []

    def step() -> None:
        walk.settle()
        heights.append(w.height())

    w.home.elder_button.click()
    step()
    w.guides.open()
    w.guides.search_screen.query.setText("户口")
    step()
    w.go_home()
    w.home.language_button.click()
    step()
    w.guides.open()
    w.guides.search_screen.query.setText("hukou")
    step()
    w.guides.open_guide(w.guides.search_screen.results.item(0).data(256))
    step()
    assert _inside(w, w.guides.guide_screen.print_button) and w.guides.guide_screen.print_button.text() == "Print list"
    core.visit.end()  # the idle wipe
    step()
    assert max(heights) <= 1080, heights
    assert i18n.language() == "zh_CN" and w.home.language_button.text() == "English"
    assert _inside(w, w.home.elder_button) and _inside(w, w.home.language_button)
    assert w.home.elder_button.text() == "长辈模式"
    w.guides.open()
    step()
    assert w.guides.search_screen.query.placeholderText() == i18n.tr("search.placeholder")
    assert walker.CJK.search(w.guides.search_screen.query.placeholderText())
    core.visit.end()
    step()
    assert max(heights) <= 1080, heights


def test_maintenance_says_out_of_paper_not_offline_and_the_demo_panel_says_words(walk) -> None:
    """Found by a new user: the maintenance screen showed paper-out as 离线, the demo
    panel raw values (ok / near_end)."""
    w, core = walk.window, walk.core
    walk.mode, walk.language = "normal", "zh_CN"
    core.visit.end()
    walk.restore()
    w.demo_button.setChecked(True)
    walk.settle()
    texts = [b.text() for b in w.demo_panel.buttons.values()]
    assert "打印纸：将用完" in texts and "打印纸：缺纸" in texts
    assert not any(raw in t for t in texts for raw in ("near_end", "ok", "out"))
    w.demo_panel.buttons["paper_out"].click()
    w.demo_button.setChecked(False)
    w.open_maintenance()
    w._pin_entered(core.settings.technician_pin)
    _, tech = w._tech_screens
    walk.until(lambda: tech.devices.state_text("printer") == "缺纸", what="缺纸 on the maintenance screen")
    core.demo.set_paper("ok")
    walk.until(lambda: tech.devices.state_text("printer") == "正常", what="正常 again")
    tech.close_screen()
    assert walk.current() is w.home


def test_elder_mode_gives_more_time_until_the_next_citizen(walk) -> None:
    w, core = walk.window, walk.core
    walk.mode, walk.language = "normal", "zh_CN"
    core.visit.end()
    walk.restore()
    base = core.visit.timeout_s
    w.home.elder_button.click()
    walk.settle()
    assert core.visit.timeout_s == 2 * base and core.visit.warning_s < core.visit.timeout_s
    core.visit.begin()
    core.visit.end()  # the idle wipe: the next citizen gets the hall's time again
    walk.settle()
    assert core.visit.timeout_s == base and w.home.elder_button.text() == "长辈模式"


def test_a_bundle_opens_at_its_top_and_its_items_open_their_guides(walk) -> None:
    """Found by a new user: a bundle opened scrolled half way (where the last guide was
    left), and its items were text that could not be tapped."""
    w, core = walk.window, walk.core
    walk.mode, walk.language = "normal", "zh_CN"
    walk.set_size(walker.SIZES["landscape"])
    core.visit.end()
    walk.restore()
    w.guides.open_bundles()
    first, second = list(w.guides.bundle_list.buttons)[:2]
    w.guides.open_bundle(first)
    walk.settle()
    bar = w.guides.guide_screen.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    w.guides.open_bundle(second)
    walk.settle()
    assert bar.value() == 0
    code, tile = next(iter(w.guides.guide_screen.item_buttons.items()))
    w.guides.guide_screen.scroll_area.ensureWidgetVisible(tile)
    walk.settle()
    # The tile is a real button, visible and enabled. (A synthetic press does not reach it
    # offscreen: the drag-to-scroll gesture replays a held press to the widget under the
    # pointer, and offscreen QApplication.widgetAt() finds none; the home's tiles, outside
    # any scroll area, take QTest clicks.)
    assert tile.isVisible() and tile.isEnabled() and not tile.visibleRegion().isEmpty()
    tile.click()
    walk.settle()
    assert (
        w.guides.guide_screen.task_code == code
        and w.guides.guide_screen.title.text() == core.catalog.item(code).task_name
    )
    w.guides.guide_screen.back_requested.emit()  # 返回: the bundle again
    walk.settle()
    assert w.guides.guide_screen.task_code == f"bundle:{second}" and walk.current() is w.guides.guide_screen


def test_a_tap_on_a_home_tile_opens_its_screen(walk) -> None:
    """The tile's words let a press through to the tile (a tap on the words is a tap on
    the tile), in every mode's home."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    w = walk.window
    for mode in walker.MODES:
        walk.mode, walk.language = mode, "zh_CN"
        walk.core.visit.end()
        walk.restore()
        tile = w.home.tile_buttons["tile.guides"]
        QTest.mouseClick(tile.labels[0], Qt.MouseButton.LeftButton)
        walk.settle()
        assert walk.current() is w.guides.search_screen, mode


def test_the_hall_hours_break_between_parts_never_inside_one(walk) -> None:
    """Found by a new user: “24小/时自助区” broke inside a word."""
    from PySide6.QtGui import QTextLayout, QTextOption

    from ui.words import WORD_JOINER

    walk.mode, walk.language = "elder", "zh_CN"
    walk.set_size(walker.SIZES["portrait"])
    walk.core.visit.end()
    walk.restore()
    label = walk.window.home.hours
    text = label.text()
    parts = [p.replace(WORD_JOINER, "").strip() for p in text.replace("\u00a0", " ").split(" · ")]
    assert "24小时自助区" in parts
    for width in range(300, 1100, 7):  # every width a label of this screen could have
        layout = QTextLayout(text, label.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        starts = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            starts.append(line.textStart())
        layout.endLayout()
        for start in starts[1:]:  # a line breaks after a part's “·”, or in the words before the parts
            before = text[:start].rstrip("\u00a0 ")
            assert before.endswith("·") or "·" not in before, (width, text[start:])


@pytest.mark.parametrize(("width", "height"), [walker.SIZES["portrait"], walker.SIZES["landscape"]])
def test_a_windowed_demo_takes_the_shape_of_its_screen(qtbot, width: int, height: int) -> None:
    """Found by a new user: ``--demo`` opened a landscape window on a portrait screen."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QMainWindow

    from ui.app import fit_to_screen

    window = QMainWindow()
    qtbot.addWidget(window)
    fit_to_screen(window, QSize(width, height))
    assert window.maximumSize() == QSize(width, height)
    assert window.width() <= width and window.height() <= height
    assert (window.height() > window.width()) == (height > width)


def test_the_status_strip_says_the_printer_is_out_in_the_citizens_words(walk) -> None:
    from ui import i18n

    w, core = walk.window, walk.core
    walk.mode, walk.language = "normal", "zh_CN"
    core.visit.end()
    walk.restore()
    walk.until(lambda: w.header.status.text() == "网络正常", what="网络正常")
    core.demo.set_paper("out")
    walk.until(lambda: "打印机缺纸，请到窗口打印" in w.header.status.text(), what="打印机缺纸")
    assert w.header.status.property("state") == "offline"
    w.toggle_language()
    walk.settle()
    assert w.header.status.text() == "Network OK · Printer out of paper: please print at a window"
    w.toggle_language()
    walker._paper_back(walk)
    walk.until(lambda: w.header.status.text() == "网络正常", what="网络正常 again")
    assert i18n.language() == "zh_CN"


@pytest.mark.parametrize("size", sorted(walker.SIZES))
def test_the_pinyin_keyboard_meets_the_normal_floors(walk, size: str) -> None:
    """The QML keyboard is no widget the walk measures: its keys (the tappable cells,
    not the fillers beside a row) and their labels are measured here. It once stayed at
    its first, smallest width: 960 px on a 1920 px screen, 23 px labels."""
    from ui.widgets.keyboard import KeyboardWidget

    for screen in walker.stops(walk, "normal", walker.SIZES[size]):
        if screen.name == "kiosk-topics":
            break
    keyboard = walk.window.guides.search_screen.findChild(KeyboardWidget)
    walk.until(lambda: len(walker.keyboard_keys(keyboard)) >= 30, what="the keyboard's keys")
    keys = walker.keyboard_keys(keyboard)
    floors = walker.FLOORS["normal"]
    small = [
        (k.property("text"), round(k.width()), round(k.height()))
        for k in keys
        if min(k.width(), k.height()) < floors.target_px
    ]
    assert not small, small
    labels = walker.keyboard_label_px(keyboard)
    assert labels and min(labels) >= floors.text_px, sorted(set(labels))
    assert keyboard.height() <= walk.window.height() * 0.4

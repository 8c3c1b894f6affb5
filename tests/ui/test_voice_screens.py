"""Finding 16: the screens that were silent or half read, checked on what espeak-ng will
pronounce (its phonemes, through the guidance path), not only on the text handed over:
分类浏览 at every depth, 告知承诺 before 我承诺, the rating's five levels, and "‹ 返回"
said as 返回."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import offer_catalog
from kiosk.catalog import CatalogService
from kiosk.catalog.paths import DEMO_CATALOG
from kiosk.guidance import RecordingOutput
from kiosk.guidance.output import engine_text
from kiosk.speech import EspeakVoice
from tests.ui.test_browse_and_map import tap_row
from ui.app import start_role
from ui.screens.case_rating import CaseRatingScreen
from ui.screens.case_steps import CaseCommitmentScreen
from ui.voice_guide import spoken
from ui.voice_screens import button_text, describe
from ui.widgets.nav_bar import NavBar

pytestmark = pytest.mark.gui

VOICE = EspeakVoice()


def pron(text: str) -> str:
    """espeak-ng's phonemes for ``text`` as guidance hands it over, on one line."""
    return " ".join(VOICE.phonemes(text, "zh_CN").split())


def texts(screen) -> list[str]:
    return [u.text for u in spoken(describe(screen))]


@pytest.fixture
def kiosk(qtbot, make_core, tmp_path: Path):
    core = make_core("kiosk")
    catalog = CatalogService(tmp_path / "catalog.sqlite")
    catalog.import_file(DEMO_CATALOG, "feed")
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    core.start()
    offer_catalog(core, catalog)
    qtbot.waitUntil(lambda: "tile.browse" in window.home.tile_buttons and window.voice is not None)
    voice = RecordingOutput()
    window.voice.guidance.output_for = lambda lang: voice
    return core, window


def said(window) -> list[str]:
    return [s.text for s in window.voice.guidance.log]


def test_browse_reads_life_events_and_departments(qtbot, kiosk) -> None:
    _core, window = kiosk
    window.voice.guidance.set_enabled(True)
    qtbot.mouseClick(window.home.tile_buttons["tile.browse"], Qt.MouseButton.LeftButton)
    browse = window.browse.browse_screen
    qtbot.waitUntil(lambda: "分类浏览" in said(window), timeout=3000)
    tap_row(qtbot, browse.list, browse.row("个人办事"))
    qtbot.waitUntil(lambda: "个人办事" in said(window), timeout=3000)  # the new level, read in place
    person = said(window)[said(window).index("个人办事") :]
    assert person[1].startswith("请按数字键选择：1，") and person[2].startswith("共16项")
    events = [t for _, _, t in browse.entries()][:3]
    listed = pron(person[1])
    for title in events:  # each life event is pronounced in the list, in Mandarin
        assert pron(title) in listed, (title, listed)
    assert "(" not in listed

    qtbot.mouseClick(browse.nav.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "按部门" in said(window)[-1], timeout=3000)
    tap_row(qtbot, browse.list, browse.row("按部门"))
    qtbot.waitUntil(lambda: said(window)[-1] != person[-1] and "按部门" in said(window)[-4:], timeout=3000)
    depts = said(window)[len(said(window)) - said(window)[::-1].index("按部门") :]
    dept = [t for _, _, t in browse.entries()][0]
    assert depts[0].startswith(f"请按数字键选择：1，{dept}")
    assert pron(dept) in pron(depts[0])


def test_the_commitment_is_read_before_i_promise(qtbot) -> None:
    screen = CaseCommitmentScreen()
    qtbot.addWidget(screen)
    screen.show_commitment("居住证申领", [("近期免冠照片", "2026-12-21")])
    screen.show()
    said = texts(screen)
    promise = next(i for i, t in enumerate(said) if "本人承诺：" in t)
    offer = next(i for i, t in enumerate(said) if "我承诺" in t and "本人承诺" not in t)
    assert promise < offer
    heard = pron(said[promise])
    assert pron("本人承诺") in heard and pron("法律责任") in heard
    assert pron("十二月二十一日") in heard  # the due date as a date, not digits in English
    assert "(" not in heard


def test_the_rating_levels_are_read(qtbot) -> None:
    from ui.widgets.keyboard import KeyboardWidget

    screen = CaseRatingScreen(KeyboardWidget())  # as the kiosk builds it, its keyboard below
    qtbot.addWidget(screen)
    screen.reset("居住证申领")
    screen.show()
    choices = next(t for t in texts(screen) if t.startswith("请按数字键选择"))
    heard = pron(choices)
    for n, level in enumerate(("非常满意", "满意", "基本满意", "不满意", "非常不满意"), 1):
        assert f"{n}，{level}；" in choices
        assert pron(level) in heard
    screen.pick(2)  # a low level: the reasons are asked for and read (the keyboard shows)
    low = texts(screen)
    assert "哪里不满意？（可多选）" in low
    assert "✓" not in " ".join(low)  # the mark on the chosen level is not read


def test_the_back_arrow_is_not_read(qtbot) -> None:
    bar = NavBar()
    qtbot.addWidget(bar)
    assert bar.back_button.text() == "‹ 返回"
    assert button_text(bar.back_button) == "返回"
    assert engine_text(bar.back_button.text(), "zh_CN") == "返回"  # what a Qt engine is given
    assert pron(button_text(bar.back_button)) == pron("返回") == "f'a21n_| X'uei35_|"

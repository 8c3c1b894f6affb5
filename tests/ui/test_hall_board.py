"""The hall board fed by a live hub (a real uvicorn subprocess): tickets issued and called
through the kiosk's and the windows' clients appear as number → window with the waiting
counts, each live call is played once — chime, then the sentence twice — one call at a
time; a hub killed with SIGKILL is reported within seconds and caught up with when it
returns, without speaking old calls again; and the board is readable across the hall:
called numbers ≥ 150 px, every other text ≥ 40 px at 1920×1080 and 1080×1920."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.bootstrap import offer_hub
from kiosk.config.loader import demo_settings
from kiosk.config.settings import SpeechSettings
from kiosk.core import Core
from kiosk.queue.connection import HubConnection
from kiosk.speech import CallWords, assemble_call
from kiosk.speech.voice_pack import VoicePackVoice
from kiosk.speech.wav import read_wav
from tests.rigs.hub import sqlite_hub as hub  # noqa: F401 - a fixture
from tests.speech_audio import make_tone_pack
from ui import i18n, theme
from ui.board_window import HallBoardWindow
from ui.bridge import CoreBridge

pytestmark = [pytest.mark.gui, pytest.mark.slow]


class RecordingPlayer:
    """Takes what the loudspeaker would play; each sound 'plays' for a moment, so two
    calls at once would overlap here."""

    def __init__(self) -> None:
        self.played: list[bytes] = []
        self.playing = 0
        self.overlapped = False
        self._lock = threading.Lock()

    def __call__(self, wav: bytes) -> None:
        with self._lock:
            self.playing += 1
            self.overlapped |= self.playing > 1
        time.sleep(0.05)
        with self._lock:
            self.playing -= 1
            self.played.append(wav)


@pytest.fixture
def board(qtbot, tmp_path: Path):
    """Make a hall board window at a size, with a tone voice pack and a recording player."""
    made: list[tuple[HallBoardWindow, Core]] = []
    pack = make_tone_pack(tmp_path / "pack")

    def make(hub_rig, size: tuple[int, int] = (1920, 1080)) -> tuple[HallBoardWindow, RecordingPlayer]:
        settings = replace(
            demo_settings("display"),
            data_dir=tmp_path,
            speech=SpeechSettings(engine="voice_pack", voice_pack=str(pack)),
        )
        core = Core.from_settings(settings)
        i18n.set_language("zh_CN")
        app = QApplication.instance()
        app.setStyleSheet(theme.style_sheet(theme.THEMES["normal"]))
        player = RecordingPlayer()
        window = HallBoardWindow(core, CoreBridge(app), player=player)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        if hub_rig is not None:
            offer_hub(core, HubConnection(hub_rig.url, hub_rig.tokens["display"]))
        made.append((window, core))
        return window, player

    yield make
    for window, core in made:
        window.close()
        core.stop()


def part(pcm, segment) -> bytes:
    """The frames of ``pcm`` that ``segment`` covers."""
    step = pcm.channels * pcm.width
    return pcm.frames[round(segment.start_s * pcm.rate) * step : round(segment.end_s * pcm.rate) * step]


def spoken(wav: bytes, pack: VoicePackVoice) -> tuple[str, int]:
    """Which call a played sound is, checked part by part: the chime, then the same
    sentence twice."""
    pcm = read_wav(wav)
    for number in ("A001", "A002", "B001", "A003", "A004"):
        for window in (3, 5):
            words = CallWords.of(number, window)
            audio = assemble_call(words, "zh_CN", pack)
            if audio.wav == wav:
                names = [s.name for s in audio.segments]
                assert names == ["chime", "gap", "sentence", "pause", "sentence", "tail"]
                one = read_wav(pack.render(words, "zh_CN")).frames
                first, second = (part(pcm, s) for s in audio.segments if s.name == "sentence")
                assert first == second == one
                return number, window
    raise AssertionError("a sound that is no call the test made")


def issue(hub_rig, *services: str) -> None:
    with hub_rig.client("kiosk") as kiosk:
        for service in services:
            kiosk.issue_ticket(service)


def call(hub_rig, *windows: int) -> None:
    for win in windows:
        with hub_rig.client(f"window:{win}") as clerk:
            clerk.call_next(win)


def numbers_shown(window: HallBoardWindow) -> list[tuple[str, str]]:
    b = window.board
    if not b.current.isVisible():
        return []
    rows = [(n.text(), w.text()) for n, w in b.rows if n.isVisible()]
    return [(b.current_number.text(), b.current_window.text()), *rows]


def test_calls_show_and_are_spoken_once_each_and_a_killed_hub_is_caught_up(qtbot, hub, board, tmp_path) -> None:
    window, player = board(hub)
    qtbot.waitUntil(lambda: window.view().synced and window.view().state == "connected", timeout=10000)
    assert window.board.welcome.isVisible() and numbers_shown(window) == []  # a calm welcome, no table
    qtbot.waitUntil(lambda: [w.name for w in window.view().waiting][:2] == ["综合受理", "社保医保"], timeout=5000)

    issue(hub, "A", "A", "B")
    qtbot.waitUntil(lambda: [w.waiting for w in window.view().waiting][:2] == [2, 1], timeout=5000)
    call(hub, 3, 5)
    qtbot.waitUntil(lambda: numbers_shown(window) == [("A002", "请到 5 号窗口"), ("A001", "3号窗口")], timeout=5000)
    assert not window.board.welcome.isVisible()
    cards = {code: (name.text(), count.text()) for code, (_, name, count) in window.board.waiting_cards.items()}
    assert cards["A"] == ("综合受理", "0 人等候") and cards["B"] == ("社保医保", "1 人等候")
    assert window.board.flashing  # the new call blinks ...
    qtbot.waitUntil(lambda: not window.board.flashing, timeout=5000)  # ... for about three seconds

    pack = VoicePackVoice(tmp_path / "pack")
    qtbot.waitUntil(lambda: len(player.played) == 2, timeout=10000)
    assert [spoken(w, pack) for w in player.played] == [("A001", 3), ("A002", 5)]
    assert not player.overlapped

    hub.kill()
    killed = time.monotonic()
    qtbot.waitUntil(lambda: window.board.banner.isVisible(), timeout=8000)
    assert time.monotonic() - killed < 6
    assert window.board.banner.text().startswith("连接中断，正在重连…")
    assert "最后更新" in window.board.banner.text()
    assert numbers_shown(window)[0] == ("A002", "请到 5 号窗口")  # the last known state stays up

    hub.restart()
    call(hub, 3)  # made before the board is back, or just after
    qtbot.waitUntil(
        lambda: numbers_shown(window)[:2] == [("B001", "请到 3 号窗口"), ("A002", "5号窗口")], timeout=10000
    )
    qtbot.waitUntil(lambda: not window.board.banner.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: len(player.played) == 3, timeout=10000)
    qtbot.wait(1500)  # time for a wrong replay to be spoken
    assert [spoken(w, pack) for w in player.played] == [("A001", 3), ("A002", 5), ("B001", 3)]
    assert [w.waiting for w in window.view().waiting][:2] == [0, 0]


def test_a_board_joining_late_shows_the_calls_and_speaks_none(qtbot, hub, board) -> None:
    issue(hub, "A", "A", "A")
    call(hub, 3, 5)
    window, player = board(hub)
    qtbot.waitUntil(lambda: numbers_shown(window) == [("A002", "请到 5 号窗口"), ("A001", "3号窗口")], timeout=10000)
    assert not window.board.flashing
    qtbot.wait(1000)
    assert player.played == []  # a snapshot is shown, never spoken


def test_a_finished_ticket_leaves_now_calling_at_once_and_for_a_late_board(qtbot, hub, board) -> None:
    """Finding 13: the board showed a finished ticket as 正在呼叫 for 12 minutes."""
    window, _ = board(hub)
    qtbot.waitUntil(lambda: window.view().synced and window.view().state == "connected", timeout=10000)
    issue(hub, "A", "A")
    called = {}
    for win in (3, 5):
        with hub.client(f"window:{win}") as clerk:
            called[win] = clerk.call_next(win)
    qtbot.waitUntil(lambda: numbers_shown(window) == [("A002", "请到 5 号窗口"), ("A001", "3号窗口")], timeout=5000)
    with hub.client("window:5") as clerk:
        clerk.act(called[5].id, "finish")  # A002 served; A001 still called at window 3
    qtbot.waitUntil(lambda: numbers_shown(window) == [("A001", "请到 3 号窗口"), ("A002", "5号窗口")], timeout=5000)
    with hub.client("window:3") as clerk:
        clerk.act(called[3].id, "skip")  # nobody came for A001 either
    qtbot.waitUntil(
        lambda: numbers_shown(window) == [("—", ""), ("A002", "5号窗口"), ("A001", "3号窗口")], timeout=5000
    )
    late, _ = board(hub)  # a board started now learns it from the snapshot
    qtbot.waitUntil(lambda: numbers_shown(late) == [("—", ""), ("A002", "5号窗口"), ("A001", "3号窗口")], timeout=10000)


def test_a_board_without_a_hub_says_so_after_a_few_seconds(qtbot, board) -> None:
    window, _ = board(None)
    assert not window.board.banner.isVisible()
    qtbot.waitUntil(lambda: window.board.banner.isVisible(), timeout=6000)
    assert window.board.banner.text() == "连接中断，正在重连…  尚未收到叫号信息"


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_numbers_are_150_px_and_every_other_text_40_px(qtbot, hub, board, size) -> None:
    issue(hub, *"AAAAAA")
    call(hub, 1, 2, 3, 4, 5)
    window, _ = board(hub, size)
    qtbot.waitUntil(lambda: len(numbers_shown(window)) >= 4, timeout=10000)
    hub.kill()  # the banner too
    qtbot.waitUntil(lambda: window.board.banner.isVisible(), timeout=8000)
    assert (window.width(), window.height()) == size  # nothing made it larger than its screen

    b = window.board
    number_labels = [b.current_number] + [n for n, _ in b.rows if n.isVisible()]
    assert len(number_labels) >= 4
    for label in number_labels:
        label.ensurePolished()
        assert label.font().pixelSize() >= 150, label.text()
        assert QFontMetrics(label.font()).height() >= 150
        assert label.height() >= 150
    others = [w for w in window.findChildren(QLabel) if w.isVisible() and w.text() and w not in number_labels]
    assert b.banner in others and window.header.clock in others
    for label in others:
        label.ensurePolished()
        assert label.font().pixelSize() >= 40, (label.text(), label.font().pixelSize())
    b.notice.ensurePolished()
    assert b.notice.font().pixelSize() >= 40 and "请留意叫号，过号请重新取号" in b.notice.text()
    # Every visible text lies inside the window: nothing is pushed off the screen.
    for label in [*number_labels, *others]:
        top_left = label.mapTo(window, label.rect().topLeft())
        assert top_left.y() >= 0 and top_left.y() + label.height() <= window.height(), label.text()


def test_the_boards_colours_read_from_across_the_hall() -> None:
    from ui.screens import hall_board as hb

    for fg, bg in (
        (hb.TEXT, hb.BG),
        (hb.NUMBER, hb.BG),
        (hb.NUMBER, hb.PANEL),
        (hb.TEXT, hb.PANEL),
        (hb.MUTED, hb.BG),
        (hb.MUTED, hb.PANEL),
        (hb.BG, hb.NUMBER),
    ):
        assert theme.contrast_ratio(fg, bg) >= 7.0, (fg, bg)
    assert theme.contrast_ratio(hb.TEXT, hb.BANNER) >= 4.5


def test_the_notice_is_configurable_and_english_is_complete(qtbot, tmp_path) -> None:
    from kiosk.config.settings import HallSettings
    from kiosk.queue.board import BoardCall, BoardView, WaitingCount

    settings = replace(
        demo_settings("display"),
        data_dir=tmp_path,
        language="en",
        hall=HallSettings(notice="Lift out of order today: please use the stairs"),
    )
    core = Core.from_settings(settings)
    i18n.set_language("en")
    try:
        window = HallBoardWindow(core, CoreBridge(QApplication.instance()))
        qtbot.addWidget(window)
        window.resize(1920, 1080)
        window.show()
        assert window.board.notice.text() == "Lift out of order today: please use the stairs"
        assert window.board.welcome_title.text() == "Welcome"
        calls = (BoardCall("A012", "A", 3, "2026-12-02T09:30:00+08:00"), BoardCall("B002", "B", 12, ""))
        window.show_view(BoardView(calls, (WaitingCount("A", "综合受理", 4),), "lost", True, None, 0, True))
        qtbot.wait(50)  # new cards are shown on the next turn of the event loop
        assert window.board.current_window.text() == "Please go to window 3"
        assert window.board.rows[0][1].text() == "Window 12"
        assert window.board.waiting_cards["A"][2].text() == "4 waiting"
        assert window.board.banner.text() == "Connection lost, reconnecting…  no queue data yet"
        han = [
            w.text()
            for w in window.board.findChildren(QLabel)
            if w.isVisible() and any("\u4e00" <= ch <= "\u9fff" for ch in w.text())
        ]
        assert han == ["综合受理"]  # only the hub's own service name stays Chinese
    finally:
        core.stop()
        i18n.set_language("zh_CN")


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_longest_numbers_and_windows_fit_whole(qtbot, tmp_path: Path, size) -> None:
    """Wide numbers (the leases' band A701 ...) at two-digit windows: every number and
    window text fits its place at full size, never clipped."""
    from kiosk.queue.board import BoardCall, BoardView, WaitingCount

    core = Core.from_settings(replace(demo_settings("display"), data_dir=tmp_path))
    i18n.set_language("zh_CN")
    app = QApplication.instance()
    app.setStyleSheet(theme.style_sheet(theme.THEMES["normal"]))
    window = HallBoardWindow(core, CoreBridge(app))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    calls = tuple(BoardCall(n, n[0], w, "") for n, w in (("A888", 12), ("B701", 12), ("G999", 11), ("C800", 10)))
    window.show_view(BoardView(calls, (WaitingCount("A", "综合受理", 4),), "connected", False, None, 0, True))
    qtbot.wait(50)
    b = window.board
    labels = [b.current_number, b.current_window] + [w for row in b.rows for w in row if w.isVisible()]
    assert len(labels) == 2 + 2 * 3
    for label in labels:
        label.ensurePolished()
        need = QFontMetrics(label.font()).horizontalAdvance(label.text())
        assert need <= label.contentsRect().width(), (label.text(), need, label.width())
    assert all(n.font().pixelSize() >= 150 for n in [b.current_number] + [n for n, _ in b.rows])

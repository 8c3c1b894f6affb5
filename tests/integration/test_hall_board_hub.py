"""``HallBoard`` (no Qt) against a live hub subprocess: keep-alive comments keep a quiet
board from calling itself stale, a frozen hub (SIGSTOP: the link stays open, nothing
comes) is reported after the silence limit, and the announcer gets each live call once,
in order."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from kiosk.queue.board import BoardModel, HallBoard
from kiosk.queue.connection import HubConnection
from kiosk.speech import CallAnnouncer, CallWords, assemble_call
from kiosk.speech.voice_pack import VoicePackVoice
from tests.rigs.hub import running_hub
from tests.speech_audio import make_tone_pack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.slow


def test_keep_alives_keep_a_quiet_board_alive_and_a_frozen_hub_is_reported(tmp_path: Path) -> None:
    with running_hub(tmp_path / "hub", extra=("--keepalive", "0.5")) as hub:
        board = HallBoard(
            HubConnection(hub.url, hub.tokens["display"]), None, model=BoardModel(time.time(), silent_after_s=2.0)
        )
        board.start()
        try:
            wait_for(lambda: board.view().state == "connected" and board.view().synced)
            time.sleep(3.0)  # nothing happens in the hall; only keep-alives arrive
            assert not board.view().lost
            os.killpg(hub.proc.pid, signal.SIGSTOP)  # the link stays open; nothing comes
            try:
                stopped = time.monotonic()
                wait_for(lambda: board.view().lost, timeout_s=6.0)
                assert 1.5 < time.monotonic() - stopped < 4.5
                assert board.view().state == "connected"  # no FIN came: only the silence tells
            finally:
                os.killpg(hub.proc.pid, signal.SIGCONT)
            wait_for(lambda: not board.view().lost, timeout_s=5.0)
        finally:
            board.stop()


def test_each_live_call_goes_to_the_announcer_once_in_order(tmp_path: Path) -> None:
    pack = VoicePackVoice(make_tone_pack(tmp_path / "pack"))
    played: list[bytes] = []
    lock = threading.Lock()

    def player(wav: bytes) -> None:
        with lock:
            played.append(wav)

    announcer = CallAnnouncer(pack, player)
    with running_hub(tmp_path / "hub") as hub:
        board = HallBoard(HubConnection(hub.url, hub.tokens["display"]), announcer)
        views = []
        board.listen(views.append)
        board.start()
        try:
            wait_for(lambda: board.view().synced)
            with hub.client("kiosk") as kiosk:
                for service in "ABA":
                    kiosk.issue_ticket(service)
            calls, ids = [], {}
            for win in (2, 7, 4):
                with hub.client(f"window:{win}") as clerk:
                    ticket = clerk.call_next(win)
                    calls.append((ticket.number, win))
                    ids[ticket.number] = ticket.id
            with hub.client("window:7") as clerk:  # a recall is spoken again
                clerk.act(ids[calls[1][0]], "recall")
            calls.append((calls[1][0], 7))
            wait_for(lambda: len(played) == 4)
            assert announcer.wait_idle(10)
        finally:
            board.stop()
            announcer.close()
    assert calls == [("A001", 2), ("B001", 7), ("A002", 4), ("B001", 7)]
    assert played == [assemble_call(CallWords.of(n, w), "zh_CN", pack).wav for n, w in calls]
    view = board.view()
    assert [(c.number, c.window) for c in view.calls] == [("B001", 7), ("A002", 4), ("A001", 2)]
    assert views[-1].flash == 4 and [w.waiting for w in view.waiting][:2] == [0, 0]

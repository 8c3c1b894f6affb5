"""One hall, one time zone (issue 14, finding 7): on a machine set to UTC, with the hub
started in the same UTC environment, a ticket's time on paper is the hall's — the same
as the kiosk's screen clock — whether the hub issued it or the kiosk did, offline.
(Online tickets printed 22:33 while the screen clock and offline tickets said 14:33.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from drivers.printer import escpos_decode as dec
from kiosk.hall_time import hall_now
from tests.rigs.hub import running_hub
from tests.ui.test_kiosk_ticket import LEFT, _start, open_services, take

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture
def kiosk_in_utc(qtbot, tmp_path: Path, utc_machine):
    from kiosk.queue.offline import OfflineTickets

    with running_hub(tmp_path / "hub") as rig:  # the hub process inherits TZ=UTC
        offline = OfflineTickets.open(tmp_path / "data", size=3, low_water=1)
        core, window, sims, stop = _start(qtbot, tmp_path, rig, offline)
        yield core, window, sims, rig
        window.close()
        stop()
        offline.close()


def _minutes_around(take_it) -> tuple[set[str], object]:
    """The hall's HH:MM just before and just after ``take_it()`` (a minute may turn)."""
    before = f"{hall_now('Asia/Shanghai'):%H:%M}"
    out = take_it()
    return {before, f"{hall_now('Asia/Shanghai'):%H:%M}"}, out


def _paper_time(sims) -> str:
    line = next(ln for ln in dec.text_lines(dec.decode(sims.printer.jobs[-1])) if ln.startswith("取号时间"))
    return line[-5:]


def test_ticket_time_on_paper_is_the_screens_online_and_offline(qtbot, kiosk_in_utc) -> None:
    core, window, sims, rig = kiosk_in_utc
    assert time.strftime("%H:%M") not in {f"{hall_now('Asia/Shanghai'):%H:%M}"}  # the machine runs 8 h behind
    for online in (True, False):
        if not online:
            rig.stop()
            window.go_home()
        open_services(qtbot, window)
        jobs = len(sims.printer.jobs)
        minutes, done = _minutes_around(lambda: take(qtbot, window, "A"))
        assert done.ticket.offline is not online
        qtbot.waitUntil(lambda jobs=jobs: len(sims.printer.jobs) == jobs + 1, timeout=5000)
        window.header._tick()  # the clock as it reads now (its timer ticks every second)
        assert _paper_time(sims) in minutes, (online, _paper_time(sims), minutes)
        assert window.header.clock.text() in minutes | {f"{hall_now('Asia/Shanghai'):%H:%M}"}
        qtbot.mouseClick(done.done_button, LEFT)

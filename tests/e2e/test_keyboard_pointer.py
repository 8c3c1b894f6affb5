"""The on-screen keyboard under a finger: real pointer events (xdotool through the X
server) on the real kiosk window under Xvfb, with a kiosk window manager giving the
window the focus as the kiosk session's compositor does.

Found when tried as a new user would: a tap on a key took the focus from the search
field, a picked candidate (户口) put nothing in it, ⌫ deleted nothing, and the keys
moved down under the finger when the candidate bar slid in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO
from tests.rigs.xvfb import Xvfb

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def drive(display: str, data: Path, *args: str) -> dict[str, dict]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-m", "tests.e2e.keyboard_driver", str(data), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    steps = {s["step"]: s for s in (json.loads(line) for line in run.stdout.splitlines() if line.startswith("{"))}
    assert run.returncode == 0, (steps, run.stderr[-2000:])
    return steps


def test_the_keys_show_on_a_screen_without_a_window_manager(tmp_path: Path) -> None:
    """On a bare X screen (the window never activated) the window kept composing the
    panel's first frame: a dark slab where the keys were, for good, while a grab of the
    widget showed them."""
    with Xvfb(1920, 1080) as xvfb:
        opened = drive(xvfb.display, tmp_path / "data", "--only-open")["opened"]
    assert opened["keys_on_screen"], opened


def test_elder_modes_pinyin_keys_are_large_alphabetical_and_type(kiosk_display: str, tmp_path: Path) -> None:
    """Elder mode's own pinyin layout where characters are needed (a postal address):
    the stock QWERTY rows cannot give 110 px keys on a 1080 px wide screen."""
    elder = drive(kiosk_display, tmp_path / "data", "--elder-pinyin")["elder_pinyin"]
    assert elder["letters"] == "abcdefghijklmnopqrstuvwxyz"  # in the order of the alphabet
    assert elder["smallest_key"] >= 110 and min(elder["label_px"]) >= 36, elder
    assert "户口" in elder["candidates"] and elder["smallest_candidate"] >= 110, elder
    assert elder["query"] == "户口"


def test_a_finger_types_pinyin_picks_a_word_and_deletes(kiosk_display: str, tmp_path: Path) -> None:
    steps = drive(kiosk_display, tmp_path / "data")

    assert steps["opened"]["keyboard_ready"] and steps["opened"]["screen"] == "GuideSearchScreen"
    # What the X server shows: keys, not a slab of the panel's one background colour.
    assert steps["opened"]["keys_on_screen"], steps["opened"]
    # Typing a pinyin syllable composes it; the field keeps the focus throughout.
    assert steps["typed"]["focus"] == "QLineEdit"
    # The candidate bar's words are targets and body text under the kiosk's floors
    # (72 px, 24 px; they were 16-22 px words in a 32-42 px bar).
    assert "户口" in steps["typed"]["candidates"]
    assert steps["typed"]["smallest_candidate"] >= 72 and min(steps["typed"]["label_px"]) >= 24, steps["typed"]
    # The keyboard kept its height: the candidate bar was there from the start.
    assert steps["typed"]["keyboard_height"] == steps["opened"]["keyboard_height"]
    # The picked candidate lands in the field and finds the items.
    assert steps["picked"]["query"] == "户口" and steps["picked"]["focus"] == "QLineEdit"
    assert any("户口" in name for name in steps["picked"]["results"])
    # ⌫ deletes the last character.
    assert steps["backspace"]["query"] == "户"

    # Elder mode: big letter keys (no pinyin panel whose keys cannot reach 110 px) type
    # initials into the field, which keeps the focus; ⌫ and 清空 work; no input panel of
    # the input method's own appears over the kiosk.
    elder = steps["elder_typed"]
    assert elder["smallest_key"] >= 110 and not elder["keyboard"]
    assert any("户口" in name for name in elder["found"]), elder
    assert elder["after_backspace"] == "h"
    assert elder["query"] == "" and elder["focus"] == "QLineEdit"
    assert len(elder["windows"]) == 1, elder["windows"]

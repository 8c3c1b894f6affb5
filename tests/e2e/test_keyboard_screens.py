"""The pinyin keyboard on every screen that types, under a finger (xdotool taps on the
demo kiosk under Xvfb with a kiosk window manager), not only on the search.

Found on the real screen: the form's phone field showed letters (or a dark slab) and
typed nothing, 下一步 said 此项必填; on 办不成事 the candidate bar stayed empty and hide
and Enter did nothing. The cause was one InputPanel per screen, all registered with the
input method's one context; now the process has one keyboard that moves to the screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def drive(display: str, data: Path, what: str) -> dict[str, dict]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-m", "tests.e2e.keyboard_screens_driver", str(data), what],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    steps = {s["step"]: s for s in (json.loads(line) for line in run.stdout.splitlines() if line.startswith("{"))}
    assert run.returncode == 0, (steps, run.stderr[-2000:])
    return steps


def test_the_forms_phone_gets_digits_from_tapped_keys_and_next_passes(
    kiosk_display: str,
    tmp_path: Path,
) -> None:
    steps = drive(kiosk_display, tmp_path / "data", "form")
    # The number fields get the digit keys, drawn on the X screen, and take what is tapped.
    assert steps["form_typed"]["typed"] == {"phone": True, "bank_account": True}, steps
    assert steps["form_typed"]["values"] == {"phone": "13812341234", "bank_account": "6222020200112233446"}
    # 下一步 passes: the next step is on show, no 此项必填.
    assert steps["form_next"]["screen"] == "CaseMaterialsScreen", steps["form_next"]


def test_unresolved_shows_candidates_enter_moves_on_hide_hides_submit_stays(
    kiosk_display: str,
    tmp_path: Path,
) -> None:
    steps = drive(kiosk_display, tmp_path / "data", "unresolved")
    # The key in the shift key's place shows its symbol (pinyin's ' separator, drawn as
    # a blank key until a syllable was composed: its brightest pixel was grey 46).
    assert steps["separator"]["brightest"] >= 200, steps["separator"]
    typed = steps["unresolved_typed"]
    assert "户口" in typed["candidates"] and typed["candidates_on_screen"] > 3, typed
    picked = steps["unresolved_picked"]
    assert picked["text"] == "户口", picked
    # The button that files the form stays on the screen and is not under the keys.
    assert picked["submit_visible"] and picked["submit_on_screen"] and not picked["submit_covered"], picked
    assert steps["unresolved_enter"]["focus"], "Enter moves on to the next field"
    hidden = steps["unresolved_hidden"]
    assert hidden["hide_key"] and not hidden["keyboard_visible"], hidden
    # A tap on a field brings the keys back: the phone field's are digits, and type.
    again = steps["unresolved_again"]
    assert again["keyboard_visible"] and again["keys"] and not again["letters"], again
    assert again["phone"] == "13812341234", again


def test_elder_unresolved_types_pinyin_with_candidates_and_keeps_submit_on_screen(
    kiosk_display: str,
    tmp_path: Path,
) -> None:
    """Elder mode's keys (two alphabetical rows across a wide screen) were drawn as a
    white area and typed nothing: the keyboard was fitted inside its own height binding
    (a binding loop), kept the five rows' height and hung its keys below its slot."""
    steps = drive_elder(kiosk_display, tmp_path / "data")
    typed = steps["unresolved_typed"]
    assert "户口" in typed["candidates"] and typed["candidates_on_screen"] > 3, typed
    picked = steps["unresolved_picked"]
    assert picked["text"] == "户口", picked
    # The keys fit above the buttons: none hangs over the button that files the form.
    assert picked["submit_visible"] and picked["submit_on_screen"] and not picked["submit_covered"], picked
    assert steps["unresolved_enter"]["focus"], "Enter moves on to the next field"
    # The phone field gets elder mode's digit pad (two rows across), and it types.
    again = steps["unresolved_again"]
    assert again["keys"] and not again["letters"] and again["phone"] == "13812341234", again


def drive_elder(display: str, data: Path) -> dict[str, dict]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-m", "tests.e2e.keyboard_screens_driver", str(data), "unresolved", "", "elder"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    steps = {s["step"]: s for s in (json.loads(line) for line in run.stdout.splitlines() if line.startswith("{"))}
    assert run.returncode == 0, (steps, run.stderr[-2000:])
    return steps

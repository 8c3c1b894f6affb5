"""A hand-written configuration with an error: under the kiosk session unit
(``--on-config-error screen``) the terminal shows the technician's screen with the
one-line reason instead of exiting 2 every second, and ends by itself once the file
changes so the unit starts it again with the new file."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from tests.helpers import REPO
from ui import i18n
from ui.screens.config_problem import ConfigProblemScreen

pytestmark = pytest.mark.gui
BAD = 'config_version = 1\nrole = "kiosk"\nidle_timeout_s = "soon"\n'


def test_the_screen_says_what_and_where(qtbot) -> None:
    screen = ConfigProblemScreen(
        "configuration error: /etc/hall-kiosk/config.toml: idle_timeout_s: must be a whole number",
        "/etc/hall-kiosk/config.toml",
    )
    qtbot.addWidget(screen)
    assert "idle_timeout_s" in screen.reason.text()
    assert "kiosk config check /etc/hall-kiosk/config.toml" in screen.hint.text()
    assert screen.out_of_service.text() == i18n.tr("config_problem.out_of_service")
    assert "暂停服务" in screen.out_of_service.text()


@pytest.mark.slow
def test_a_bad_file_under_the_unit_shows_the_screen_until_it_changes(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(BAD, encoding="utf-8")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify"))
    sock.settimeout(60)
    shot = tmp_path / "problem.png"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NOTIFY_SOCKET": str(tmp_path / "notify"),
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "run", "--log-json", "--on-config-error", "screen"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert sock.recv(4096) == b"READY=1"  # the unit counts it as started: no restart loop
        shown = json.loads(proc.stderr.readline())
        assert shown["event"] == "config_problem_shown"
        assert "idle_timeout_s" in shown["error"] and str(config) in shown["error"]
        time.sleep(2)
        assert proc.poll() is None  # still showing the screen, not exiting 2

        config.write_text(BAD.replace('"soon"', "120"), encoding="utf-8")
        assert proc.wait(timeout=10) == 0
        assert "config_changed" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
        sock.close()

    # The same screen, as a picture: text on it, not a blank. (A missing file is not a
    # problem but a new terminal: it opens the set-up wizard.)
    config.write_text(BAD, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--config",
            str(config),
            "run",
            "--on-config-error",
            "screen",
            "--screenshot",
            str(shot),
        ],
        cwd=REPO,
        env={**env, "NOTIFY_SOCKET": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    image = Image.open(shot).convert("L")
    assert ImageStat.Stat(image).stddev[0] > 10

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from tests.helpers import REPO
from tests.rigs.xvfb import Xvfb


@pytest.fixture(scope="session")
def xvfb() -> Iterator[Xvfb]:
    with Xvfb() as server:
        yield server


# Qt messages known to be harmless here, by exact text (HARDWARE.md §7). Anything else
# Qt prints fails the test that saw it.
HARMLESS_QT_MESSAGES = {
    # QtMultimedia looks for PipeWire to list audio devices and falls back to PulseAudio /
    # ALSA; which line it says depends on whether libpipewire is installed at all.
    "qt.multimedia.symbolsresolver: Couldn't resolve pipewire-0.3 symbols",
    "qt.multimedia.symbolsresolver: Couldn't load pipewire-0.3 library",
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support setting window masks",
    # The hall board probes Qt's speech engines (kiosk.speech.select); Qt's speechd
    # plug-in says this when speech-dispatcher is not installed, and espeak-ng speaks.
    'Error loading text-to-speech plug-in "speechd"',
}


@dataclass
class AppProcess:
    """The application running as a subprocess, its JSON log lines collected."""

    proc: subprocess.Popen[str]
    events: list[dict] = field(default_factory=list)
    other_lines: list[str] = field(default_factory=list)

    def unexpected_qt_messages(self) -> list[str]:
        return [line for line in self.other_lines if line not in HARMLESS_QT_MESSAGES]

    def wait_for(self, event: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                if self.proc.poll() is not None:
                    break
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                self.other_lines.append(line.rstrip("\n"))  # Qt's own messages are plain text
                continue
            self.events.append(record)
            if record.get("event") == event:
                return record
        raise AssertionError(f"no {event!r} within {timeout} s; got {[e.get('event') for e in self.events]}")

    def stop(self) -> int:
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
        finally:
            self.proc.stderr.close()


@pytest.fixture
def launch(xvfb: Xvfb, tmp_path) -> Iterator:
    apps: list[AppProcess] = []

    def start(*args: str) -> AppProcess:
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env.update(
            DISPLAY=xvfb.display,
            QT_QPA_PLATFORM="xcb",
            XDG_DATA_HOME=str(tmp_path / "data"),
            XDG_CONFIG_HOME=str(tmp_path / "config"),
            XDG_RUNTIME_DIR=str(tmp_path),
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", "--log-json", *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        app = AppProcess(proc)
        apps.append(app)
        return app

    yield start
    for app in apps:
        if app.proc.poll() is None:
            app.stop()
        app.proc.stderr.close()


@contextmanager
def screen_with_window_manager(width: int, height: int) -> Iterator[str]:
    """A bare X screen of ``width`` x ``height`` with a kiosk window manager."""
    for tool in ("xdotool", "matchbox-window-manager"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: run tools/bootstrap.sh as root")
    with Xvfb(width, height) as xvfb:
        wm = subprocess.Popen(
            ["matchbox-window-manager", "-use_titlebar", "no"],
            env={**os.environ, "DISPLAY": xvfb.display},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.3)
        try:
            yield xvfb.display
        finally:
            wm.terminate()
            wm.wait(timeout=5)


@pytest.fixture
def kiosk_display() -> Iterator[str]:
    """A bare 1920x1080 X screen with a window manager, for real pointer taps (xdotool)."""
    with screen_with_window_manager(1920, 1080) as display:
        yield display


@pytest.fixture
def portrait_display() -> Iterator[str]:
    """An upright 1080x1920 kiosk screen with a window manager (STANDARDS.md §3)."""
    with screen_with_window_manager(1080, 1920) as display:
        yield display

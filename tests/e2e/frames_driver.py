"""Taps the kiosk's buttons on the real X screen and watches every frame after each tap
(finding 12: black and grey frames, a tap that shows nothing for seconds).

The kiosk runs in this process, as the terminal starts it (the demo's simulators, a
live hub subprocess); the frames are taken by ``tests.e2e.screen_grab`` in a process of
its own, which also makes the tap (XTEST), so that tap and frames share one clock while
this process's event loop runs freely.

Run by ``test_frames_pointer.py`` and ``bench/taps.py`` as ``python -m
tests.e2e.frames_driver DATA_DIR [--runs N] [--png DIR]`` with DISPLAY set; prints one
JSON line per tap: ``{"tap": name, "journey": ..., "first_change_ms": ..., "bad": [...]}``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import QApplication, QListWidget, QPushButton, QWidget

from kiosk.config.loader import demo_settings
from kiosk.core import Core
from tests.e2e.keyboard_driver import pump, wait_for
from tests.helpers import REPO, bring_up_demo
from tests.rigs.hub import running_hub
from ui.app import create_application, start_role

HOLD_MS = 60  # a quick finger's tap: pressed this long, then released
SETTLE_S = 0.6  # after the screen reached where the tap leads, frames are watched this long


class Grabber:
    """The ``tests.e2e.screen_grab`` process: it taps, and takes the frames after."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.screen_grab"],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = json.loads(self.proc.stdout.readline())
        assert ready["ready"], ready

    def tap(
        self, app: QApplication, at: QPoint, arrived: Callable[[], bool], save: str | None, timeout_s: float
    ) -> dict:
        """Tap at ``at`` (screen coordinates) and watch until ``arrived()`` holds and the
        screen had SETTLE_S to settle (or ``timeout_s`` passed)."""
        self.watch(at.x(), at.y(), save)
        pump(app, 0.12)  # the press and release reach the window
        reached = wait_for(app, arrived, timeout_s)
        pump(app, SETTLE_S)
        answer = self.stop()
        answer["arrived"] = reached
        return answer

    def watch(self, x: int, y: int, save: str | None = None) -> None:
        """Tap at (x, y) and take frames from then on."""
        self._send({"cmd": "watch", "x": x, "y": y, "hold_ms": HOLD_MS, "save": save})

    def stop(self) -> dict:
        """What the frames since ``watch`` showed (screen_grab.watch)."""
        self._send({"cmd": "stop"})
        return json.loads(self.proc.stdout.readline())

    def _send(self, command: dict) -> None:
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        self._send({"cmd": "quit"})
        self.proc.wait(timeout=10)


def centre(w: QWidget) -> QPoint:
    return w.mapToGlobal(QPoint(w.width() // 2, w.height() // 2))


def button(screen: QWidget, text: str) -> QPushButton:
    """The shown button of ``screen`` that says ``text``."""
    return next(b for b in screen.findChildren(QPushButton) if b.isVisible() and b.text() == text)


def row_centre(results: QListWidget, row: int) -> QPoint:
    rect = results.visualItemRect(results.item(row))
    return results.viewport().mapToGlobal(rect.center())


class StrayWindows(QObject):
    """Notes every window shown other than the kiosk's: a widget made visible before it
    had a parent is a window of its own for a moment, which the kiosk's window manager
    maximises (a full grey screen). The frames show it; this names the widget."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.seen: list[str] = []

    def eventFilter(self, watched, event) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.window
        ):
            self.seen.append(f"{type(watched).__name__} {watched.objectName()} {getattr(watched, 'text', str)()!r}")
        return False


@dataclass
class Tap:
    """One button of a journey: where it is when it is tapped, and what shows it worked."""

    name: str
    journey: str
    where: Callable[[], QPoint]
    arrived: Callable[[], bool]
    timeout_s: float = 15.0


class Kiosk:
    """The demo kiosk in this process, and the taps of the journeys on it."""

    def __init__(self, app: QApplication, data: Path, hub) -> None:
        base = demo_settings("kiosk")
        settings = replace(base, data_dir=data / "app", hub=replace(base.hub, url=hub.url, token=hub.tokens["kiosk"]))
        self.app = app
        self.core = Core.from_settings(settings)
        self.window = start_role(self.core, fullscreen=False)
        self.window.showMaximized()
        self.strays = StrayWindows(self.window)
        app.installEventFilter(self.strays)
        self.sims, self.stop = bring_up_demo(self.core)
        wait_for(app, lambda: {"tile.ticket", "tile.apply"} <= set(self.window.home.tile_buttons), 30.0)
        pump(app, 1.0)

    def showing(self, name: str) -> bool:
        """The screen ``name`` is on show: the window's home, or a room's screen."""
        w = self.window
        places = (w, w.guides, w.browse, w.tickets)
        screen = next((getattr(p, name) for p in places if getattr(p, name, None) is not None), None)
        return screen is not None and w.stack.currentWidget() is screen

    def home_tile(self, key: str) -> Callable[[], QPoint]:
        return lambda: centre(self.window.home.tile_buttons[key])

    def taps(self) -> list[Tap]:
        """The journeys' taps in the order a citizen makes them (JOURNEYS.md 1 and 4)."""
        w = self.window
        cases = lambda: w.cases.screens.get("identify")
        return [
            # Journey 4: take a number.
            Tap("取号", "take a number", self.home_tile("tile.ticket"), lambda: self._services_shown()),
            Tap(
                "a category",
                "take a number",
                lambda: centre(next(iter(w.tickets.ticket_services.tiles.values()))),
                lambda: self.showing("ticket_done") and w.tickets.ticket_done.ticket.print_state != "printing",
            ),
            Tap(
                "完成", "take a number", lambda: centre(w.tickets.ticket_done.done_button), lambda: self.showing("home")
            ),
            # Journey 1: self-service application, the guide, the notice.
            Tap(
                "自助申报",
                "apply",
                self.home_tile("tile.apply"),
                lambda: self.showing("search_screen") and self._keyboard_drawn(),
            ),
            Tap(
                "a guide",
                "apply",
                lambda: row_centre(w.guides.search_screen.results, 0),
                lambda: self.showing("guide_screen"),
            ),
            Tap(
                "打印一次性告知单",
                "apply",
                lambda: centre(w.guides.guide_screen.print_button),
                # Printed, or not (a busy machine's simulator may not answer in time): the
                # result's own screen either way.
                lambda: w.guides.guide_screen.pages.currentIndex() == 1,
            ),
            Tap(
                "返回指南",
                "apply",
                lambda: centre(w.guides.guide_screen.result_back),
                lambda: w.guides.guide_screen.pages.currentIndex() == 0,
            ),
            Tap(
                "立即办理",
                "apply",
                lambda: centre(w.guides.guide_screen.apply_button),
                lambda: cases() is not None and w.stack.currentWidget() is cases(),
            ),
            Tap("返回", "apply", lambda: centre(cases().back_button), lambda: w.stack.currentWidget() is not cases()),
            # Journey 1: browsing, and ‹ 返回 of the browse screens.
            Tap("分类浏览", "browse", self.home_tile("tile.browse"), lambda: self.showing("browse_screen")),
            Tap(
                "‹ 返回", "browse", lambda: centre(w.browse.browse_screen.nav.back_button), lambda: self.showing("home")
            ),
            # Journey 1: elder mode in and out.
            Tap(
                "长辈模式", "elder mode", lambda: centre(w.home.elder_button), lambda: w.elder and self.showing("home")
            ),
            Tap(
                "标准模式",
                "elder mode",
                lambda: centre(w.home.elder_button),
                lambda: not w.elder and self.showing("home"),
            ),
        ]

    def _services_shown(self) -> bool:
        s = self.window.tickets.ticket_services
        return self.showing("ticket_services") and s is not None and len(s.tiles) > 0

    def _keyboard_drawn(self) -> bool:
        from ui.widgets.keyboard import KeyboardWidget

        keyboard = self.window.guides.search_screen.findChild(KeyboardWidget)
        return keyboard is None or (keyboard.isVisible() and keyboard._keys_loaded())

    def close(self) -> None:
        self.window.close()
        self.stop()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--runs", type=int, default=1, help="times through the journeys")
    ap.add_argument("--png", type=Path, help="folder for pictures of bad frames and of each tap's last")
    args = ap.parse_args()
    app = create_application(onscreen_keyboard=True)  # as the launcher starts the kiosk role
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
    with running_hub(args.data / "hub") as hub:
        kiosk = Kiosk(app, args.data, hub)
        grabber = Grabber()
        try:
            for run in range(args.runs):
                for tap in kiosk.taps():
                    save = str(args.png / f"{run}-{tap.name}") if args.png else None
                    started = time.monotonic()
                    answer = grabber.tap(app, tap.where(), tap.arrived, save, tap.timeout_s)
                    answer["strays"], kiosk.strays.seen = kiosk.strays.seen, []
                    answer.update(
                        tap=tap.name, journey=tap.journey, run=run, took_s=round(time.monotonic() - started, 2)
                    )
                    print(json.dumps(answer, ensure_ascii=False), flush=True)
                    if not answer["arrived"]:  # the next taps would aim at the wrong screen
                        print(f"{tap.name}: the screen never arrived", file=sys.stderr)
                        return 1
        finally:
            grabber.close()
            kiosk.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

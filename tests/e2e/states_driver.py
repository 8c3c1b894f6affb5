"""Drives the window terminal and the kiosk the way a clerk's and a citizen's fingers do:
real pointer taps and keys sent to the X server with ``xdotool`` on the real windows
under Xvfb, the demo's simulators, a live hub subprocess (tests/rigs/hub.py).

Run by ``test_states_pointer.py`` as ``python -m tests.e2e.states_driver window|kiosk
DATA_DIR`` with DISPLAY set; prints one JSON line per step (what the screen shows then).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.config.loader import demo_settings
from kiosk.core import Core
from tests.e2e.keyboard_driver import pump, tap_widget, wait_for
from tests.helpers import bring_up_demo
from tests.rigs.hub import running_hub
from ui.app import create_application, start_role


def key(app: QApplication, name: str) -> None:
    """One real key press (XTEST) to the focused window."""
    subprocess.run(["xdotool", "key", name], check=True, timeout=10)
    pump(app, 0.35)


def texts(widget: QWidget) -> str:
    shown = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QPushButton) if w.isVisible()]
    return "\n".join(shown)


def hub_words(lock: QWidget) -> str:
    """What the lock screen says of the hub ("" where it says nothing)."""
    label = getattr(lock, "hub_state", None)
    return label.text() if label is not None and label.isVisible() else ""


def say(step: str, **data) -> None:
    print(json.dumps({"step": step, **data}, ensure_ascii=False), flush=True)


def note(what: str) -> None:
    """Where the journey is, on stderr (shown when the test fails)."""
    print(f"{time.monotonic():.1f} {what}", file=sys.stderr, flush=True)


def window_journey(data: Path) -> int:
    """Findings 3 and 9: the lock waits while a citizen is served, falls when the window
    is truly idle, opens nothing but the PIN, and says when the hub is lost."""
    app = create_application(onscreen_keyboard=False)  # as the launcher starts the window role
    with running_hub(data / "hub") as hub:
        base = demo_settings("window")
        settings = replace(
            base, data_dir=data / "app", hub=replace(base.hub, url=hub.url, token=hub.tokens["window:1"])
        )
        core = Core.from_settings(settings)
        window = start_role(core, fullscreen=False)
        window.showMaximized()
        note("window up")
        _sims, stop = bring_up_demo(core)
        note("services up")
        try:
            ready = wait_for(app, lambda: window.desk is not None and window.sign_in_screen.pad.keys["OK"].isEnabled())
            wait_for(app, lambda: hasattr(window, "accept_button"))
            screen = window.sign_in_screen
            tap_widget(app, screen.staff)
            for digit in "3001":
                tap_widget(app, screen.pad.keys[digit])
            tap_widget(app, screen.pin)
            for digit in "246810":
                tap_widget(app, screen.pad.keys[digit])
            tap_widget(app, screen.pad.keys["OK"])
            desk = window.clerk
            signed = wait_for(app, lambda: window.stack.currentWidget() is desk, 45.0)  # PBKDF2 at the hub, under load
            say("signed_in", ready=ready, signed=signed, accept_visible=window.accept_button.isVisible())
            if not signed:
                note(f"not signed in: {screen.message.text()!r}, staff {screen.staff.text()!r}")
                return 1

            with hub.client("kiosk") as kiosk:
                kiosk.issue_ticket("A")
            wait_for(app, lambda: desk.call_button.isEnabled() and "1 人等候" in desk.queue_lines.text())
            tap_widget(app, desk.call_button)
            wait_for(app, lambda: desk.number.text() == "A001")
            core.demo.insert_card(0)
            tap_widget(app, desk.read_button)
            wait_for(app, lambda: "张**" in desk.citizen.text())
            # What holds the idle lock's time (the desk held it before the clerk's session).
            timer = getattr(core, "clerk", None) or window.desk
            timer.idle_lock_s = 2.0  # the clerk reads the papers, touching nothing
            pump(app, 4.0)
            say(
                "serving_untouched",
                screen=window.stack.currentWidget().objectName(),
                citizen=desk.citizen.text(),
                card_kept="identity" in core.visit.data,
            )

            tap_widget(app, desk.finish_button)  # 办结: the window is free now, and left alone
            lock = window.lock_screen
            locked = wait_for(app, lambda: window.stack.currentWidget() is lock, 10.0)
            say(
                "locked",
                locked=locked,
                accept_visible=window.accept_button.isVisible(),
                hub=hub_words(lock),
                citizen_shown="张" in texts(window),
            )

            with hub.client("kiosk") as kiosk:
                kiosk.issue_ticket("A")
            # 综合受理 is gone from the header (no finger can reach it); the F keys reach nothing.
            key(app, "F1")
            key(app, "F7")
            pump(app, 1.0)
            with hub.client("admin") as admin:
                waiting = admin.queue().waiting.get("A", 0)
            cases = [r for r in core.cases.sync.outbox.records() if r.kind == "case"] if core.cases else []
            say(
                "locked_taps",
                screen=window.stack.currentWidget().objectName(),
                waiting=waiting,
                cases=len(cases),
                desk_shown=desk.isVisible(),
            )

            hub.kill()
            lost = wait_for(app, lambda: "连接中断" in hub_words(lock), 10.0)
            say("hub_lost", lost=lost, hub=hub_words(lock))
            timer.idle_lock_s = 600.0
            for digit in "246810":
                tap_widget(app, lock.pad.keys[digit])
            tap_widget(app, lock.pad.keys["OK"])
            opened = wait_for(app, lambda: window.stack.currentWidget() is desk, 5.0)
            say(
                "unlocked",
                opened=opened,
                accept_visible=window.accept_button.isVisible(),
                screen=window.stack.currentWidget().objectName(),
                message=lock.message.text(),
                typed=len(lock.pin.text()),
            )
        finally:
            window.close()
            stop()
    return 0


def kiosk_journey(data: Path) -> int:
    """Finding 4: the card left on the reader when the visit timed out is asked back and
    never counts for the next person."""
    app = create_application(onscreen_keyboard=True)  # as the launcher starts the kiosk role
    with running_hub(data / "hub") as hub:
        base = demo_settings("kiosk")
        settings = replace(base, data_dir=data / "app", hub=replace(base.hub, url=hub.url, token=hub.tokens["kiosk"]))
        core = Core.from_settings(settings)
        window = start_role(core, fullscreen=False)
        window.showMaximized()
        note("kiosk up")
        _sims, stop = bring_up_demo(core)
        note("services up")
        try:
            wait_for(app, lambda: "tile.ticket" in window.home.tile_buttons)
            pump(app, 0.5)
            core.demo.insert_card(0)
            tap_widget(app, window.home.tile_buttons["tile.ticket"])
            screen = window.tickets.ticket_services
            wait_for(app, lambda: "张**" in screen.card_hint.text())
            say("first_visit", card=screen.card_hint.text(), priority=screen.priority)

            core.visit.clock = lambda: time.monotonic() + 3600  # nobody answers: the visit times out
            wait_for(app, lambda: window.stack.currentWidget() is window.home)
            core.visit.clock = time.monotonic
            asked = wait_for(app, lambda: window.home.notice.isVisible(), 10.0)
            say("visit_ended", asked=asked, notice=window.home.notice.text())

            tap_widget(app, window.home.tile_buttons["tile.ticket"])  # the next person
            wait_for(app, lambda: len(screen.tiles) >= 3)
            pump(app, 2.0)
            say(
                "next_person",
                card=screen.card_hint.text(),
                priority=screen.priority,
                identified="ticket_identity" in core.visit.data,
            )
            core.demo.remove_card()
            freed = wait_for(app, lambda: screen.card_hint.text().startswith("刷身份证取号"), 5.0)
            tap_widget(app, next(iter(screen.tiles.values())))
            taken = wait_for(app, lambda: window.stack.currentWidget() is window.tickets.ticket_done, 10.0)
            ticket = window.tickets.ticket_done.ticket
            with hub.client("admin") as admin:
                priority = admin.get_ticket(ticket.id).priority if ticket is not None else "none taken"
            say("taken", freed=freed, taken=taken, notice_hidden=window.home.notice.isHidden(), priority=priority)
        finally:
            window.close()
            stop()
    return 0


if __name__ == "__main__":
    journey = {"window": window_journey, "kiosk": kiosk_journey}[sys.argv[1]]
    raise SystemExit(journey(Path(sys.argv[2])))

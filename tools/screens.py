"""Screens beyond the first ones, for the docs: a search, a guide, elder mode, the
window's sign-in, desk (a called ticket) and lock, the maintenance screen, and the
printed one-time notice rendered from the printer simulator's bytes. Runs on the demo
simulators and an embedded hub, offscreen or under Xvfb:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screens.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import bootstrap  # noqa: E402
from kiosk.config.loader import demo_settings  # noqa: E402
from kiosk.core import Core  # noqa: E402
from launcher.demo import start_demo_devices  # noqa: E402
from ui.app import create_application, start_role  # noqa: E402

SIZE = (1920, 1080)  # the reference landscape screen


def settle(app, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def bring_up(core: Core, suites: list, stoppers: list) -> None:
    """Devices on the demo's simulators, the hub connection the settings name, the catalog."""

    def demo_devices(settings):
        started = start_demo_devices(settings)
        suites.append(started.simulators)
        return started

    bootstrap.bring_up(core, demo_devices=demo_devices, stoppers=stoppers)


def wait(app, predicate, timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("screens.py: the screen did not get there in time")
        settle(app, 5)
        time.sleep(0.02)


def window_screens(app, window, core, hub_url: str, kiosk_token: str, out: Path) -> None:
    """The clerk's sign-in, the desk with a called ticket and a card read, the lock."""
    from offline_cache.sync.client import HubClient

    wait(app, lambda: window.desk is not None and window.sign_in_screen.pad.keys["OK"].isEnabled())
    window.resize(*SIZE)
    window.sign_in_screen.staff.setText("3001")
    window.sign_in_screen.pin.setText("246810")
    window.sign_in_screen.pin.setFocus()
    settle(app)
    window.grab().save(str(out / "window-sign-in.png"))
    window._sign_in("3001", "246810")
    wait(app, lambda: window.stack.currentWidget() is window.clerk)
    with HubClient(hub_url, kiosk_token) as kiosk:
        for service in ("A", "A", "A", "B", "C"):
            kiosk.issue_ticket(service)
    time.sleep(1.5)  # a wait to show
    window.desk.call_next().result(10)
    core.demo.insert_card(0)
    window.clerk.read_card()
    wait(app, lambda: "张" in window.clerk.citizen.text() and window.clerk.queue_lines.text().count("人等候") >= 3)
    settle(app)
    window.grab().save(str(out / "window-desk.png"))
    window.desk.lock()
    wait(app, lambda: window.stack.currentWidget() is window.lock_screen)
    settle(app)
    window.grab().save(str(out / "window-locked.png"))


def main() -> int:
    from hub.embedded import start_embedded

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_application(onscreen_keyboard=True)
    data = Path(tempfile.mkdtemp(prefix="screens-"))
    hub = start_embedded(data / "hub.sqlite", port=0)
    for role in ("kiosk", "window"):
        settings = replace(demo_settings(role), data_dir=data)
        if role == "window":
            token = hub.create_token("screens-window", "window", settings.hall.window_no)
            settings = replace(settings, hub=replace(settings.hub, url=hub.url, token=token))
        core = Core.from_settings(settings)
        window = start_role(core, fullscreen=False)
        suites: list = []
        stoppers: list = []
        bring_up(core, suites, stoppers)
        settle(app)
        if role == "kiosk":
            window._open_guides()
            window.search_screen.query.setText("户口本丢了")
            settle(app)
            window.grab().save(str(out / "kiosk-search.png"))
            window.open_guide(window.search_screen.results.item(0).data(256))
            settle(app)
            window.grab().save(str(out / "kiosk-guide.png"))
            jobs = len(suites[0].printer.jobs)
            window.print_notice(window.guide_screen.task_code)
            while len(suites[0].printer.jobs) == jobs:
                settle(app, 5)
            suites[0].printer.render_job_png(jobs, ROOT / "docs" / "receipts" / "one-time-notice.png")
            window.set_elder_mode(True)
            window.go_home()
            settle(app)
            window.grab().save(str(out / "kiosk-elder.png"))
        else:
            window_screens(app, window, core, hub.url, hub.create_token("screens-kiosk", "kiosk"), out)
            window.desk.unlock("246810")
            window.open_maintenance()
            window._pin_entered(core.settings.technician_pin)
            _, tech = window._tech_screens
            tech.camera_button.setChecked(True)
            for _ in range(200):  # frames arrive every 200 ms from the camera's worker
                settle(app, 5)
                time.sleep(0.02)
                if tech.codes.text():
                    break
            window.grab().save(str(out / "window-maintenance.png"))
            tech.close_screen()
        core.stop()
        window.close()
        for stop in reversed(stoppers):
            stop()
    hub.stop()
    for name in ("kiosk-search", "kiosk-guide", "kiosk-elder", "window-sign-in", "window-desk",
                 "window-locked", "window-maintenance"):
        print(out / f"{name}.png")
    print(ROOT / "docs" / "receipts" / "one-time-notice.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

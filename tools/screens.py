"""Screens beyond the first ones, for the docs: a search, a guide, 取号 (the services,
the number taken, the number when the printer is out of paper), elder mode, the
maintenance screen, and the printed one-time notice and queue ticket rendered from the
printer simulator's bytes. Runs offscreen on the demo simulators and the embedded hub:

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
from launcher.embedded_hub import start_or_join  # noqa: E402
from ui.app import create_application, start_role  # noqa: E402


def settle(app, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def bring_up(core: Core, suites: list, stoppers: list) -> None:
    """As the terminal does after its first screen: simulators, devices, hub, catalog."""

    def demo_devices(settings):
        started = start_demo_devices(settings)
        suites.append(started.simulators)
        return started

    bootstrap.bring_up(core, demo_devices=demo_devices, embedded_hub=start_or_join, stoppers=stoppers)


def wait_for(app, ready, timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit("screens.py: timed out waiting for a screen")
        settle(app, 5)
        time.sleep(0.02)


def ticket_screens(app, window, core: Core, printer, out: Path) -> None:
    """取号: the services, a number taken and printed, a number when the paper is out."""
    window.open_tickets()
    wait_for(app, lambda: window.ticket_services.tiles)
    window.grab().save(str(out / "kiosk-ticket-services.png"))
    jobs = len(printer.jobs)
    window.take_ticket("B")
    wait_for(app, lambda: window.ticket_done.ticket is not None
             and window.ticket_done.ticket.print_state == "printed" and len(printer.jobs) > jobs)
    window.grab().save(str(out / "kiosk-ticket-done.png"))
    printer.render_job_png(jobs, ROOT / "docs" / "receipts" / "ticket.png")
    core.visit.end()
    core.demo.set_paper("out")
    window.open_tickets()
    wait_for(app, lambda: window.ticket_services.tiles)
    window.take_ticket("A")
    wait_for(app, lambda: window.ticket_done.ticket is not None and window.ticket_done.ticket.print_failed)
    window.grab().save(str(out / "kiosk-ticket-paper-out.png"))
    core.demo.set_paper("ok")
    core.visit.end()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_application(onscreen_keyboard=True)
    data = Path(tempfile.mkdtemp(prefix="screens-"))
    for role in ("kiosk", "window"):
        core = Core.from_settings(replace(demo_settings(role), data_dir=data))
        window = start_role(core, fullscreen=False)
        suites: list = []
        stoppers: list = []
        bring_up(core, suites, stoppers)
        settle(app)
        if role == "kiosk":
            ticket_screens(app, window, core, suites[0].printer, out)
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
    for name in ("kiosk-ticket-services", "kiosk-ticket-done", "kiosk-ticket-paper-out", "kiosk-search",
                 "kiosk-guide", "kiosk-elder", "window-maintenance"):
        print(out / f"{name}.png")
    for name in ("ticket", "one-time-notice"):
        print(ROOT / "docs" / "receipts" / f"{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

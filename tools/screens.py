"""Screens beyond the first ones, for the docs: a search, a guide, elder mode, the
maintenance screen, and the printed one-time notice rendered from the printer
simulator's bytes. Runs offscreen on the demo simulators:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screens.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import time
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.config.loader import demo_settings  # noqa: E402
from kiosk.core import Core  # noqa: E402
from launcher.app import bring_up  # noqa: E402
from ui.app import create_application, start_role  # noqa: E402


def settle(app, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_application(onscreen_keyboard=True)
    data = Path(tempfile.mkdtemp(prefix="screens-"))
    for role in ("kiosk", "window"):
        core = Core.from_settings(replace(demo_settings(role), data_dir=data))
        window = start_role(core, fullscreen=False)
        suites: list = []
        bring_up(core, suites)
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
        for s in suites:
            s.stop()
    for name in ("kiosk-search", "kiosk-guide", "kiosk-elder", "window-maintenance"):
        print(out / f"{name}.png")
    print(ROOT / "docs" / "receipts" / "one-time-notice.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

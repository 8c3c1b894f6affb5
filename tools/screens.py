"""Screens beyond the first ones, for the docs: a search, a guide, elder mode, the
maintenance screen, and the printed one-time notice rendered from the printer
simulator's bytes. Runs offscreen on the demo simulators:

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

from kiosk.config.loader import demo_settings  # noqa: E402
from kiosk.core import Core  # noqa: E402
from ui.app import create_application, start_role  # noqa: E402


def bring_up(core, suites: list) -> None:
    """Bring the core up on the demo's simulators (as the terminal does after its first
    screen); the simulator suites are appended to ``suites``."""
    from kiosk import bootstrap
    from launcher.demo import start_demo_devices

    def demo_devices(settings):
        started = start_demo_devices(settings)
        suites.append(started.simulators)
        return started

    stoppers: list = []
    bootstrap.bring_up(core, demo_devices=demo_devices, stoppers=stoppers)


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
            case_screens(app, window, core, suites[0], out, data)
            window.set_elder_mode(True)
            window.go_home()
            settle(app)
            window.grab().save(str(out / "kiosk-elder.png"))
        else:
            acceptance_screens(app, window, core, suites[0], out)
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
    for name in ("kiosk-search", "kiosk-guide", "kiosk-elder", "window-maintenance", *CASE_SHOTS):
        print(out / f"{name}.png")
    for name in ("one-time-notice", "submission-receipt", "acceptance-receipt"):
        print(ROOT / "docs" / "receipts" / f"{name}.png")
    return 0


ACCEPTANCE_SHOTS = ("acceptance-items", "acceptance-checklist", "acceptance-done")
CASE_SHOTS = ACCEPTANCE_SHOTS + (
              "case-guide", "case-identify", "case-form", "case-form-errors", "case-materials", "case-capture",
              "case-commitment", "case-delivery", "case-review", "case-done", "case-rating", "case-rating-low",
              "case-query")


def case_screens(app, window, core, sims, out: Path, data: Path) -> None:
    """自助申报 of 高龄津贴申领 (journey 1) on the simulators, every screen saved, and the
    printed 申报回执 rendered to docs/receipts/submission-receipt.png."""
    import json

    from kiosk.catalog.paths import DEMO_CATALOG

    allowance = "11610103MB282815164000509004000"
    feed = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    for item in feed["items"]:  # the demo catalog does not mark it (yet): journey 1 needs it
        if item["task_code"] == allowance:
            item["is_service_terminals"] = True
    path = data / "kiosk-feed.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    core.catalog.import_file(path, "feed", allow_shrink=True)
    cases = window.cases

    def shot(name: str) -> None:
        settle(app)
        window.grab().save(str(out / f"{name}.png"))

    def until(predicate) -> None:
        for _ in range(500):
            settle(app, 5)
            time.sleep(0.02)
            if predicate():
                return

    window.open_guide(allowance)
    shot("case-guide")
    cases.start(allowance)
    shot("case-identify")
    sims.id_reader.insert_demo(0)
    cases.read_card()
    until(lambda: window.stack.currentWidget() is cases.screen("form"))
    shot("case-form")
    form = cases.screen("form")
    form.inputs["phone"].setText("1381234")
    form.inputs["bank_account"].setText("6222020200112233445")
    cases.submit_form()
    shot("case-form-errors")
    form.inputs["phone"].setText("13812341234")
    form.inputs["bank_account"].setText("6222020200112233446")
    cases.submit_form()
    names = [s.material.material_name for s in cases.draft.slots]
    cases.tolerate(names.index("本人社会保障卡（金融账户）或银行卡复印件"))
    shot("case-materials")
    cases.open_capture(names.index("高龄津贴申请表"))
    cases.shoot()
    until(lambda: bool(cases.draft.slot(names.index("高龄津贴申请表")).pages))
    shot("case-capture")
    cases.show_materials()
    cases.finish_materials()
    shot("case-commitment")
    cases.confirm()
    cases.screen("delivery").pick("post")
    cases.screen("delivery").address.setText("陕西省西安市碑林区东大街1号（示例）")
    shot("case-delivery")
    cases.choose_delivery()
    shot("case-review")
    jobs = len(sims.printer.jobs)
    cases.submit()
    until(lambda: len(sims.printer.jobs) > jobs)
    shot("case-done")
    sims.printer.render_job_png(jobs, ROOT / "docs" / "receipts" / "submission-receipt.png")
    cases.open_rating_for_case()
    cases.screen("rating").pick(5)
    shot("case-rating")
    cases.screen("rating").pick(2)
    cases.screen("rating").reasons["waiting"].setChecked(True)
    shot("case-rating-low")
    reference = cases.case.reference
    cases.open_query()
    cases.screen("query").query.setText(reference)
    cases.query(reference)
    shot("case-query")
    core.visit.end()
    window.go_home()


def acceptance_screens(app, window, core, sims, out: Path) -> None:
    """综合受理 of 临时救助 at window 1; the 受理凭证 rendered to docs/receipts/acceptance-receipt.png."""
    relief = "11610103MB282815164000509003000"
    for _ in range(500):
        settle(app, 5)
        if hasattr(window, "accept_button"):
            break
        time.sleep(0.02)
    sims.id_reader.insert_demo(0)
    window.clerk.read_card()
    for _ in range(500):
        settle(app, 5)
        if "identity" in core.visit.data:
            break
        time.sleep(0.02)
    acc = window.acceptance
    acc.open_items()
    acc.screens["items"].query.setText("临时救助")
    settle(app)
    window.grab().save(str(out / "acceptance-items.png"))
    acc.start(relief)
    acc.screen("form").inputs["phone"].setText("13812341234")
    acc.submit_form()
    for i, slot in enumerate(acc.draft.slots):
        if slot.needed and not slot.settled:
            acc.tolerate(i) if acc.draft.can_tolerate(i) else acc.receive(i)
    settle(app)
    window.grab().save(str(out / "acceptance-checklist.png"))
    acc.finish_materials()
    acc.confirm()
    acc.screen("delivery").pick("window")
    acc.choose_delivery()
    jobs = len(sims.printer.jobs)
    acc.submit()
    for _ in range(500):
        settle(app, 5)
        if len(sims.printer.jobs) > jobs:
            break
        time.sleep(0.02)
    settle(app)
    window.grab().save(str(out / "acceptance-done.png"))
    sims.printer.render_job_png(jobs, ROOT / "docs" / "receipts" / "acceptance-receipt.png")
    acc.finish()
    core.visit.end()


if __name__ == "__main__":
    raise SystemExit(main())

"""Screens beyond the first ones, for the docs: a search, a guide, 分类浏览 and 政务地图
(browse_screens), 取号 (the services,
the number taken, the number when the printer is out of paper), elder mode, the
window's sign-in, desk (a called ticket) and lock (1920x1080), the maintenance screen,
the printed one-time notice and queue ticket rendered from the printer simulator's
bytes, and the hall board (no calls yet, with calls, hub lost; 1920x1080 and 1080x1920).
Runs on the demo simulators and the embedded hub, on a private X server (Xvfb,
1920x1920, so both reference sizes fit; no window manager):

    .venv/bin/python tools/screens.py [OUT_DIR] [--only kiosk|window|board]

Not offscreen: there, once the walk has run Qt's deferred deletions, the pinyin keyboard
(a QQuickWidget) is left out of every grab, and the docs showed an empty band where it
is. ``QT_QPA_PLATFORM=offscreen`` still works for a quick run without it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication

from kiosk import bootstrap
from kiosk.bootstrap import offer_hub
from kiosk.config.loader import demo_settings
from kiosk.core import Core
from launcher.demo import start_demo_devices
from launcher.embedded_hub import start_or_join
from ui.app import create_application, start_role


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


def kiosk_screens(out: Path, data: Path) -> list[str]:
    """Every kiosk screen from the floor walk (tools/walk.py), normal theme, 1920x1080,
    saved under the walk's names; the home in elder mode (landscape and portrait) and in
    high contrast; the printed ticket, one-time notice and 申报回执 from the printer's
    bytes."""
    from tools import walk as walker

    walk = walker.start(data)
    printer = walk.sims.printer
    names = []
    try:
        for screen in walker.stops(walk, "normal", walker.SIZES["landscape"]):
            if screen.name == "kiosk":
                continue  # tools/screenshots.sh makes kiosk.png: the first screen as started
            walk.window.grab().save(str(out / f"{screen.name}.png"))
            names.append(screen.name)
            if screen.name == "kiosk-ticket-done":
                printer.render_job_png(len(printer.jobs) - 1, ROOT / "docs" / "receipts" / "ticket.png")
            elif screen.name == "case-done":
                printer.render_job_png(len(printer.jobs) - 1, ROOT / "docs" / "receipts" / "submission-receipt.png")
            elif screen.name == "kiosk-guide-printed":
                printer.render_job_png(len(printer.jobs) - 1, ROOT / "docs" / "receipts" / "one-time-notice.png")
        app = walk.app
        walk.core.visit.end()
        browse_screens(app, walk.window, out)
        names += BROWSE_SHOTS
        assist_screens(app, walk.window, walk.core, printer, out)
        names += ASSIST_SHOTS
        for mode, size, stop, name in (
            ("elder", "landscape", "kiosk", "kiosk-elder"),
            ("elder", "portrait", "kiosk", "kiosk-elder-portrait"),
            ("elder", "landscape", "kiosk-search", "kiosk-elder-search"),
            ("elder", "portrait", "kiosk-search", "kiosk-elder-search-portrait"),
            ("elder", "landscape", "case-form", "case-form-elder"),
            ("elder", "landscape", "case-delivery", "case-delivery-elder"),
            ("elder", "portrait", "case-delivery", "case-delivery-elder-portrait"),
            ("high_contrast", "landscape", "kiosk", "kiosk-high-contrast"),
            ("normal", "portrait", "kiosk", "kiosk-portrait"),
        ):
            for screen in walker.stops(walk, mode, walker.SIZES[size]):
                if screen.name == stop:
                    walk.window.grab().save(str(out / f"{name}.png"))
                    names.append(name)
                    break
    finally:
        walk.close()
    return names


def wait(app, check, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        settle(app, 5)
        time.sleep(0.02)


def shoot(app, window, out: Path, name: str) -> str:
    window.refresh()  # the banner shows on the next second's tick; do not wait for it
    settle(app)
    window.grab().save(str(out / f"{name}.png"))
    return name


def board_screens(app, out: Path, data: Path) -> list[str]:
    """The hall board on an embedded hub of its own: before any call, with calls (after
    the flash), and with the hub gone; landscape and portrait."""
    from hub.embedded import start_embedded
    from kiosk.queue.connection import HubConnection
    from offline_cache.sync.client import HubClient
    from ui import theme
    from ui.board_window import HallBoardWindow
    from ui.bridge import CoreBridge

    app.setStyleSheet(theme.style_sheet(theme.NORMAL))
    names = []
    for size, tag in (((1920, 1080), ""), ((1080, 1920), "-portrait")):
        hub = start_embedded(data / f"board-hub{tag}.sqlite", port=0)
        core = Core.from_settings(replace(demo_settings("display"), data_dir=data))
        window = HallBoardWindow(core, CoreBridge(app), player=lambda wav: None)  # silent
        window.resize(*size)
        window.show()
        bootstrap.load_catalog(core)  # the hall's hours
        offer_hub(core, HubConnection(hub.url, hub.create_token(f"board{tag}", "display")))

        def ready(w=window) -> bool:
            return w.view().synced and all(c.name for c in w.view().waiting)

        wait(app, ready)
        names.append(shoot(app, window, out, f"display-empty{tag}"))
        with HubClient(hub.url, hub.create_token(f"screens{tag}", "admin")) as admin:
            for service in "AABACA":
                admin.issue_ticket(service)
            for win in (3, 5, 1, 2, 6):
                admin.call_next(win)
        wait(app, lambda w=window: len(w.view().calls) == 5)
        wait(app, lambda: False, 3.5)  # the flash is over
        names.append(shoot(app, window, out, f"display-calls{tag}"))
        hub.stop()
        wait(app, lambda w=window: w.view().lost, 10)
        names.append(shoot(app, window, out, f"display-lost{tag}"))
        window.close()
        core.stop()
    return names


def window_screens(app, window, core: Core, out: Path) -> list[str]:
    """The clerk's sign-in, the desk with a called ticket and a card read, the lock."""
    from hub import tokens
    from hub.db import make_engine
    from offline_cache.sync.client import HubClient

    wait_for(app, lambda: window.desk is not None and window.sign_in_screen.pad.keys["OK"].isEnabled())
    window.resize(1920, 1080)
    window.sign_in_screen.staff.setText("3001")
    window.sign_in_screen.pin.setText("246810")
    window.sign_in_screen.pin.setFocus()
    settle(app)
    window.grab().save(str(out / "window-sign-in.png"))
    window._sign_in("3001", "246810")
    wait_for(app, lambda: window.stack.currentWidget() is window.clerk)
    engine = make_engine(Path(core.settings.data_dir) / "hub.sqlite")  # the embedded hub's database
    kiosk_token = tokens.create(engine, "screens-kiosk", "kiosk")[1]
    engine.dispose()
    with HubClient(core.hub.url, kiosk_token) as kiosk:
        for service in ("A", "A", "A", "B", "C"):
            kiosk.issue_ticket(service)
    time.sleep(1.5)  # a wait to show
    window.desk.call_next().result(10)
    core.demo.insert_card(0)
    window.clerk.read_card()
    wait_for(app, lambda: "张" in window.clerk.citizen.text() and window.clerk.queue_lines.text().count("人等候") >= 3)
    settle(app)
    window.grab().save(str(out / "window-desk.png"))
    window.desk.lock()
    wait_for(app, lambda: window.stack.currentWidget() is window.lock_screen)
    settle(app)
    window.grab().save(str(out / "window-locked.png"))
    window.desk.unlock("246810")
    wait_for(app, lambda: window.stack.currentWidget() is window.clerk)
    with HubClient(core.hub.url, kiosk_token) as kiosk:  # 呼叫帮助 at a kiosk: the badge in the header
        kiosk.push("help_request", "0" * 31 + "1", {"screen": "guide", "hall_code": core.settings.hall.code})
    wait_for(app, lambda: window.help_alerts is not None and window.help_alerts.badge.isVisible())
    settle(app)
    window.grab().save(str(out / "window-help.png"))
    return ["window-sign-in", "window-desk", "window-locked", "window-help"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", choices=("kiosk", "window", "board"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            from tests.rigs.xvfb import Xvfb

            xvfb = stack.enter_context(Xvfb(1920, 1920))
            os.environ.update(DISPLAY=xvfb.display, QT_QPA_PLATFORM="xcb")
        code = shoot_all(args, out)
        # Qt lets go of the X server before the server stops (else: "X connection broken").
        app = QApplication.instance()
        if app is not None:
            app.shutdown()
        return code


def shoot_all(args, out: Path) -> int:
    app = create_application(onscreen_keyboard=True)
    data = Path(tempfile.mkdtemp(prefix="screens-"))
    names = []
    if args.only in (None, "board"):
        names += board_screens(app, out, data)
    if args.only in (None, "kiosk"):
        names += kiosk_screens(out, data / "kiosk")
    if args.only in (None, "window"):
        core = Core.from_settings(replace(demo_settings("window"), data_dir=data))
        window = start_role(core, fullscreen=False)
        suites: list = []
        stoppers: list = []
        bring_up(core, suites, stoppers)
        settle(app)
        names += window_screens(app, window, core, out)
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
        for stop in reversed(stoppers):
            stop()
        names += ["window-maintenance", *ACCEPTANCE_SHOTS]
    for name in names:
        print(out / f"{name}.png")
    if args.only in (None, "kiosk"):
        for name in ("ticket", "one-time-notice", "submission-receipt", "unresolved-slip"):
            print(ROOT / "docs" / "receipts" / f"{name}.png")
    if args.only in (None, "window"):
        print(ROOT / "docs" / "receipts" / "acceptance-receipt.png")
    return 0


ACCEPTANCE_SHOTS = ("acceptance-items", "acceptance-checklist", "acceptance-done")
BROWSE_SHOTS = (
    "kiosk-home-tiles",
    "kiosk-browse",
    "kiosk-browse-person",
    "kiosk-browse-retirement",
    "kiosk-browse-departments",
    "kiosk-search-department",
    "kiosk-search-related",
    "kiosk-search-faq",
    "kiosk-map",
)


def browse_screens(app, window, out: Path) -> None:
    """分类浏览 (the top, 个人办事, 退休, 按部门), search by a department's short form, a
    query that matches nothing (related cards and 呼叫帮助), an FAQ answer, and 政务地图
    at a fixed Saturday morning."""
    import datetime as dt

    def shot(name: str) -> None:
        settle(app)
        window.grab().save(str(out / f"{name}.png"))

    window.go_home()
    shot("kiosk-home-tiles")
    window.browse.open()
    browse = window.browse.browse_screen
    shot("kiosk-browse")
    browse.open("audience", "person", "个人办事")
    shot("kiosk-browse-person")
    kind, code = browse.row("退休养老").data(256)
    browse.open(kind, code, "退休养老")
    shot("kiosk-browse-retirement")
    browse.reset()
    browse.open("depts", "", "按部门")
    shot("kiosk-browse-departments")
    window.guides.open()
    search = window.guides.search_screen
    search.query.setText("人社")
    shot("kiosk-search-department")
    search.query.setText("量子纠缠飞船")
    shot("kiosk-search-related")
    search.query.setText("出生一个多月了还能上户口吗")
    shot("kiosk-search-faq")
    search.reset()
    window.browse.clock = lambda: dt.datetime(2026, 12, 5, 10, 0)  # a Saturday morning
    window.browse.open_map()
    shot("kiosk-map")
    window.go_home()


ASSIST_SHOTS = (
    "kiosk-help-sent",
    "kiosk-helper-sign-in",
    "kiosk-assisted",
    "kiosk-unresolved",
    "kiosk-unresolved-done",
)


def assist_screens(app, window, core, printer, out: Path) -> None:
    """呼叫帮助 sent, the helper's sign-in, an assisted guide (帮办中 badge), 办不成事 and its slip."""
    from PySide6.QtCore import QEvent

    def settled() -> None:  # processEvents leaves deleteLater to the event loop: the old guide's cards
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        settle(app)

    core.visit.end()
    window.guides.open_guide(window.core.catalog.search("户口本丢了", limit=1)[0].task_code)
    assist = window.assist
    assist.call_help()
    settle(app)
    window.grab().save(str(out / "kiosk-help-sent.png"))
    assist.open_sign_in()
    assist.sign_in_screen.staff.setText("3001")
    assist.sign_in_screen.pin.setText("246810")
    settle(app)
    window.grab().save(str(out / "kiosk-helper-sign-in.png"))
    assist.sign_in("3001", "246810")
    wait_for(app, lambda: assist.badge.isVisible())
    settled()
    window.grab().save(str(out / "kiosk-assisted.png"))
    window.guides.guide_screen.unresolved_button.click()
    form = window.unresolved.unresolved_screen
    form.reason_buttons["materials"].setChecked(True)
    form.reason_buttons["referred"].setChecked(True)
    form.text.setText("窗口说要先开证明，不知道去哪里开")
    form.phone.setText("13912345678")
    settle(app)
    window.grab().save(str(out / "kiosk-unresolved.png"))
    jobs = len(printer.jobs)
    form.submit_button.click()
    wait_for(app, lambda: len(printer.jobs) > jobs)
    settle(app)
    window.grab().save(str(out / "kiosk-unresolved-done.png"))
    printer.render_job_png(jobs, ROOT / "docs" / "receipts" / "unresolved-slip.png")
    core.visit.end()


def acceptance_screens(app, window, core, sims, out: Path) -> None:
    """综合受理 of 临时救助 at window 1; the 受理凭证 rendered to docs/receipts/acceptance-receipt.png."""
    relief = "11610103MB282815164000509003000"
    for _ in range(500):
        settle(app, 5)
        if hasattr(window, "accept_button"):
            break
        time.sleep(0.02)
    acc = window.acceptance
    acc.open_items()
    acc.screens["items"].query.setText("临时救助")
    settle(app)
    window.grab().save(str(out / "acceptance-items.png"))
    acc.start(relief)  # a citizen who walked up: the card is read in the flow
    sims.id_reader.insert_demo(0)
    acc.read_card()
    for _ in range(500):
        settle(app, 5)
        if window.stack.currentWidget() is acc.screens.get("form"):
            break
        time.sleep(0.02)
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

"""Run a role's UI over the core that ``kiosk.bootstrap`` builds and starts."""

from __future__ import annotations

import signal

from kiosk import bootstrap
from kiosk.bootstrap import BringUp
from kiosk.config import Settings
from kiosk.logs import log_event, setup_logging


def run_terminal(settings: Settings, *, windowed: bool = False, screenshot: str | None = None) -> int:
    setup_logging(json_lines=settings.log_json, level=settings.log_level)
    from PySide6.QtCore import QTimer

    from ui.app import create_application, quit_soon, save_screenshot, start_role

    app = create_application(onscreen_keyboard=settings.role == "kiosk")
    core = bootstrap.build_core(settings)
    started: list[BringUp] = []
    log_event("terminal_starting", role=settings.role, demo=settings.demo, terminal=settings.terminal_id)

    def after_first_screen(window) -> None:
        # Devices, simulators and services come up once the first screen is shown.
        from launcher.embedded_hub import start_or_join

        demo_devices = None
        if settings.demo:
            from launcher.demo import start_demo_devices as demo_devices
        bring_up = bootstrap.start(core, demo_devices=demo_devices, embedded_hub=start_or_join)
        started.append(bring_up)
        if screenshot:
            # Wait for the services so the picture shows what a citizen would see.
            def shoot_when_loaded() -> None:
                if bring_up.thread.is_alive():
                    QTimer.singleShot(50, shoot_when_loaded)
                else:
                    QTimer.singleShot(300, lambda: (save_screenshot(window, screenshot), quit_soon()))

            shoot_when_loaded()

    window = start_role(core, fullscreen=settings.fullscreen and not windowed,
                        on_first_screen=after_first_screen)
    # Ctrl-C / SIGTERM end the Qt loop cleanly (the visit is wiped in core.stop()).
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    try:
        status = app.exec()
    finally:
        # A quit during bring-up waits for it: a thread left inside OpenCV or socat
        # start-up when the interpreter exits aborts the process.
        for bring_up in started:
            bring_up.wait(timeout_s=20)
        core.stop()
        window.close()
        for bring_up in started:
            bring_up.stop()
        log_event("terminal_stopped", role=settings.role)
    return status

"""Build the core with its devices and services, then run the role's UI."""

from __future__ import annotations

import signal

from kiosk.config import Settings
from kiosk.core import Core
from kiosk.logs import log_event, setup_logging
from launcher.services import load_services_in_background


def build_core(settings: Settings) -> Core:
    """The core for ``settings``: devices from the registry, services that exist."""
    return Core.from_settings(settings)


def run_terminal(settings: Settings, *, windowed: bool = False, screenshot: str | None = None) -> int:
    setup_logging(json_lines=settings.log_json, level=settings.log_level)
    from PySide6.QtCore import QTimer

    from ui.app import create_application, quit_soon, save_screenshot, start_role

    app = create_application(onscreen_keyboard=settings.role == "kiosk")
    core = build_core(settings)
    log_event("terminal_starting", role=settings.role, demo=settings.demo, terminal=settings.terminal_id)

    def after_first_screen(window) -> None:
        # Devices start once the first screen is up: their threads import driver
        # libraries, which would otherwise hold the GIL while the screen paints.
        core.start()
        loader = load_services_in_background(core)
        if screenshot:
            # Wait for the services so the picture shows what a citizen would see.
            def shoot_when_loaded() -> None:
                if loader.is_alive():
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
        core.stop()
        window.close()
        log_event("terminal_stopped", role=settings.role)
    return status

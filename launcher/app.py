"""Build the core with its devices and services, then run the role's UI."""

from __future__ import annotations

import signal
import threading

from kiosk.config import Settings
from kiosk.core import Core
from kiosk.logs import log_event, setup_logging
from launcher.services import load_catalog


def build_core(settings: Settings) -> Core:
    """The core for ``settings``: devices from the registry, services that exist."""
    return Core.from_settings(settings)


def bring_up(core: Core, suites: list) -> None:
    """Start the demo simulators (demo only), the devices, then the services."""
    if core.settings.demo:
        from launcher.demo import start_demo_devices

        demo_settings, suite, controls = start_demo_devices(core.settings)
        suites.append(suite)
        core.devices.configure(demo_settings.devices)
        core.add_service("demo", controls)
        log_event("demo_devices_started", **{k.replace(" ", "_"): v for k, v in controls.notes.items()})
    core.start()
    core.add_service("devices", core.devices)  # screens now greet and probe real devices
    load_catalog(core)


def bring_up_in_background(core: Core, suites: list) -> threading.Thread:
    def run() -> None:
        try:
            bring_up(core, suites)
        except Exception as exc:  # the terminal stays up and says what failed
            log_event("bring_up_failed", error=f"{type(exc).__name__}: {exc}")

    t = threading.Thread(target=run, name="bring-up", daemon=True)
    t.start()
    return t


def run_terminal(settings: Settings, *, windowed: bool = False, screenshot: str | None = None) -> int:
    setup_logging(json_lines=settings.log_json, level=settings.log_level)
    from PySide6.QtCore import QTimer

    from ui.app import create_application, quit_soon, save_screenshot, start_role

    app = create_application(onscreen_keyboard=settings.role == "kiosk")
    core = build_core(settings)
    suites: list = []
    loaders: list[threading.Thread] = []
    log_event("terminal_starting", role=settings.role, demo=settings.demo, terminal=settings.terminal_id)

    def after_first_screen(window) -> None:
        # Devices, simulators and services come up once the first screen is shown:
        # their imports would otherwise hold the GIL while the screen paints.
        loader = bring_up_in_background(core, suites)
        loaders.append(loader)
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
        # A quit during bring-up waits for it: a thread left inside OpenCV or socat
        # start-up when the interpreter exits aborts the process.
        for loader in loaders:
            loader.join(timeout=20)
        core.stop()
        window.close()
        for suite in suites:
            suite.stop()
        log_event("terminal_stopped", role=settings.role)
    return status

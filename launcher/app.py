"""Run a role's UI over the core that ``kiosk.bootstrap`` builds and starts."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import ConfigError, Settings

# The Qt-free core is imported here, before Qt: once PySide6 is loaded, its import hook
# reads the source of every module that imports anything (~20 ms of the first screen).
from kiosk.core import Core
from kiosk.logs import log_event, setup_logging
from kiosk.watchdog import Notifier

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.bootstrap import BringUp
    from kiosk.demo import DemoDevices


def run_terminal(settings: Settings, *, windowed: bool = False, screenshot: str | None = None) -> int:
    setup_logging(json_lines=settings.log_json, level=settings.log_level)
    from PySide6.QtCore import QTimer

    from ui.app import create_application, start_role

    app = create_application(onscreen_keyboard=settings.role == "kiosk")
    core = Core.from_settings(settings)  # the services come in bootstrap.start(), after the first screen
    started: list[BringUp] = []
    log_event("terminal_starting", role=settings.role, demo=settings.demo, terminal=settings.terminal_id)

    def after_first_screen(window) -> None:
        _tell_systemd_ready(app)
        # Devices, simulators and services come up once the first screen is shown.
        from kiosk import bootstrap
        from launcher.embedded_hub import start_or_join

        demo_devices: DemoDevices | None = None
        if settings.demo:
            from launcher.demo import start_demo_devices

            demo_devices = start_demo_devices
        bring_up = bootstrap.start(core, demo_devices=demo_devices, embedded_hub=start_or_join)
        started.append(bring_up)
        if screenshot:
            # Wait for the services so the picture shows what a citizen would see.
            def shoot_when_loaded() -> None:
                if bring_up.thread.is_alive():
                    QTimer.singleShot(50, shoot_when_loaded)
                else:
                    QTimer.singleShot(300, lambda: _screenshot_and_quit(window, screenshot))

            shoot_when_loaded()

    window = start_role(core, fullscreen=settings.fullscreen and not windowed, on_first_screen=after_first_screen)
    # Ctrl-C / SIGTERM end the Qt loop cleanly (the visit is wiped in core.stop()).
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    try:
        status = app.exec()
    finally:
        _tell_systemd_stopping()
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


def run_config_problem(
    error: ConfigError,
    config_path: Path,
    *,
    windowed: bool = False,
    screenshot: str | None = None,
    log_json: bool = False,
) -> int:
    """Show the technician's "configuration problem" screen instead of exiting (the kiosk
    session would restart a failing command every second behind a black screen). Ends,
    status 0, when the file changes, so the session unit starts again with it."""
    setup_logging(json_lines=log_json)
    log_event("config_problem_shown", error=error.one_line(), path=str(config_path))
    from PySide6.QtCore import QTimer

    from ui.app import create_application, show_config_problem

    app = create_application()
    window = show_config_problem(error.one_line(), str(config_path), fullscreen=not windowed)
    _tell_systemd_ready(app)
    seen = _file_signature(config_path)

    def check_file() -> None:
        if _file_signature(config_path) != seen:
            log_event("config_changed", path=str(config_path))
            app.quit()

    watch = QTimer(app)
    watch.timeout.connect(check_file)
    watch.start(1000)
    if screenshot:
        QTimer.singleShot(300, lambda: _screenshot_and_quit(window, screenshot))
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    try:
        return app.exec()
    finally:
        _tell_systemd_stopping()
        window.close()


def _file_signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _tell_systemd_ready(app) -> None:
    """READY=1 and the watchdog's pings on the event loop, when started by a notify unit."""
    notifier = Notifier.from_environ()
    if notifier is None:
        return
    from ui.watchdog_timer import start_watchdog_timer

    notifier.ready()
    start_watchdog_timer(app, notifier)
    log_event("systemd_notified", watchdog_s=notifier.watchdog_s)


def _tell_systemd_stopping() -> None:
    notifier = Notifier.from_environ()
    if notifier is not None:
        notifier.stopping()


def _screenshot_and_quit(window: QWidget, path: str) -> None:
    """``--screenshot``: the window as a PNG at ``path``, then the end of the Qt loop."""
    from ui.app import quit_soon, save_screenshot

    save_screenshot(window, path)
    quit_soon()

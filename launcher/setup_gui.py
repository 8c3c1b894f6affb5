"""``kiosk setup`` with a display (and ``kiosk run`` without any configuration file):
the full-screen set-up wizard (``ui/setup_window.py``)."""

from __future__ import annotations

from pathlib import Path


def run_wizard(path: Path, *, ports: list[str] | None = None, fullscreen: bool = True) -> int:
    """Show the wizard until the configuration is saved (0) or the window is closed (1)."""
    import signal

    from kiosk.config import ConfigError, load
    from kiosk.logs import log_event, setup_logging
    from kiosk.setup import SetupSession
    from ui import i18n, theme
    from ui.app import create_application
    from ui.setup_window import SetupWindow, candidates

    existing_pin = None
    if path.exists():
        try:
            existing_pin = load(path).technician_pin
        except ConfigError:
            existing_pin = None  # a broken file: nothing to protect, set up anew
    setup_logging(json_lines=True, level="INFO")
    app = create_application()
    from PySide6.QtCore import QTimer

    # Queued, not app.quit() at once: a signal before app.exec() starts would be lost.
    signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, app.quit))
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, app.quit))

    # Python runs signal handlers only between bytecodes: a tick lets SIGTERM in while
    # Qt's loop waits in C.
    tick = QTimer(interval=300)
    tick.timeout.connect(lambda: None)
    tick.start()
    i18n.set_language("zh_CN")
    app.setStyleSheet(theme.style_sheet(theme.NORMAL))
    window = SetupWindow(SetupSession(), path, candidates(list(ports or [])), existing_pin=existing_pin)
    saved: list[str] = []

    def on_saved(where: str) -> None:
        saved.append(where)
        log_event("setup_saved", path=where)
        QTimer.singleShot(1500, window.close)  # let the technician read 已保存

    window.saved.connect(on_saved)
    log_event("setup_wizard_shown", path=str(path), locked=existing_pin is not None)
    if fullscreen:
        window.showFullScreen()
    else:
        window.resize(1600, 900)
        window.show()
    app.exec()
    return 0 if saved else 1

"""The running QApplication, typed: ``QApplication.instance()`` is typed as an optional
QCoreApplication, without the GUI application's signals (focusChanged) and style sheet."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def gui_app() -> QApplication:
    """The QApplication that windows and screens are built under.

    Raises:
        RuntimeError: no QApplication runs (a widget built before ``ui.app`` started one).
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("no QApplication is running")
    return app

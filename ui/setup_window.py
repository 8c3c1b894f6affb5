"""The set-up wizard: a full-screen window that walks the technician through the
devices, the hub and this terminal's names, then writes the configuration.

It drives ``kiosk.setup.SetupSession`` (the same steps as ``kiosk setup --cli``). Every
step runs on one worker thread; its result comes back through a queued signal, so the
GUI thread never waits on a device or the network. When a configuration exists
already, the technician PIN from it opens the wizard (and the save replaces the file).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.setup import SetupError, SetupSession, scan
from kiosk.setup.session import DEVICE_STEPS
from kiosk.technician import PinLock
from ui import theme
from ui.i18n import tr
from ui.screens.pin import PinScreen
from ui.screens.setup_device import SetupDeviceScreen
from ui.screens.setup_hub import SetupHubScreen
from ui.screens.setup_save import SetupSaveScreen

STEP_KEYS = (*DEVICE_STEPS, "hub", "identity")


def candidates(ports: list[str]) -> dict[str, list[str]]:
    """What the machine lists per device kind (worker or start-up; a few ms)."""
    names, _why = scan.pcsc_candidates()
    return {
        "id_reader": scan.candidate_ports(ports),
        "printer": scan.printer_candidates(),
        "smartcard": names,
        "camera": scan.camera_candidates(),
    }


class SetupWindow(QMainWindow):
    """Args:
    session: the set-up in progress.
    path: where 保存 writes.
    found: ``candidates()``: prefilled addresses per device kind.
    existing_pin: the PIN of the configuration at ``path`` (None: there is none, the
        wizard opens at once; otherwise the PIN screen comes first).
    """

    job_done = Signal(object, object)  # (callback, Future) -> run on the GUI thread
    saved = Signal(str)  # the path written

    def __init__(
        self, session: SetupSession, path: Path, found: dict[str, list[str]], existing_pin: str | None = None
    ) -> None:
        super().__init__()
        self.session, self.path = session, path
        self.setWindowTitle(tr("setup.ui.title"))
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="setup")
        self.job_done.connect(lambda callback, fut: callback(fut))
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(tr("setup.ui.title"))
        heading.setStyleSheet(
            f"background: {theme.NORMAL.accent}; color: {theme.NORMAL.accent_text};"
            "font-size: 32px; font-weight: 600; padding: 12px 24px;"
        )
        outer.addWidget(heading)
        self.outer_stack = QStackedWidget()
        outer.addWidget(self.outer_stack, 1)
        self.setCentralWidget(body)

        wizard = QWidget()
        row = QHBoxLayout(wizard)
        rail = QFrame()
        rail.setProperty("role", "card")
        rail.setMinimumWidth(340)
        rail_col = QVBoxLayout(rail)
        self.step_labels: list[QLabel] = []
        for key in STEP_KEYS:
            label = QLabel(tr(f"setup.step.{key}"))
            label.setWordWrap(True)
            self.step_labels.append(label)
            rail_col.addWidget(label)
        rail_col.addStretch(1)
        row.addWidget(rail, 1)
        right = QVBoxLayout()
        self.stack = QStackedWidget()
        self.devices: dict[str, SetupDeviceScreen] = {}
        for kind in DEVICE_STEPS:
            screen = SetupDeviceScreen(kind, found.get(kind, []))
            screen.find_requested.connect(self.find_device)
            screen.test_requested.connect(self.test)
            self.devices[kind] = screen
            self.stack.addWidget(screen)
        self.hub = SetupHubScreen()
        self.hub.pair_requested.connect(self.pair)
        self.stack.addWidget(self.hub)
        self.save_screen = SetupSaveScreen(str(path))
        self.save_screen.save_requested.connect(self.save)
        self.stack.addWidget(self.save_screen)
        right.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        self.back_button = QPushButton(tr("setup.ui.back"))
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next_button = QPushButton(tr("setup.ui.next"))
        self.next_button.setObjectName("next")
        self.next_button.setProperty("role", "primary")
        self.next_button.clicked.connect(lambda: self.go(self.stack.currentIndex() + 1))
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        right.addLayout(nav)
        row.addLayout(right, 4)
        self.outer_stack.addWidget(wizard)

        self.pin_lock = PinLock(existing_pin) if existing_pin else None
        if self.pin_lock is not None:
            self.pin_screen = PinScreen()
            self.pin_screen.submitted.connect(self._pin_entered)
            self.pin_screen.cancelled.connect(self.close)
            self.outer_stack.addWidget(self.pin_screen)
            self.outer_stack.setCurrentWidget(self.pin_screen)
        self.go(0)

    # ---- navigation -------------------------------------------------------------------
    def go(self, index: int) -> None:
        index = max(0, min(index, self.stack.count() - 1))
        self.stack.setCurrentIndex(index)
        for i, label in enumerate(self.step_labels):
            label.setProperty("role", "title" if i == index else "muted")
            label.setStyleSheet("font-weight: 600;" if i == index else "")
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(index < self.stack.count() - 1)  # the last step has 保存
        if self.stack.currentWidget() is self.save_screen:
            self._refresh_save()

    def _pin_entered(self, pin: str) -> None:
        if self.pin_lock is None:
            return  # no configuration, no PIN screen: nothing could have been entered
        if self.pin_lock.try_pin(pin):
            self.outer_stack.setCurrentIndex(0)
            return
        wait = int(self.pin_lock.locked_for())
        self.pin_screen.reset(tr("tech.pin_locked", seconds=wait) if wait else tr("tech.pin_wrong"))

    # ---- running steps ----------------------------------------------------------------
    def run(self, work: Callable[[], Any], done: Callable[[Any, SetupError | None], None]) -> Future:
        """``work`` on the worker; ``done(result, error)`` on the GUI thread."""

        def finished(fut: Future) -> None:
            exc = fut.exception()
            if exc is None:
                done(fut.result(), None)
            elif isinstance(exc, SetupError):
                done(None, exc)
            else:  # a bug: shown as a step that failed, never a dead wizard
                done(None, SetupError("setup.ui.internal", error=type(exc).__name__))

        fut = self._pool.submit(work)
        fut.add_done_callback(lambda f: self.job_done.emit(finished, f))
        return fut

    def find_device(self, kind: str, text: str) -> Future:
        """Look for the ``kind`` device at ``text`` (not ``find``: QWidget.find is Qt's)."""
        screen = self.devices[kind]
        screen.set_busy(tr("setup.ui.working"))
        s = self.session
        work = {
            "id_reader": lambda: s.scan_id_reader(text.split()),
            "printer": lambda: s.use_printer(text),
            "smartcard": lambda: s.use_smartcard(None if text.strip().lower() in ("", "none") else text.strip()),
            "camera": lambda: s.use_camera(text),
        }[kind]

        def done(result: Any, error: SetupError | None) -> None:
            if error is not None:
                screen.show_result(tr(error.key, **error.data), False, found=False)
            elif kind == "id_reader":
                screen.show_result(tr("setup.id_reader.found_at", port=result.port, baud=result.baud), True, found=True)
            elif result is None:
                screen.show_result(tr("device.disabled"), True, found=False)
            else:
                screen.show_result(tr(result.health.key, **result.health.data), True, found=True)

        return self.run(work, done)

    def test(self, kind: str) -> Future:
        screen = self.devices[kind]
        screen.set_busy(tr(f"setup.ui.testing.{kind}"))
        s = self.session
        work = {
            "id_reader": lambda: s.read_card(timeout_s=10),
            "printer": s.test_print,
            "smartcard": lambda: s.use_smartcard(s.devices["smartcard"].options.get("reader", "")),
            "camera": lambda: s.test_qr(timeout_s=15),
        }[kind]

        def done(result: Any, error: SetupError | None) -> None:
            if error is not None:
                screen.show_result(tr(error.key, **error.data), False, found=True)
            elif kind == "id_reader":
                screen.show_result(
                    tr("setup.id_reader.card_text", name=result["name"], number=result["id_number"]), True, found=True
                )
            elif kind == "printer":
                screen.show_result(tr(s.results["printer"]), result.confirmed, found=True)
            elif kind == "camera":
                screen.show_result(tr("setup.camera.qr_seen_text", code=result), True, found=True)
            else:
                screen.show_result(tr(s.results["smartcard"]), True, found=True)

        return self.run(work, done)

    def pair(self, url: str, code: str) -> Future:
        self.hub.set_busy(tr("setup.ui.working"))

        def done(paired: Any, error: SetupError | None) -> None:
            if error is not None:
                self.hub.show_result(tr(error.key, **error.data), False)
                return
            window = tr("setup.hub.window", window=paired.window) if paired.window else ""
            self.hub.show_result(
                tr("setup.hub.paired_text", terminal=paired.terminal, role=paired.role, window=window), True
            )
            if not self.session.identity.terminal_id or self.session.identity.terminal_id == "T-0001":
                self.session.identity.terminal_id = paired.terminal

        return self.run(lambda: self.session.pair(url, code), done)

    def save(self, values: dict) -> Future:
        ident = self.session.identity
        from dataclasses import replace

        ident.role, ident.window_no = values["role"], int(values["window_no"])
        ident.terminal_id, ident.technician_pin = values["terminal_id"], values["pin"]
        ident.hall = replace(
            ident.hall,
            code=values["hall_code"] or ident.hall.code,
            name=values["hall_name"] or ident.hall.name,
            area_code=values["area_code"] or ident.hall.area_code,
        )
        force = self.pin_lock is not None  # the PIN of the file being replaced was given
        self.save_screen.show_result(tr("setup.ui.working"), True)

        def done(path: Any, error: SetupError | None) -> None:
            if error is not None:
                self.save_screen.show_result(tr(error.key, **error.data), False)
            else:
                self.save_screen.show_result(tr("setup.cli.saved", path=str(path)), True)
                self.saved.emit(str(path))

        return self.run(lambda: self.session.save(self.path, force=force), done)

    def _refresh_save(self) -> None:
        ident = self.session.identity
        self.save_screen.fill(
            role=ident.role,
            window_no=ident.window_no,
            terminal_id=ident.terminal_id,
            hall_code=ident.hall.code,
            hall_name=ident.hall.name,
            area_code=ident.hall.area_code,
        )
        self.save_screen.show_summary(
            [
                tr(
                    "setup.cli.summary",
                    step=tr(f"setup.step.{k}"),
                    result=tr(self.session.results.get(k, "setup.ui.not_yet")),
                )
                for k in (*DEVICE_STEPS, "hub")
            ]
        )

    def closeEvent(self, event) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().closeEvent(event)

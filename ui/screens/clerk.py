"""The window role's first screen: which window this is, the citizen being served (read
from the ID card, shown masked), the evaluation pad, and the window's devices."""

from __future__ import annotations

from concurrent.futures import Future

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import counter
from kiosk.core import Core
from ui.bridge import CoreBridge
from ui.i18n import error_text, tr
from ui.widgets.device_health import DeviceHealthWidget


class ClerkScreen(QWidget):
    def __init__(self, core: Core, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClerkScreen")
        self.core, self.bridge = core, bridge
        s = core.settings
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 24, 32, 32)
        row.setSpacing(24)

        serving = QFrame()
        serving.setProperty("role", "card")
        left = QVBoxLayout(serving)
        left.setContentsMargins(32, 32, 32, 32)
        self.window_label = QLabel(tr("window.title", window_no=s.hall.window_no))
        self.window_label.setProperty("role", "hero")
        self.status = QLabel(tr("window.idle"))
        self.status.setProperty("role", "title")
        self.status.setWordWrap(True)
        self.rating = QLabel()
        self.rating.setProperty("role", "title")
        self.message = QLabel()
        self.message.setWordWrap(True)
        left.addWidget(self.window_label)
        left.addSpacing(24)
        left.addWidget(self.status)
        left.addWidget(self.rating)
        left.addWidget(self.message)
        left.addStretch(1)
        actions = QHBoxLayout()
        self.read_button = QPushButton(tr("window.read_card"))
        self.read_button.setProperty("role", "primary")
        self.read_button.clicked.connect(self.read_card)
        self.rate_button = QPushButton(tr("window.ask_rating"))
        self.rate_button.clicked.connect(self.ask_rating)
        self.finish_button = QPushButton(tr("window.finish"))
        self.finish_button.clicked.connect(self.finish)
        for b, kind in ((self.read_button, "id_reader"), (self.rate_button, "queue_bus")):
            b.setVisible(core.devices.has(kind))  # only what works here
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.finish_button)
        left.addLayout(actions)
        terminal = QLabel(tr("window.signed_in", terminal=s.terminal_id))
        terminal.setProperty("role", "muted")
        left.addWidget(terminal)
        row.addWidget(serving, 3)

        side = QFrame()
        side.setProperty("role", "card")
        right = QVBoxLayout(side)
        right.setContentsMargins(24, 24, 24, 24)
        heading = QLabel(tr("window.devices"))
        heading.setProperty("role", "title")
        right.addWidget(heading)
        self.devices = DeviceHealthWidget(core.devices.health_snapshot())
        bridge.device_health_changed.connect(self.devices.update_health)
        right.addWidget(self.devices)
        right.addStretch(1)
        row.addWidget(side, 2)

        self._poll = QTimer(self, interval=400, timeout=self._poll_rating)
        self._polling = False
        core.visit.on_wipe(self._cleared)  # the visit is only ever driven from this (GUI) thread

    def refresh_devices(self) -> None:
        for b, kind in ((self.read_button, "id_reader"), (self.rate_button, "queue_bus")):
            b.setVisible(self.core.devices.has(kind))

    def greet_on_display(self) -> None:
        if self.core.devices.has("queue_bus"):
            counter.show_on_display(self.core.devices, tr("window.led_idle", window_no=self.core.settings.hall.window_no))

    def read_card(self) -> None:
        self.message.setText(tr("window.place_card"))
        self.read_button.setEnabled(False)
        counter.read_identity(self.core.devices, self.bridge.on_job_done(self._card_read))

    def _card_read(self, fut: Future) -> None:
        self.read_button.setEnabled(True)
        exc = fut.exception()
        if exc is not None:
            self.message.setText(error_text(exc))
            return
        who = counter.accept_identity(self.core.visit, fut.result())
        self.status.setText(tr("window.serving", **who))
        self.message.clear()

    def ask_rating(self) -> None:
        counter.ask_for_rating(self.core.devices)
        self.rating.setText(tr("window.rating_waiting"))
        self._poll.start()

    def _poll_rating(self) -> None:
        if not self._polling:
            self._polling = True
            counter.poll_rating(self.core.devices, self.bridge.on_job_done(self._rating_polled))

    def _rating_polled(self, fut: Future) -> None:
        self._polling = False
        if fut.exception() is None and fut.result() is not None:
            n = fut.result()
            self._poll.stop()
            self.rating.setText(tr("window.rating_got", n=n, label=counter.SATISFACTION[n]))

    def finish(self) -> None:
        """办结: the citizen's data is wiped; the rating result stays until the next one."""
        self.core.visit.end()

    def _cleared(self) -> None:
        self.status.setText(tr("window.idle"))
        self.message.clear()

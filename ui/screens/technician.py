"""The technician screen: live device health with suggested fixes, a test print, a test
card read, and a camera preview with live code decoding."""

from __future__ import annotations

from concurrent.futures import Future

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from drivers.health import Health
from kiosk import technician
from kiosk.core import Core
from kiosk.diagnostics import suggestion
from ui.bridge import CoreBridge
from ui.i18n import error_text, tr
from ui.widgets.device_health import DeviceHealthWidget


class TechnicianScreen(QWidget):
    closed = Signal()

    def __init__(self, core: Core, bridge: CoreBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TechnicianScreen")
        self.core, self.bridge = core, bridge
        self.preview = technician.CameraPreview(core.devices)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 16, 24, 16)

        left = QVBoxLayout()
        heading = QLabel(tr("tech.title"))
        heading.setProperty("role", "hero")
        left.addWidget(heading)
        self.devices = DeviceHealthWidget(core.devices.health_snapshot())
        bridge.device_health_changed.connect(self._health_changed)
        left.addWidget(self.devices)
        self.fix = QLabel()
        self.fix.setWordWrap(True)
        self.fix.setProperty("role", "muted")
        left.addWidget(self.fix)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(tr("tech.test_print"))
        self.print_button.clicked.connect(self.test_print)
        self.card_button = QPushButton(tr("tech.test_card"))
        self.card_button.clicked.connect(self.test_card)
        self.camera_button = QPushButton(tr("tech.camera_on"))
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self.toggle_camera)
        close = QPushButton(tr("tech.close"))
        close.setProperty("role", "primary")
        close.clicked.connect(self.close_screen)
        for b, kind in (
            (self.print_button, "printer"),
            (self.card_button, "id_reader"),
            (self.camera_button, "camera"),
        ):
            b.setEnabled(core.devices.has(kind))
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        left.addLayout(buttons)
        self.result = QLabel()
        self.result.setWordWrap(True)
        left.addWidget(self.result)
        left.addStretch(1)
        row.addLayout(left, 3)

        right = QFrame()
        right.setProperty("role", "card")
        rcol = QVBoxLayout(right)
        self.image = QLabel(tr("tech.camera_off"))
        self.image.setMinimumSize(480, 270)
        self.codes = QLabel()
        self.codes.setWordWrap(True)
        rcol.addWidget(self.image)
        rcol.addWidget(self.codes)
        rcol.addStretch(1)
        row.addWidget(right, 2)
        self._frames = QTimer(self, interval=200)
        self._frames.timeout.connect(self._grab)
        self._grabbing = False
        self._refresh_fixes()

    def showEvent(self, event) -> None:  # Qt's name
        self._refresh_fixes()  # a service may have failed since the screen was built
        super().showEvent(event)

    # -- health -------------------------------------------------------------------------
    def _health_changed(self, kind: str, health: Health) -> None:
        self.devices.update_health(kind, health)
        self._refresh_fixes()

    def _refresh_fixes(self) -> None:
        lines = [
            f"{tr(f'device.kind.{k}')}：{tr(suggestion(h))}"
            for k, h in self.core.devices.health_snapshot().items()
            if suggestion(h)
        ]
        problem = self.core.catalog_problem
        if problem is not None:  # why the citizens' home has no service guide
            lines.insert(0, f"{tr('tech.catalog')}：{tr(problem.key, **problem.data)} [{problem.key}]")
        self.fix.setText("\n".join(lines))

    # -- actions ------------------------------------------------------------------------
    def test_print(self) -> None:
        self.result.setText(tr("print.sending"))
        technician.test_print(
            self.core.devices, self.bridge.on_job_done(self._printed), zone=self.core.settings.hall.timezone
        )

    def _printed(self, fut: Future) -> None:
        exc = fut.exception()
        self.result.setText(tr("tech.printed", n=fut.result().bytes_sent) if exc is None else _error(exc))

    def test_card(self) -> None:
        self.result.setText(tr("tech.place_card"))
        technician.test_read_card(self.core.devices, self.bridge.on_job_done(self._card_read))

    def _card_read(self, fut: Future) -> None:
        exc = fut.exception()
        if exc is not None:
            self.result.setText(_error(exc))
            return
        card = fut.result()
        self.result.setText(tr("tech.card_read", **card))

    def toggle_camera(self, on: bool) -> None:
        self.camera_button.setText(tr("tech.camera_off_button" if on else "tech.camera_on"))
        if on:
            self._frames.start()
        else:
            self._frames.stop()
            self.image.setText(tr("tech.camera_off"))

    def _grab(self) -> None:
        if not self._grabbing:  # one frame in flight at a time
            self._grabbing = True
            self.preview.grab(self.bridge.on_job_done(self._show_frame))

    def _show_frame(self, fut: Future) -> None:
        self._grabbing = False
        exc = fut.exception()
        if exc is not None:
            self.image.setText(_error(exc))
            return
        f = fut.result()
        img = QImage(f.rgb, f.width, f.height, f.width * 3, QImage.Format.Format_RGB888).copy()
        self.image.setPixmap(QPixmap.fromImage(img).scaledToWidth(min(640, max(320, self.image.width()))))
        if f.codes:
            self.codes.setText(tr("tech.codes", codes="、".join(f.codes)))

    def close_screen(self) -> None:
        self.camera_button.setChecked(False)
        self.result.clear()
        self.codes.clear()
        self.closed.emit()


def _error(exc: BaseException) -> str:
    return tr("tech.failed", reason=error_text(exc))

"""Every simulator at once: what ``kiosk sim`` serves and what the demo runs on.

    with SimulatorSuite(folder).start() as sims:
        sims.device_options()   # {"printer": {"backend": "network", "url": ...}, ...}
        sims.id_reader.insert_demo(0)

The social security card joins only when pcscd with the vsmartcard-vpcd driver is
listening on 127.0.0.1:35963 (it cannot be simulated without the real PC/SC stack);
otherwise that device is left to the in-memory fake.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

from drivers.sim.camera_sim import CameraSim
from drivers.sim.id_reader_sim import IdReaderSimulator
from drivers.sim.printer_sim import PrinterSimulator
from drivers.sim.queue_bus_sim import QueueBusSimulator
from drivers.sim.social_card_sim import VPCD_PORT, VirtualSocialSecurityCard


def vpcd_listening(port: int = VPCD_PORT) -> bool:
    """Whether pcscd's vpcd driver waits for a virtual card on ``port``."""
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


class SimulatorSuite:
    """All device simulators of one terminal.

    Args:
        folder: where pty links, printer job PNGs and camera footage go (temporary if None).
        transport: ``pty`` (socat pairs: real serial paths) or ``tcp`` (``socket://``).
        id_baud / bus_baud: line speeds the serial simulators pace at.
    """

    def __init__(
        self,
        folder: str | Path | None = None,
        *,
        transport: str | None = None,
        id_baud: int = 115200,
        bus_baud: int = 9600,
    ) -> None:
        self._own = folder is None
        self.folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="kiosk-sim-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        transport = transport or ("pty" if shutil.which("socat") else "tcp")
        self.id_reader = IdReaderSimulator(transport, baud=id_baud, folder=self.folder)
        self.printer = PrinterSimulator(out_dir=self.folder / "printer-jobs")
        self.queue_bus = QueueBusSimulator(transport, baud=bus_baud, folder=self.folder)
        self.camera = CameraSim(self.folder / "camera", "qr", frames=60)
        self.document_camera = CameraSim(self.folder / "camera", "document", frames=5)
        self.social_card: VirtualSocialSecurityCard | None = None

    def start(self) -> SimulatorSuite:
        for sim in (self.id_reader, self.printer, self.queue_bus, self.camera, self.document_camera):
            sim.start()
        if vpcd_listening():
            try:
                self.social_card = VirtualSocialSecurityCard().start()
            except ConnectionError:  # pcscd did not power the card up: the fake stands in
                self.social_card = None
        return self

    def stop(self) -> None:
        for sim in (self.social_card, self.document_camera, self.camera, self.queue_bus, self.printer, self.id_reader):
            if sim is not None:
                try:
                    sim.stop()
                except Exception:  # stopping one must not leave the others running
                    pass
        if self._own:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> SimulatorSuite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def device_options(self) -> dict[str, dict[str, Any]]:
        """Each device's configuration section (``backend`` plus options) for these sims."""
        options: dict[str, dict[str, Any]] = {
            "id_reader": {"backend": "serial", "url": self.id_reader.url, "baud": self.id_reader.baud},
            "printer": {"backend": "network", "url": self.printer.url},
            "queue_bus": {
                "backend": "modbus",
                "url": self.queue_bus.url,
                "baud": self.queue_bus.baud,
                "display_address": self.queue_bus.display_address,
                "pad_address": self.queue_bus.pad_address,
            },
            "camera": {"backend": "opencv", "source": self.camera.source, "doc_source": self.document_camera.source},
            "smartcard": (
                {"backend": "pcsc", "reader": self.social_card.reader} if self.social_card else {"backend": "fake"}
            ),
        }
        return options

    def describe(self) -> list[tuple[str, str]]:
        """(device, where) lines for ``kiosk sim``."""
        lines = [
            ("id_reader", f"{self.id_reader.url}  ({self.id_reader.baud} baud, GA/T 467)"),
            ("printer", f"{self.printer.url}  (ESC/POS; job PNGs in {self.folder / 'printer-jobs'})"),
            (
                "queue_bus",
                f"{self.queue_bus.url}  ({self.queue_bus.baud} baud, Modbus RTU, "
                f"display {self.queue_bus.display_address}, pad {self.queue_bus.pad_address})",
            ),
            ("camera", self.camera.source),
            ("document camera", self.document_camera.source),
        ]
        lines.append(
            (
                "smartcard",
                self.social_card.reader
                if self.social_card
                else "not started: pcscd with vsmartcard-vpcd is not listening on 127.0.0.1:35963",
            )
        )
        return lines

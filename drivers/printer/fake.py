"""An in-memory receipt printer for UI tests and the simple demo.

It renders each receipt to real ESC/POS bytes (so a bad receipt fails as on a real
printer) and keeps them; tests set the paper state and script faults.
"""

from __future__ import annotations

import threading
import time

from drivers.errors import DeviceError
from drivers.printer.base import PaperOutError, PrinterDisconnected, PrinterStatus, PrintResult, ReceiptPrinter
from drivers.printer.escpos_render import render
from drivers.printer.receipt import Receipt
from drivers.printer.status import PaperState


class FakeReceiptPrinter(ReceiptPrinter):
    """Keeps printed receipts and their bytes in memory.

    Args:
        paper: initial paper state (``ok``, ``near_end``, ``out``, ``unknown``).
        url, baud, encoding, profile, paper_width_mm, native_qr: as for the real
            printers; the rendering options are used, the rest ignored.
    """

    def __init__(
        self,
        paper: str = "ok",
        *,
        url: str = "",
        baud: int = 9600,
        encoding: str = "gb18030",
        profile: str = "default",
        paper_width_mm: int = 80,
        native_qr: bool = True,
    ) -> None:
        self.encoding = encoding
        self.profile = profile
        self.paper_width_mm = paper_width_mm
        self.native_qr = native_qr
        self._paper = PaperState(paper)
        self._online = True
        self._faults: list[DeviceError] = []
        self._lock = threading.Lock()
        self.receipts: list[Receipt] = []
        self.jobs: list[bytes] = []

    # ---- control (tests, demo) ----
    def set_paper(self, state: str | PaperState) -> None:
        with self._lock:
            self._paper = PaperState(state)

    def unplug(self) -> None:
        """Every call now fails with ``device.printer.disconnected`` until ``plug_in``."""
        with self._lock:
            self._online = False

    def plug_in(self) -> None:
        with self._lock:
            self._online = True

    def fail_next(self, error: DeviceError, times: int = 1) -> None:
        """The next ``times`` print or status calls raise ``error``."""
        with self._lock:
            self._faults.extend([error] * times)

    # ---- ReceiptPrinter ----
    def print_receipt(self, receipt: Receipt) -> PrintResult:
        """Thread: any (the fake has its own lock)."""
        t0 = time.monotonic()
        data = render(
            receipt,
            encoding=self.encoding,
            profile=self.profile,
            paper_width_mm=self.paper_width_mm,
            native_qr=self.native_qr,
        )
        with self._lock:
            self._check()
            if self._paper is PaperState.OUT:
                raise PaperOutError()
            self.receipts.append(receipt)
            self.jobs.append(data)
        return PrintResult(len(data), time.monotonic() - t0, confirmed=True)

    def status(self) -> PrinterStatus:
        """Thread: any."""
        with self._lock:
            self._check()
            online = None if self._paper is PaperState.UNKNOWN else True
            return PrinterStatus(online, self._paper)

    def _check(self) -> None:
        if self._faults:
            raise self._faults.pop(0)
        if not self._online:
            raise PrinterDisconnected()

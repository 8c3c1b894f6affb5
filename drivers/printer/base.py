"""The receipt printer interface the core uses, its results and its errors.

The core imports only this module (and the registry): the receipt model is re-exported
here so that ``kiosk`` can build receipts without touching a backend.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass

from drivers.device import Device
from drivers.errors import DeviceError, DeviceTimeout, DeviceUnavailable
from drivers.health import Health
from drivers.printer.receipt import (
    Barcode,
    Cut,
    Feed,
    KeyValue,
    Qr,
    Receipt,
    ReceiptBuilder,
    ReceiptError,
    Separator,
    Text,
    Title,
)
from drivers.printer.status import PaperState

__all__ = [
    "Barcode",
    "Cut",
    "Feed",
    "KeyValue",
    "PaperOutError",
    "PaperState",
    "PrintResult",
    "PrinterDisconnected",
    "PrinterError",
    "PrinterOfflineError",
    "PrinterStatus",
    "PrinterTimeout",
    "Qr",
    "Receipt",
    "ReceiptBuilder",
    "ReceiptError",
    "ReceiptPrinter",
    "Separator",
    "Text",
    "Title",
]


@dataclass(frozen=True)
class PrintResult:
    """A job handed over to the printer.

    Attributes:
        bytes_sent: size of the ESC/POS job.
        seconds: from the start of the call until the printer took the job.
        confirmed: the printer answered a status query sent after the job, so it has
            read every byte; False when it does not answer status queries (file
            backend, printers without DLE EOT).
    """

    bytes_sent: int
    seconds: float
    confirmed: bool = False


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; ``None``/``UNKNOWN`` when it did not answer."""

    online: bool | None
    paper: PaperState

    def health(self) -> Health:
        """Map to a health snapshot: no answer is unknown, never ok."""
        if self.paper is PaperState.OUT:  # printers also report offline then; say why
            return Health.offline("device.printer.paper_out")
        if self.online is False:
            return Health.offline("device.printer.offline")
        if self.paper is PaperState.NEAR_END:
            return Health.degraded("device.printer.paper_near_end")
        if self.paper is PaperState.UNKNOWN or self.online is None:
            return Health.unknown("device.printer.no_answer")
        return Health.ok()


class PrinterError(DeviceError):
    """The printer could not print the job."""

    default_key = "device.printer.error"


class PaperOutError(PrinterError):
    """No paper: nothing was sent."""

    default_key = "device.printer.paper_out"


class PrinterOfflineError(PrinterError):
    """The printer says it is offline (cover open, error): nothing was sent."""

    default_key = "device.printer.offline"


class PrinterDisconnected(DeviceUnavailable):
    """Cannot reach the printer, or the connection dropped during a job."""

    default_key = "device.printer.disconnected"


class PrinterTimeout(DeviceTimeout):
    """The printer stopped taking bytes or answering in time."""

    default_key = "device.printer.no_answer"


class ReceiptPrinter(Device):
    """A receipt printer.

    Thread: every method runs on the printer's worker thread, one call at a time
    (``close`` from any thread at shutdown).
    """

    kind = "printer"

    @abc.abstractmethod
    def print_receipt(self, receipt: Receipt) -> PrintResult:
        """Render and send ``receipt``; checks the paper first.

        Thread: the printer's worker thread.

        Raises:
            ReceiptError: the receipt cannot be printed as given (nothing sent).
            PaperOutError: no paper (nothing sent).
            PrinterOfflineError: the printer reports itself offline (nothing sent).
            PrinterDisconnected: no connection, or it dropped during the job.
            PrinterTimeout: the printer stopped taking bytes.
        """

    @abc.abstractmethod
    def status(self) -> PrinterStatus:
        """Ask the printer (short timeout); an unanswered query gives ``None``/unknown.

        Thread: the printer's worker thread.

        Raises:
            PrinterDisconnected: cannot reach the printer at all.
        """

    def probe(self) -> Health:
        """Health from ``status()``; never raises.

        Thread: the printer's worker thread.
        """
        try:
            return self.status().health()
        except DeviceError as exc:
            return Health.offline(exc.key, **exc.data)
        except Exception as exc:  # a probe must never raise (Device contract)
            return Health.offline("device.printer.disconnected", reason=type(exc).__name__)

"""Real receipt printers: network (TCP 9100), serial, USB and file.

Every job goes the same way (``_LinkPrinter.print_receipt``):

1. render the receipt to bytes (a bad receipt fails here, nothing sent);
2. ask ``DLE EOT 1`` + ``DLE EOT 4`` with a short timeout; paper out or offline
   raises and sends nothing;
3. send the job with a timeout scaled to its size and the link's speed;
4. ask ``DLE EOT 1`` again: the answer comes only after the printer has read the whole
   job, so a pulled cable or a killed printer shows up here as a clear error.

A printer that never answers status queries (cheap clones, the file backend) still
prints, unconfirmed; one that answered before and now does not is treated as stalled.
After any I/O failure the link is closed and reopened on the next call.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Literal
from urllib.parse import unquote, urlparse

from drivers.errors import DeviceError
from drivers.printer.base import (
    PaperOutError,
    PrinterDisconnected,
    PrinterOfflineError,
    PrinterStatus,
    PrinterTimeout,
    PrintResult,
    ReceiptPrinter,
)
from drivers.printer.escpos_render import render
from drivers.printer.links import FileLink, Link, SerialLink, TcpLink, UsbLink
from drivers.printer.receipt import Receipt
from drivers.printer.status import QUERY_PAPER, QUERY_PRINTER, PaperState, parse_online, parse_paper
from drivers.serial_port import network_port_ok, pyserial_installed

log = logging.getLogger(__name__)


class _LinkPrinter(ReceiptPrinter):
    """Shared job logic over a ``Link``; subclasses say how to open one."""

    keep_open = True  # False: one connection per call (network printers)
    status_timeout_s = 0.4
    margin_s = 0.5

    def __init__(
        self,
        url: str,
        baud: int = 9600,
        encoding: str = "gb18030",
        profile: str = "default",
        paper_width_mm: int = 80,
        native_qr: bool = True,
    ) -> None:
        self.url = url
        self.baud = baud
        self.encoding = encoding
        self.profile = profile
        self.paper_width_mm = paper_width_mm
        self.native_qr = native_qr
        self._link: Link | None = None
        self._lock = threading.Lock()
        self._answered_before = False

    # -- subclass hooks -------------------------------------------------------------
    def _open_link(self) -> Link:
        raise NotImplementedError

    def _transfer_s(self, nbytes: int) -> float:
        """Seconds the link needs to carry ``nbytes`` (no margin)."""
        return nbytes * 10 / self.baud  # 8N1: 10 bits a byte

    # -- public API -----------------------------------------------------------------
    def render(self, receipt: Receipt) -> bytes:
        """The job bytes for ``receipt`` with this printer's settings."""
        return render(
            receipt,
            encoding=self.encoding,
            profile=self.profile,
            paper_width_mm=self.paper_width_mm,
            native_qr=self.native_qr,
        )

    def print_receipt(self, receipt: Receipt) -> PrintResult:
        """See ``ReceiptPrinter.print_receipt``.

        Thread: the printer's worker thread.
        """
        data = self.render(receipt)
        t0 = time.monotonic()
        with self._lock, self._session() as link:
            online, paper = self._query(link)
            if paper is PaperState.OUT:
                raise PaperOutError()
            if online is False:
                raise PrinterOfflineError()
            if online is None and self._answered_before:
                raise PrinterTimeout(stage="status")
            link.write(data, self._transfer_s(len(data)) * 1.5 + self.margin_s + 0.5)
            confirmed = False
            if online is not None and link.can_read:
                link.write(QUERY_PRINTER, self.status_timeout_s)
                reply = link.read(1, self._transfer_s(len(data) + 4) + self.margin_s + 0.5)
                if not reply:
                    raise PrinterTimeout(stage="confirm", bytes_sent=len(data))
                confirmed = True
        seconds = time.monotonic() - t0
        log.info(
            "printer job handed over", extra={"bytes": len(data), "seconds": round(seconds, 4), "confirmed": confirmed}
        )
        return PrintResult(len(data), seconds, confirmed)

    def status(self) -> PrinterStatus:
        """See ``ReceiptPrinter.status``.

        Thread: the printer's worker thread.
        """
        with self._lock, self._session() as link:
            online, paper = self._query(link)
        return PrinterStatus(online, paper)

    def close(self) -> None:
        """Thread: any (unblocks a pending read by closing the link)."""
        link, self._link = self._link, None
        if link is not None:
            try:
                link.close()
            except OSError:
                pass

    # -- internals ------------------------------------------------------------------
    def _query(self, link: Link) -> tuple[bool | None, PaperState]:
        if not link.can_read:
            return None, PaperState.UNKNOWN
        link.drain()
        link.write(QUERY_PRINTER + QUERY_PAPER, self.status_timeout_s)
        reply = link.read(2, self._transfer_s(8) + self.status_timeout_s)
        online, paper = parse_online(reply[:1]), parse_paper(reply[1:2])
        if online is not None:
            self._answered_before = True
        return online, paper

    def _session(self) -> _Session:
        return _Session(self)


class _Session:
    """Opens the link if needed, maps I/O errors to DeviceErrors, closes on failure."""

    def __init__(self, printer: _LinkPrinter) -> None:
        self.p = printer

    def __enter__(self) -> Link:
        if self.p._link is None:
            try:
                self.p._link = self.p._open_link()
            except DeviceError:
                raise
            except Exception as exc:
                raise _map(exc) from exc
        return self.p._link

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> Literal[False]:
        failed = exc is not None and not isinstance(exc, (PaperOutError, PrinterOfflineError))
        if failed or not self.p.keep_open:
            self.p.close()
        if exc is not None and not isinstance(exc, DeviceError) and isinstance(exc, Exception):
            raise _map(exc) from exc
        return False


def _map(exc: BaseException) -> DeviceError:
    """An I/O exception as a DeviceError with a key (no sentences, no paths)."""
    name = type(exc).__name__
    if isinstance(exc, TimeoutError) or "Timeout" in name:
        return PrinterTimeout(reason=name)
    return PrinterDisconnected(reason=name)


class NetworkReceiptPrinter(_LinkPrinter):
    """A printer on TCP (raw port 9100). ``url``: ``tcp://host:9100``, ``host:port`` or ``host``.

    One connection per call: network printers often serve one client at a time, and
    a fresh connection cannot be stale after the printer rebooted.
    """

    keep_open = False
    connect_timeout_s = 0.5
    net_bytes_per_s = 20_000  # slowest network printer we allow for while it buffers

    def __init__(
        self,
        url: str,
        baud: int = 9600,
        encoding: str = "gb18030",
        profile: str = "default",
        paper_width_mm: int = 80,
        native_qr: bool = True,
    ) -> None:
        super().__init__(url, baud, encoding, profile, paper_width_mm, native_qr)
        self.host, self.port = parse_tcp_url(url)

    def _open_link(self) -> Link:
        return TcpLink(self.host, self.port, self.connect_timeout_s)

    def _transfer_s(self, nbytes: int) -> float:
        return nbytes / self.net_bytes_per_s


class SerialReceiptPrinter(_LinkPrinter):
    """A printer on a serial port; ``url`` is anything ``serial_for_url`` takes
    (``/dev/ttyUSB0``, ``COM3``, ``socket://host:port``, ``spy://...``)."""

    @classmethod
    def is_usable(cls) -> bool:
        """True when pyserial is installed."""
        return pyserial_installed()

    def _open_link(self) -> Link:
        if not network_port_ok(self.url):  # socket://host:99999: say so, not pyserial's parser text
            raise PrinterDisconnected("device.printer.bad_url", url=self.url)
        return SerialLink(self.url, self.baud, self.status_timeout_s)


class FileReceiptPrinter(_LinkPrinter):
    """A printer device node or spool file: ``/dev/usb/lp0``, ``file:///dev/usb/lp0``.

    Write-only here, so paper state is always unknown and jobs are unconfirmed.
    """

    file_bytes_per_s = 2_000  # USB printer class: printers take ~2 KB/s when buffering

    def __init__(
        self,
        url: str,
        baud: int = 9600,
        encoding: str = "gb18030",
        profile: str = "default",
        paper_width_mm: int = 80,
        native_qr: bool = True,
    ) -> None:
        super().__init__(url, baud, encoding, profile, paper_width_mm, native_qr)
        self.path = unquote(urlparse(url).path) if url.startswith("file:") else url

    def _open_link(self) -> Link:
        return FileLink(self.path)

    def _transfer_s(self, nbytes: int) -> float:
        return nbytes / self.file_bytes_per_s

    def status(self) -> PrinterStatus:
        """Online when the node can be opened; paper unknown (no read-back here).

        Thread: the printer's worker thread.
        """
        with self._lock, self._session():
            pass
        return PrinterStatus(None, PaperState.UNKNOWN)


class UsbReceiptPrinter(_LinkPrinter):
    """A USB printer through python-escpos's ``Usb``; ``url`` = ``usb://VID:PID`` (hex).

    Needs pyusb, which is not installed on these terminals: ``is_usable()`` is False
    and the registry refuses to build it; use ``file:///dev/usb/lp0`` instead.
    """

    @classmethod
    def is_usable(cls) -> bool:
        try:
            from escpos.printer.usb import is_usable
        except ImportError:
            return False
        return bool(is_usable())

    def __init__(
        self,
        url: str,
        baud: int = 9600,
        encoding: str = "gb18030",
        profile: str = "default",
        paper_width_mm: int = 80,
        native_qr: bool = True,
    ) -> None:
        super().__init__(url, baud, encoding, profile, paper_width_mm, native_qr)
        self.vid, self.pid = parse_usb_url(url)

    def _open_link(self) -> Link:
        if not self.is_usable():
            raise PrinterDisconnected(reason="pyusb_missing")
        return UsbLink(self.vid, self.pid, self.status_timeout_s)

    def _transfer_s(self, nbytes: int) -> float:
        return nbytes / 2_000


def parse_tcp_url(url: str) -> tuple[str, int]:
    """``tcp://host:port``, ``host:port`` or ``host`` -> (host, port); port defaults to 9100.

    Raises:
        PrinterDisconnected: key ``device.printer.bad_url``.
    """
    text = url.strip()
    if "://" in text:
        try:
            parsed = urlparse(text)
        except ValueError:
            # urlsplit checks bracketed hosts: "tcp://[bad" or "tcp://[:x1]" raise
            # ValueError (found by tests/fuzz printer_url); a bad URL all the same.
            raise PrinterDisconnected("device.printer.bad_url", url=url) from None
        if parsed.scheme not in ("tcp", "socket", "raw"):
            raise PrinterDisconnected("device.printer.bad_url", url=url)
        host, port = parsed.hostname, parsed.port if _port_ok(parsed) else -1
    else:
        host, _, port_text = text.rpartition(":") if ":" in text else (text, "", "")
        # ASCII digits only: str.isdigit() is also true for "²", which int() refuses.
        digits = port_text.isascii() and port_text.isdigit()
        port = int(port_text) if digits else (-1 if port_text else None)
    if not host or port == -1 or (port is not None and not 0 < port < 65536):
        raise PrinterDisconnected("device.printer.bad_url", url=url)
    return host, port or 9100


def _port_ok(parsed: Any) -> bool:
    try:
        _ = parsed.port  # urllib checks the port only when asked
    except ValueError:
        return False
    return True


def parse_usb_url(url: str) -> tuple[int, int]:
    """``usb://04b8:0202`` -> (0x04b8, 0x0202).

    Raises:
        PrinterDisconnected: key ``device.printer.bad_url``.
    """
    body = url.strip()
    if body.startswith("usb://"):
        body = body[len("usb://") :]
    vid, _, pid = body.partition(":")
    try:
        v, p = int(vid, 16), int(pid, 16)
    except ValueError:
        raise PrinterDisconnected("device.printer.bad_url", url=url) from None
    if not (0 < v <= 0xFFFF and 0 < p <= 0xFFFF):
        raise PrinterDisconnected("device.printer.bad_url", url=url)
    return v, p

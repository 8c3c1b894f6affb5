"""Byte transports for receipt printers: TCP, serial (``serial_for_url``), file, USB.

Each link only moves bytes with a deadline; ``read`` returns what arrived before the
deadline (maybe nothing) and raises ``ConnectionError`` when the other side is gone.
Errors are mapped to ``DeviceError`` subclasses by ``backends.py``.
"""

from __future__ import annotations

import errno
import os
import select
import socket
import time
from typing import Any


class Link:
    can_read = True

    def write(self, data: bytes, timeout: float) -> None:
        raise NotImplementedError

    def read(self, n: int, timeout: float) -> bytes:
        raise NotImplementedError

    def drain(self) -> None:
        """Drop unread input (a late answer to an earlier query)."""

    def close(self) -> None:
        raise NotImplementedError


class TcpLink(Link):
    """A TCP connection to a printer's raw port (9100, "JetDirect")."""

    def __init__(self, host: str, port: int, connect_timeout: float) -> None:
        self.sock = socket.create_connection((host, port), timeout=connect_timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def write(self, data: bytes, timeout: float) -> None:
        self.sock.settimeout(timeout)
        self.sock.sendall(data)

    def read(self, n: int, timeout: float) -> bytes:
        out = b""
        deadline = time.monotonic() + timeout
        while len(out) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(n - len(out))
            except TimeoutError:
                break
            if not chunk:
                raise ConnectionError("printer closed the connection")
            out += chunk
        return out

    def drain(self) -> None:
        self.sock.settimeout(0)
        try:
            while self.sock.recv(256):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class SerialLink(Link):
    """A serial port opened through ``serial.serial_for_url`` (so ``socket://``,
    ``spy://`` and ``loop://`` work too; never ``serial.Serial`` directly)."""

    def __init__(self, url: str, baud: int, timeout: float) -> None:
        import serial

        self.port = serial.serial_for_url(url, baudrate=baud, timeout=timeout, write_timeout=timeout)

    def write(self, data: bytes, timeout: float) -> None:
        self.port.write_timeout = timeout
        self.port.write(data)

    def read(self, n: int, timeout: float) -> bytes:
        self.port.timeout = timeout
        return bytes(self.port.read(n))

    def drain(self) -> None:
        self.port.reset_input_buffer()

    def close(self) -> None:
        self.port.close()


class FileLink(Link):
    """A device node (``/dev/usb/lp0``) or a spool file; write-only.

    Opened non-blocking so that a printer that stops taking bytes gives a timeout
    instead of hanging the worker thread in ``write(2)``.
    """

    can_read = False

    def __init__(self, path: str) -> None:
        flags = os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK
        if not path.startswith("/dev/"):  # never invent a regular file where a device belongs
            flags |= os.O_CREAT
        self.fd = os.open(path, flags, 0o644)

    def write(self, data: bytes, timeout: float) -> None:
        view = memoryview(data)
        deadline = time.monotonic() + timeout
        while view:
            try:
                view = view[os.write(self.fd, view) :]
                continue
            except BlockingIOError:
                pass
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(errno.ETIMEDOUT, "printer stopped taking bytes")
            select.select([], [self.fd], [], min(left, 0.1))

    def read(self, n: int, timeout: float) -> bytes:
        return b""

    def close(self) -> None:
        os.close(self.fd)


class UsbLink(Link):
    """A USB printer class device through python-escpos's ``Usb`` (needs pyusb)."""

    def __init__(self, vid: int, pid: int, timeout: float) -> None:
        from escpos.printer import Usb

        self.timeout_ms = max(1, int(timeout * 1000))
        self.usb: Any = Usb(vid, pid, timeout=self.timeout_ms)
        self.usb.open()

    def write(self, data: bytes, timeout: float) -> None:
        self.usb.timeout = max(1, int(timeout * 1000))
        self.usb._raw(data)

    def read(self, n: int, timeout: float) -> bytes:
        try:
            return bytes(self.usb.device.read(self.usb.in_ep, 16, max(1, int(timeout * 1000))))[:n]
        except Exception as exc:  # pyusb raises USBTimeoutError on no answer
            if "timeout" in type(exc).__name__.lower():
                return b""
            raise ConnectionError(str(exc)) from exc

    def close(self) -> None:
        self.usb.close()

"""GA/T 467 readers on a serial line (USB-serial, RS-232, or ``socket://`` to a simulator).

The port is opened lazily through ``serial.serial_for_url`` (so ``/dev/ttyUSB0``,
``COM3``, ``socket://host:port`` and ``spy://`` all work), closed after any I/O failure
and reopened on the next call: unplugging and replugging the reader needs no restart.
"""

from __future__ import annotations

import errno as errno_names
import logging
import os
import re
import threading
import time
from typing import Any

from common.masking import mask_card_number
from drivers.errors import DeviceError, DeviceTimeout, DeviceUnavailable, ProtocolError
from drivers.health import Health
from drivers.id_reader import frames
from drivers.id_reader.base import (
    IdCardReader,
    IdentityCard,
    IdReaderError,
    NoCardError,
)
from drivers.id_reader.card_text import parse_card_text
from drivers.serial_port import close_quietly, open_port, port_errors, pyserial_installed

log = logging.getLogger(__name__)

# Time the reader itself needs besides the wire: radio exchange with the card and SAM
# cryptography. Vendors claim <= 1 s for a whole read (HARDWARE.md §1); find/select and
# SAM commands are quick.
_PROCESSING_S = {
    frames.FIND: 0.3,
    frames.SELECT: 0.3,
    frames.READ: 1.0,
    frames.READ_WITH_FINGERPRINT: 1.5,
    frames.READ_ADDITIONAL_ADDRESS: 0.5,
    frames.SAM_STATUS: 0.3,
    frames.SAM_ID: 0.3,
}
_READ_SLICE_S = 0.05  # port timeout per read(); the loop holds the real deadline
_CARD_POLL_S = 0.1  # pause between find attempts while waiting for a card


_ERRNO_IN_TEXT = re.compile(r"\[Errno (\d+)\]|\((\d+), '")  # pyserial folds the OS error into its text
_LONG_NUMBER = re.compile(r"\d{6,}")


def why(exc: BaseException) -> dict[str, Any]:
    """What the OS said when a port failed, for the health message's data: the exception
    class, and the errno's name and text (``ENOENT``, "No such file or directory"),
    never the free text's personal data (long digit runs are masked)."""
    out: dict[str, Any] = {"reason": type(exc).__name__}
    code = getattr(exc, "errno", None)
    if not isinstance(code, int):
        found = _ERRNO_IN_TEXT.search(str(exc))
        code = int(found.group(1) or found.group(2)) if found else None
    if code:
        out["errno"] = errno_names.errorcode.get(code, str(code))
        out["error"] = os.strerror(code)
    elif str(exc):
        text = _LONG_NUMBER.sub(lambda m: mask_card_number(m[0]), str(exc))
        out["error"] = text[:120]
    return out


def wire_time_s(n_bytes: int, baud: int) -> float:
    """Seconds ``n_bytes`` take on an 8N1 line (10 bits per byte)."""
    return n_bytes * 10 / baud


class SerialIdCardReader(IdCardReader):
    """An ID card reader speaking GA/T 467 frames over ``serial_for_url``.

    Args:
        url: ``/dev/ttyUSB0``, ``COM3``, ``socket://127.0.0.1:7001``, ...
        baud: 115200 (most modules) or 9600.
        photo_decoder: optional WLT decoder plug-in module (see ``photo``).
    """

    def __init__(self, url: str, baud: int = 115200, photo_decoder: str = "") -> None:
        super().__init__(photo_decoder)
        self.url = url
        self.baud = int(baud)
        if self.baud <= 0:  # every timeout is scaled by the baud rate
            raise DeviceUnavailable("device.id_reader.bad_baud", baud=self.baud)
        self._port: Any = None
        self._lock = threading.RLock()

    @classmethod
    def is_usable(cls) -> bool:
        """True when pyserial is installed."""
        return pyserial_installed()

    # ---- IdCardReader ----
    def read_card(self, *, with_fingerprint: bool = False, timeout_s: float | None = None) -> IdentityCard:
        """Find, select and read (see :meth:`IdCardReader.read_card`).

        Thread: device worker thread.
        """
        wait_until = time.monotonic() + (timeout_s or 0.0)
        with self._lock:
            while True:
                found = self._transact(frames.FIND)
                if found.sw3 == frames.SW_FOUND:
                    break
                if found.sw3 == NoCardError.status and time.monotonic() < wait_until:
                    time.sleep(_CARD_POLL_S)
                    continue
                frames.raise_for_status(found, ok=frames.SW_FOUND)
            frames.raise_for_status(self._transact(frames.SELECT))
            command = frames.READ_WITH_FINGERPRINT if with_fingerprint else frames.READ
            reply = frames.raise_for_status(self._transact(command))
        text, photo, fingerprint = frames.parse_read_data(reply.data, with_fingerprint=with_fingerprint)
        return parse_card_text(text, photo_wlt=photo, fingerprint=fingerprint)

    def sam_id(self) -> str:
        """See :meth:`IdCardReader.sam_id`. Thread: device worker thread."""
        with self._lock:
            reply = frames.raise_for_status(self._transact(frames.SAM_ID))
        return frames.format_sam_id(reply.data)

    def additional_address(self) -> str | None:
        """See :meth:`IdCardReader.additional_address`. Thread: device worker thread."""
        with self._lock:
            reply = self._transact(frames.READ_ADDITIONAL_ADDRESS)
        if reply.sw3 == 0x91:  # GA/T 467: no additional address on this card
            return None
        frames.raise_for_status(reply)
        try:
            return reply.data.decode("utf-16-le").replace("\x00", " ").strip() or None
        except UnicodeDecodeError:
            raise ProtocolError("device.id_reader.bad_address_text") from None

    def probe(self) -> Health:
        """Ask the SAM for its status (one 10-byte request). Never raises; <= ~0.5 s.

        Thread: device worker thread.
        """
        if not self._lock.acquire(timeout=0.5):
            return Health.unknown("device.id_reader.busy")
        try:
            frames.raise_for_status(self._transact(frames.SAM_STATUS))
            return Health.ok(baud=self.baud)
        except DeviceUnavailable as exc:
            return Health.offline("device.id_reader.disconnected", **exc.data)
        except DeviceTimeout:
            return Health.offline("device.id_reader.no_answer")
        except IdReaderError as exc:
            return Health.offline(exc.key, **exc.data)
        except DeviceError as exc:
            return Health.degraded(exc.key, **exc.data)
        except Exception as exc:  # probe() must never raise (Device contract)
            return Health.offline("device.id_reader.error", error=type(exc).__name__)
        finally:
            self._lock.release()

    def close(self) -> None:
        """Close the port; the next call reopens it. Thread: any."""
        port, self._port = self._port, None
        close_quietly(port)

    # ---- transport ----
    def _open(self) -> Any:
        if self._port is None:
            try:
                self._port = open_port(
                    self.url,
                    self.baud,
                    timeout=_READ_SLICE_S,
                    missing_key="device.id_reader.disconnected",
                    bad_url_key="device.id_reader.bad_url",
                    write_timeout=wire_time_s(frames.REQUEST_SIZE, self.baud) + 0.5,
                )
            except DeviceUnavailable as exc:
                if exc.key != "device.id_reader.disconnected" or exc.__cause__ is None:
                    raise
                # Say why (ENOENT: wrong port; EACCES: not in the dialout group; EBUSY:
                # another program holds it), not only "SerialException".
                raise DeviceUnavailable("device.id_reader.disconnected", **why(exc.__cause__)) from exc.__cause__
        return self._port

    def _transact(self, command: tuple[int, int]) -> frames.Reply:
        """Send one request and wait for its reply, with a deadline scaled to baud and size.

        Raises:
            DeviceUnavailable: the port vanished (port closed for reopening).
            DeviceTimeout: no whole reply in time (port closed for reopening).
            ProtocolError: a reply with a bad LEN or CHK.
        """
        request = frames.build_request(command)
        expected = frames.REPLY_SIZE[command]
        # Wire time both ways with 25 % slack for USB-serial latency, plus the reader's
        # own processing time (HARDWARE.md §1: timeouts scale with baud and frame size).
        budget = wire_time_s(len(request) + expected, self.baud) * 1.25 + _PROCESSING_S[command]
        port = self._open()
        reader = frames.FrameReader()
        try:
            port.reset_input_buffer()  # a late reply to an earlier, timed-out request
            port.write(request)
            deadline = time.monotonic() + budget
            while True:
                got = reader.feed(port.read(reader.wanted()))
                if got:
                    return frames.parse_reply(got[0])
                if time.monotonic() >= deadline:
                    self.close()
                    raise DeviceTimeout(
                        "device.id_reader.no_answer",
                        command=f"{command[0]:02X}{command[1]:02X}",
                        received=reader.pending,
                        timeout_ms=round(budget * 1000),
                    )
        except port_errors() as exc:
            self.close()
            raise DeviceUnavailable("device.id_reader.disconnected", **why(exc)) from exc

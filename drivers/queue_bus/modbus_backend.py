"""Queue bus over Modbus RTU on ``serial_for_url`` (RS-485 adapter, or a simulator).

The codec is our own ``rtu`` module, so every byte and every timeout is ours: a reply
deadline is the wire time of request and response at the configured baud, plus the
3.5-character silences, plus the device's turnaround. The port opens lazily, closes
after any I/O failure, and reopens on the next call.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from drivers.errors import DeviceError, DeviceTimeout, DeviceUnavailable, ProtocolError
from drivers.health import Health
from drivers.queue_bus import registers, rtu
from drivers.queue_bus.base import QueueBus, RatingEvent
from drivers.serial_port import close_quietly, open_port, port_errors, pyserial_installed

_TURNAROUND_S = 0.1  # slave processing time; Modbus leaves it to the device, 100 ms is generous
_READ_SLICE_S = 0.05


def wire_time_s(n_bytes: int, baud: int) -> float:
    """Seconds ``n_bytes`` take on an 8N1 line (10 bits per byte)."""
    return n_bytes * 10 / baud


def silence_s(baud: int) -> float:
    """The 3.5-character inter-frame gap; fixed at 1.75 ms above 19200 baud (spec §2.5.1.1)."""
    return 0.00175 if baud > 19200 else 3.5 * 11 / baud


class ModbusQueueBus(QueueBus):
    """Window displays and evaluation pads on one Modbus RTU bus.

    Args:
        url: ``/dev/ttyUSB0``, ``COM3``, ``socket://host:port`` (an RS-485 gateway).
        baud: line speed (9600 is the usual factory setting).
        display_address: the window display's Modbus address (1-247).
        pad_address: the evaluation pad's address.
        poll_ms: how often the worker should call :meth:`read_rating` (200-500 ms).
    """

    def __init__(
        self, url: str, baud: int = 9600, display_address: int = 1, pad_address: int = 2, poll_ms: int = 300
    ) -> None:
        self.url = url
        self.baud = int(baud)
        self.display_address = int(display_address)
        self.pad_address = int(pad_address)
        self.poll_ms = int(poll_ms)
        self._port: Any = None
        self._lock = threading.RLock()
        self._counters: dict[int, int] = {}

    @property
    def poll_interval_s(self) -> float:
        """Seconds between pad polls."""
        return self.poll_ms / 1000

    @classmethod
    def is_usable(cls) -> bool:
        """True when pyserial is installed."""
        return pyserial_installed()

    # ---- QueueBus ----
    def show_text(self, address: int | None, text: str) -> None:
        """Write registers 0-63 in one function-16 request (whole text or nothing).

        Thread: device worker thread.
        """
        values = registers.text_to_registers(text)  # raises before any byte is sent
        addr = self._display(address)
        self._transact(rtu.write_registers_request(addr, registers.TEXT_START, values), addr, rtu.WRITE_REGISTERS, 8)

    def set_brightness(self, address: int | None, level: int) -> None:
        """Write register 64. Thread: device worker thread."""
        registers.check_brightness(level)
        addr = self._display(address)
        self._transact(rtu.write_register_request(addr, registers.BRIGHTNESS, level), addr, rtu.WRITE_REGISTER, 8)

    def read_rating(self, address: int | None) -> RatingEvent | None:
        """Read input registers 0-1 and compare the counter. Thread: device worker thread."""
        addr = self._pad(address)
        data = self._transact(
            rtu.read_request(addr, rtu.READ_INPUT, registers.PAD_RATING, registers.PAD_INPUT_COUNT),
            addr,
            rtu.READ_INPUT,
            5 + 2 * registers.PAD_INPUT_COUNT,
        )
        rating, counter = rtu.registers_of(data, registers.PAD_INPUT_COUNT)
        previous = self._counters.get(addr)
        self._counters[addr] = counter
        if previous is None or previous == counter or rating == 0:
            return None
        if rating not in registers.RATING_RANGE:
            raise ProtocolError("device.queue_bus.bad_rating", rating=rating, address=addr)
        return RatingEvent(addr, rating, counter)

    def set_rate_lamp(self, address: int | None, on: bool) -> None:
        """Write coil 0. Thread: device worker thread."""
        addr = self._pad(address)
        self._transact(rtu.write_coil_request(addr, registers.PAD_LAMP_COIL, bool(on)), addr, rtu.WRITE_COIL, 8)

    def probe(self) -> Health:
        """Read the display's brightness and the pad's counter (~20 ms each at 9600).

        Ok when both answer, degraded when one does, offline when neither or the port is
        gone. Never raises. Thread: device worker thread.
        """
        if not self._lock.acquire(timeout=0.5):
            return Health.unknown("device.queue_bus.busy")
        try:
            problems: list[str] = []
            for addr, register, function in (
                (self.display_address, registers.BRIGHTNESS, rtu.READ_HOLDING),
                (self.pad_address, registers.PAD_COUNTER, rtu.READ_INPUT),
            ):
                try:
                    self._transact(rtu.read_request(addr, function, register, 1), addr, function, 7)
                except DeviceUnavailable:
                    return Health.offline("device.queue_bus.disconnected")
                except DeviceError as exc:
                    problems.append(f"{addr}:{exc.key}")
            if len(problems) == 2:
                return Health.offline("device.queue_bus.no_answer", devices=problems)
            if problems:
                return Health.degraded("device.queue_bus.device_no_answer", devices=problems)
            return Health.ok(baud=self.baud)
        except Exception as exc:  # probe() never raises (Device contract)
            return Health.offline("device.queue_bus.error", error=type(exc).__name__)
        finally:
            self._lock.release()

    def close(self) -> None:
        """Close the port; the next call reopens it. Thread: any."""
        port, self._port = self._port, None
        close_quietly(port)

    # ---- transport ----
    def _display(self, address: int | None) -> int:
        return self.display_address if address is None else int(address)

    def _pad(self, address: int | None) -> int:
        return self.pad_address if address is None else int(address)

    def _open(self) -> Any:
        if self._port is None:
            self._port = open_port(
                self.url,
                self.baud,
                timeout=_READ_SLICE_S,
                missing_key="device.queue_bus.disconnected",
                bad_url_key="device.queue_bus.bad_url",
                write_timeout=wire_time_s(300, self.baud) + 0.5,
            )
        return self._port

    def _transact(self, request: bytes, address: int, function: int, expected: int) -> bytes:
        """Send ``request``; return the response's data part.

        Raises:
            DeviceUnavailable: the port vanished (closed for reopening).
            DeviceTimeout: no whole response in time (a device off the bus).
            ProtocolError / ModbusExceptionError: a bad or refused response.
        """
        # Wire time both ways, two silences, turnaround; 25 % slack for adapters.
        budget = wire_time_s(len(request) + expected, self.baud) * 1.25 + 2 * silence_s(self.baud) + _TURNAROUND_S
        with self._lock:
            port = self._open()
            try:
                port.reset_input_buffer()
                port.write(request)
                deadline = time.monotonic() + budget
                buf = bytearray()
                while True:
                    size = rtu.response_size(bytes(buf[:3]))
                    want = (size if size is not None else 3) - len(buf)
                    if want <= 0:
                        return rtu.parse_response(bytes(buf[:size]), address, function)
                    buf += port.read(want)
                    if time.monotonic() >= deadline and (size is None or len(buf) < size):
                        port.reset_input_buffer()
                        raise DeviceTimeout(
                            "device.queue_bus.no_answer",
                            address=address,
                            received=len(buf),
                            timeout_ms=round(budget * 1000),
                        )
            except port_errors() as exc:
                self.close()
                raise DeviceUnavailable("device.queue_bus.disconnected", reason=type(exc).__name__) from exc

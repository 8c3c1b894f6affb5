"""A Modbus RTU bus with one window LED display and one evaluation pad (HARDWARE.md §5).

Both devices share one line (a socat pty pair or a TCP port) like an RS-485 bus; each
answers only its own address, paced at the configured baud after the 3.5-character
silence. Registers follow ``drivers.queue_bus.registers``. Run alone::

    python -m drivers.sim.queue_bus_sim [--tcp] [--baud 9600]

prints the URL and serves until Ctrl-C; drive ratings and faults from Python through
the class (``tap_rating``, ``inject``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from drivers.errors import ProtocolError
from drivers.queue_bus import registers, rtu
from drivers.sim.serial_link import Conn, SerialSimulator

FAULTS = ("timeout", "crc", "exception", "disconnect_mid_frame")


class QueueBusSimulator(SerialSimulator):
    """Simulated bus. ``.url`` is the host-side pty path or ``socket://127.0.0.1:PORT``.

    State: ``display_text``, ``brightness``, ``scroll_mode``, ``lamp``, ``rating``,
    ``counter``; ``tap_rating(n)`` as a citizen would; ``inject(fault)`` for faults.
    """

    link_name = "queuebus"

    def __init__(
        self,
        transport: str = "pty",
        baud: int = 9600,
        display_address: int = 1,
        pad_address: int = 2,
        folder: str | Path | None = None,
    ) -> None:
        super().__init__(transport, baud, folder)
        self.display_address = display_address
        self.pad_address = pad_address
        # Plain lists indexed from 0: the register map's addresses are used as they are
        # (a pymodbus datastore would need start address 1 here, HARDWARE.md §5).
        self.holding = [0] * registers.DISPLAY_HOLDING_COUNT
        self.holding[registers.BRIGHTNESS] = 8
        self.inputs = [0] * registers.PAD_INPUT_COUNT
        self.coils = [0]
        self.requests: list[rtu.Request] = []
        self.display_writes = 0
        self._faults: list[str] = []
        self._buf = bytearray()
        self._last_byte_at = 0.0

    # ---- state ----
    @property
    def display_text(self) -> str:
        return registers.registers_to_text(self.holding[: registers.TEXT_REGISTERS])

    @property
    def brightness(self) -> int:
        return self.holding[registers.BRIGHTNESS]

    @property
    def scroll_mode(self) -> int:
        return self.holding[registers.SCROLL_MODE]

    @property
    def lamp(self) -> bool:
        return bool(self.coils[registers.PAD_LAMP_COIL])

    @property
    def rating(self) -> int:
        return self.inputs[registers.PAD_RATING]

    @property
    def counter(self) -> int:
        return self.inputs[registers.PAD_COUNTER]

    # ---- control ----
    def tap_rating(self, n: int) -> None:
        """A citizen taps rating ``n`` (1-5): rating register set, counter + 1."""
        if n not in registers.RATING_RANGE:
            raise ValueError("rating must be 1-5")
        with self.lock:
            self.inputs[registers.PAD_RATING] = n
            self.inputs[registers.PAD_COUNTER] = (self.counter + 1) & 0xFFFF

    def inject(self, fault: str, times: int = 1) -> None:
        """Spoil the next ``times`` answers.

        ``timeout``: no answer. ``crc``: a wrong CRC. ``exception``: Modbus exception 04
        (server device failure). ``disconnect_mid_frame``: half an answer, then the
        cable is pulled (:meth:`replug` restores it).
        """
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; one of {', '.join(FAULTS)}")
        with self.lock:
            self._faults.extend([fault] * times)

    # ---- serving ----
    def _on_connect(self) -> None:
        self._buf.clear()

    def _on_bytes(self, conn: Conn, data: bytes) -> None:
        now = time.monotonic()
        # RTU frames are delimited by silence: a gap of 3.5 characters starts a new frame.
        # (A pty delivers in bursts, so only clearly stale bytes are dropped: 20 chars.)
        if self._buf and now - self._last_byte_at > 20 * 10 / self.baud:
            self._buf.clear()
        self._last_byte_at = now
        self._buf += data
        while True:
            size = rtu.request_size(bytes(self._buf[:7]))
            if size is None or len(self._buf) < size:
                return
            frame = bytes(self._buf[:size])
            del self._buf[:size]
            # The request took this long on a real wire; then the silence before answering.
            start = time.monotonic() + (len(frame) * 10 + 35) / self.baud
            with self.lock:
                reply, fault = self._answer(frame)
            if reply is None or fault == "timeout":
                continue
            self._send_reply(conn, reply, start, corrupt=fault == "crc", cut=fault == "disconnect_mid_frame")
            if fault == "disconnect_mid_frame":
                return

    def _answer(self, frame: bytes) -> tuple[bytes | None, str | None]:
        try:
            request = rtu.parse_request(frame)
        except ProtocolError as exc:
            address, function = exc.get("address", int, -1), exc.get("function", int, 0)
            if exc.key == "device.queue_bus.bad_function" and address in self._addresses():
                return rtu.exception_response(address, function, 1), None
            self._buf.clear()  # a corrupt frame: wait for the next silence, say nothing
            return None, None
        if request.address not in self._addresses():
            return None, None  # another device's address (or broadcast 0): stay silent
        self.requests.append(request)
        fault = self._faults.pop(0) if self._faults else None
        if fault == "exception":
            return rtu.exception_response(request.address, request.function, 4), fault
        if request.address == self.display_address:
            return self._display(request), fault
        return self._pad(request), fault

    def _addresses(self) -> tuple[int, int]:
        return (self.display_address, self.pad_address)

    def _display(self, r: rtu.Request) -> bytes:
        if r.function == rtu.READ_HOLDING:
            if r.start + r.count > len(self.holding):
                return rtu.exception_response(r.address, r.function, 2)
            return rtu.read_response(r.address, r.function, self.holding[r.start : r.start + r.count])
        if r.function in (rtu.WRITE_REGISTER, rtu.WRITE_REGISTERS):
            if r.start + len(r.values) > len(self.holding):
                return rtu.exception_response(r.address, r.function, 2)
            new = list(self.holding)
            new[r.start : r.start + len(r.values)] = r.values
            if new[registers.BRIGHTNESS] > registers.BRIGHTNESS_MAX or new[registers.SCROLL_MODE] > 2:
                return rtu.exception_response(r.address, r.function, 3)
            self.holding = new
            self.display_writes += 1
            return rtu.write_response(r)
        return rtu.exception_response(r.address, r.function, 1)

    def _pad(self, r: rtu.Request) -> bytes:
        if r.function == rtu.READ_INPUT:
            if r.start + r.count > len(self.inputs):
                return rtu.exception_response(r.address, r.function, 2)
            return rtu.read_response(r.address, r.function, self.inputs[r.start : r.start + r.count])
        if r.function in (rtu.READ_COILS, rtu.WRITE_COIL):
            if r.start + r.count > len(self.coils):
                return rtu.exception_response(r.address, r.function, 2)
            if r.function == rtu.READ_COILS:
                return rtu.read_response(r.address, r.function, self.coils[r.start : r.start + r.count])
            self.coils[r.start] = r.values[0]
            return rtu.write_response(r)
        return rtu.exception_response(r.address, r.function, 1)


def main(argv: list[str] | None = None) -> int:
    """``python -m drivers.sim.queue_bus_sim``: print the URL and serve until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tcp", action="store_true", help="listen on 127.0.0.1 instead of a pty")
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument("--display-address", type=int, default=1)
    parser.add_argument("--pad-address", type=int, default=2)
    args = parser.parse_args(argv)
    QueueBusSimulator(
        "tcp" if args.tcp else "pty", baud=args.baud, display_address=args.display_address, pad_address=args.pad_address
    ).serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

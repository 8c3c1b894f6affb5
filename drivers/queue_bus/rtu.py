"""Modbus RTU frames (pure): CRC-16, requests, responses, exceptions.

Frame: address (1) | function (1) | data | CRC-16 (low byte first), polynomial
0xA001 reflected, initial 0xFFFF (Modbus over Serial Line V1.02 §2.5.1.2). Registers
are big-endian. Only the functions the queue bus needs: 01, 03, 04, 05, 06, 16.
Every malformed input raises :class:`ProtocolError`; nothing here does I/O.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from drivers.errors import ProtocolError
from drivers.queue_bus.base import ModbusExceptionError

READ_COILS = 0x01
READ_HOLDING = 0x03
READ_INPUT = 0x04
WRITE_COIL = 0x05
WRITE_REGISTER = 0x06
WRITE_REGISTERS = 0x10
FUNCTIONS = (READ_COILS, READ_HOLDING, READ_INPUT, WRITE_COIL, WRITE_REGISTER, WRITE_REGISTERS)
MAX_READ_REGISTERS = 125
MAX_WRITE_REGISTERS = 123
MAX_READ_COILS = 2000

EXCEPTION_NAMES = {
    1: "illegal_function",
    2: "illegal_data_address",
    3: "illegal_data_value",
    4: "server_device_failure",
    5: "acknowledge",
    6: "server_device_busy",
}


def crc16(data: bytes) -> int:
    """Modbus CRC-16 of ``data`` (append it low byte first)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def seal(body: bytes) -> bytes:
    """``body`` + its CRC."""
    return body + struct.pack("<H", crc16(body))


def unseal(frame: bytes) -> bytes:
    """The frame without its CRC.

    Raises:
        ProtocolError: shorter than 4 bytes or the CRC does not match.
    """
    if len(frame) < 4:
        raise ProtocolError("device.queue_bus.bad_frame", size=len(frame))
    if crc16(frame[:-2]) != struct.unpack("<H", frame[-2:])[0]:
        raise ProtocolError("device.queue_bus.bad_crc")
    return frame[:-2]


@dataclass(frozen=True)
class Request:
    """A client request as a server sees it."""

    address: int
    function: int
    start: int
    count: int = 0  # registers/coils to read or write
    values: tuple[int, ...] = ()  # registers written (06/16) or (0|1,) for coil 05


# ---- client side -------------------------------------------------------------------


def _check_address(address: int) -> None:
    if not 0 <= address <= 247:
        raise ValueError("Modbus address must be 0-247")


def read_request(address: int, function: int, start: int, count: int) -> bytes:
    """Function 01/03/04 request, e.g. ``01 03 00 00 00 0A C5 CD``."""
    _check_address(address)
    limit = MAX_READ_COILS if function == READ_COILS else MAX_READ_REGISTERS
    if function not in (READ_COILS, READ_HOLDING, READ_INPUT) or not 1 <= count <= limit:
        raise ValueError("bad read request")
    return seal(struct.pack(">BBHH", address, function, start, count))


def write_register_request(address: int, register: int, value: int) -> bytes:
    """Function 06 request."""
    _check_address(address)
    return seal(struct.pack(">BBHH", address, WRITE_REGISTER, register, value & 0xFFFF))


def write_registers_request(address: int, start: int, values: list[int]) -> bytes:
    """Function 16 request (1-123 registers)."""
    _check_address(address)
    if not 1 <= len(values) <= MAX_WRITE_REGISTERS:
        raise ValueError("1-123 registers per write")
    body = struct.pack(">BBHHB", address, WRITE_REGISTERS, start, len(values), 2 * len(values))
    return seal(body + struct.pack(f">{len(values)}H", *[v & 0xFFFF for v in values]))


def write_coil_request(address: int, coil: int, on: bool) -> bytes:
    """Function 05 request (``FF 00`` = on, ``00 00`` = off)."""
    _check_address(address)
    return seal(struct.pack(">BBHH", address, WRITE_COIL, coil, 0xFF00 if on else 0x0000))


def response_size(head: bytes) -> int | None:
    """Whole response length from its first 3 bytes, or None if fewer are known."""
    if len(head) < 3:
        return None
    function = head[1]
    if function & 0x80:
        return 5
    if function in (READ_COILS, READ_HOLDING, READ_INPUT):
        return 5 + head[2]
    return 8


def parse_response(frame: bytes, address: int, function: int) -> bytes:
    """Check a response and return its data part (after address and function).

    Raises:
        ProtocolError: bad CRC, wrong address or function, wrong length.
        ModbusExceptionError: the device sent an exception response.
    """
    body = unseal(frame)
    if body[0] != address:
        raise ProtocolError("device.queue_bus.wrong_address", expected=address, got=body[0])
    if body[1] == function | 0x80:
        if len(body) != 3:
            raise ProtocolError("device.queue_bus.bad_length", size=len(frame))
        code = body[2]
        raise ModbusExceptionError(code=code, name=EXCEPTION_NAMES.get(code, "unknown"), address=address)
    if body[1] != function:
        raise ProtocolError("device.queue_bus.wrong_function", expected=function, got=body[1])
    if function in (READ_COILS, READ_HOLDING, READ_INPUT):
        if len(body) < 3 or body[2] != len(body) - 3:
            raise ProtocolError("device.queue_bus.bad_length", size=len(frame))
    elif len(body) != 6:
        raise ProtocolError("device.queue_bus.bad_length", size=len(frame))
    return body[2:]


def registers_of(data: bytes, count: int) -> list[int]:
    """Register values from a 03/04 response's data (byte count first).

    Raises:
        ProtocolError: the byte count is not ``2 * count``.
    """
    if len(data) != 1 + 2 * count or data[0] != 2 * count:
        raise ProtocolError("device.queue_bus.bad_length", size=len(data))
    return list(struct.unpack(f">{count}H", data[1:]))


def coils_of(data: bytes, count: int) -> list[bool]:
    """Coil states from a 01 response's data."""
    if len(data) != 1 + (count + 7) // 8 or data[0] != (count + 7) // 8:
        raise ProtocolError("device.queue_bus.bad_length", size=len(data))
    return [bool(data[1 + i // 8] >> (i % 8) & 1) for i in range(count)]


# ---- server side (simulators) ------------------------------------------------------


def request_size(head: bytes) -> int | None:
    """Whole request length from its first 7 bytes, or None if fewer are known."""
    if len(head) < 2:
        return None
    if head[1] == WRITE_REGISTERS:
        return None if len(head) < 7 else 9 + head[6]
    return 8


def parse_request(frame: bytes) -> Request:
    """Decode a client request.

    Raises:
        ProtocolError: bad CRC or length, or a function this bus does not use
            (key ``device.queue_bus.bad_function``: the server answers exception 01).
    """
    body = unseal(frame)
    if len(body) < 6:
        raise ProtocolError("device.queue_bus.bad_length", size=len(frame))
    address, function, start, word = struct.unpack(">BBHH", body[:6])
    if function in (READ_COILS, READ_HOLDING, READ_INPUT) and len(body) == 6:
        return Request(address, function, start, count=word)
    if function == WRITE_REGISTER and len(body) == 6:
        return Request(address, function, start, count=1, values=(word,))
    if function == WRITE_COIL and len(body) == 6:
        if word not in (0xFF00, 0x0000):
            raise ProtocolError("device.queue_bus.bad_coil_value", value=word)
        return Request(address, function, start, count=1, values=(1 if word else 0,))
    if function == WRITE_REGISTERS and len(body) >= 7:
        n_bytes = body[6]
        if n_bytes != 2 * word or len(body) != 7 + n_bytes:
            raise ProtocolError("device.queue_bus.bad_length", size=len(frame))
        values = struct.unpack(f">{word}H", body[7:]) if word else ()
        return Request(address, function, start, count=word, values=tuple(values))
    if function not in FUNCTIONS:
        raise ProtocolError("device.queue_bus.bad_function", function=function, address=address)
    raise ProtocolError("device.queue_bus.bad_length", size=len(frame))


def read_response(address: int, function: int, values: list[int]) -> bytes:
    """03/04 response with register values, or 01 with coil states (0/1)."""
    if function == READ_COILS:
        packed = bytearray((len(values) + 7) // 8)
        for i, v in enumerate(values):
            if v:
                packed[i // 8] |= 1 << (i % 8)
        return seal(bytes([address, function, len(packed)]) + bytes(packed))
    return seal(bytes([address, function, 2 * len(values)]) + struct.pack(f">{len(values)}H", *values))


def write_response(request: Request) -> bytes:
    """05/06 echo the request; 16 answers start and count."""
    if request.function == WRITE_REGISTERS:
        return seal(struct.pack(">BBHH", request.address, request.function, request.start, request.count))
    word = request.values[0]
    if request.function == WRITE_COIL:
        word = 0xFF00 if word else 0
    return seal(struct.pack(">BBHH", request.address, request.function, request.start, word))


def exception_response(address: int, function: int, code: int) -> bytes:
    """An exception response: function | 0x80, then the code."""
    return seal(bytes([address, (function | 0x80) & 0xFF, code]))

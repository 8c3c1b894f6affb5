"""GA/T 467 (SAM_A) serial frames: build requests, parse replies, map statuses (pure).

Frame (HARDWARE.md §1): ``AA AA AA 96 69`` | LEN (2 bytes BE = payload length + 1) |
payload | CHK, CHK = XOR of both LEN bytes and every payload byte. Host payload:
``CMD PARA [data]``; reader payload: ``SW1 SW2 SW3 [data]`` with SW1 SW2 = ``00 00``.
Nothing here does I/O; every malformed input raises :class:`ProtocolError`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import reduce

from drivers.errors import ProtocolError
from drivers.id_reader import base

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2
# The longest real reply is 2321 bytes (read with 1024-byte fingerprint); anything much
# longer is noise that happened to contain a preamble, so resync instead of waiting.
MAX_LEN_FIELD = 4096

# (CMD, PARA) pairs.
FIND = (0x20, 0x01)
SELECT = (0x20, 0x02)
READ = (0x30, 0x01)
READ_WITH_FINGERPRINT = (0x30, 0x10)
READ_ADDITIONAL_ADDRESS = (0x30, 0x03)
SAM_STATUS = (0x11, 0xFF)
SAM_ID = (0x12, 0xFF)

SW_OK = 0x90
SW_FOUND = 0x9F

TEXT_LEN = 256
PHOTO_LEN = 1024
ADDRESS_LEN = 70
SAM_ID_LEN = 16

# Whole reply frame sizes, for timeouts (bytes * 10 / baud).
REPLY_SIZE = {
    FIND: 15,
    SELECT: 19,
    READ: 1295,
    READ_WITH_FINGERPRINT: 2321,
    READ_ADDITIONAL_ADDRESS: 11 + ADDRESS_LEN,
    SAM_STATUS: 11,
    SAM_ID: 11 + SAM_ID_LEN,
}
REQUEST_SIZE = 10

STATUS_ERRORS: dict[int, type[base.IdReaderError]] = {
    0x80: base.NoCardError,
    0x81: base.SelectFailedError,
    0x41: base.ReadFailedError,
    0x91: base.NoContentError,
    0x10: base.ReaderChecksumError,
    0x11: base.ReaderLengthError,
    0x21: base.BadCommandError,
    0x23: base.NotAuthorisedError,
    0x24: base.ReaderUnknownError,
    0x31: base.MutualAuthError,
    0x32: base.MutualAuthError,
    0x33: base.VerificationError,
    0x40: base.UnknownCardTypeError,
    0x47: base.KeyFailureError,
    0x60: base.SamSelfTestError,
    0x66: base.SamNotAuthorisedError,
}


@dataclass(frozen=True)
class Reply:
    """A reader's answer: status words and the data after them."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes


@dataclass(frozen=True)
class Request:
    """A host command as the reader sees it."""

    cmd: int
    para: int
    data: bytes


def checksum(len_and_payload: bytes) -> int:
    """XOR of the LEN bytes and the payload."""
    return reduce(lambda a, b: a ^ b, len_and_payload, 0)


def encode(payload: bytes) -> bytes:
    """Wrap ``payload`` into a whole frame."""
    if len(payload) + 1 > 0xFFFF:
        raise ProtocolError("device.id_reader.frame_too_long", size=len(payload))
    body = struct.pack(">H", len(payload) + 1) + payload
    return PREAMBLE + body + bytes([checksum(body)])


def decode(frame: bytes) -> bytes:
    """The payload of one whole frame.

    Raises:
        ProtocolError: wrong preamble, LEN not matching the frame, or a bad CHK.
    """
    if len(frame) < HEADER_LEN + 1 or not frame.startswith(PREAMBLE):
        raise ProtocolError("device.id_reader.bad_frame", size=len(frame))
    (length,) = struct.unpack(">H", frame[5:7])
    if length < 1 or len(frame) != HEADER_LEN + length:
        raise ProtocolError("device.id_reader.bad_length", length=length, size=len(frame))
    if checksum(frame[5:-1]) != frame[-1]:
        raise ProtocolError("device.id_reader.bad_checksum")
    return frame[7:-1]


def build_request(command: tuple[int, int], data: bytes = b"") -> bytes:
    """A host request frame, e.g. ``build_request(FIND)`` -> ``AA AA AA 96 69 00 03 20 01 22``."""
    cmd, para = command
    return encode(bytes([cmd, para]) + data)


def build_reply(sw3: int, data: bytes = b"", *, sw1: int = 0, sw2: int = 0) -> bytes:
    """A reader reply frame (used by simulators and tests)."""
    return encode(bytes([sw1, sw2, sw3]) + data)


def parse_reply(frame: bytes) -> Reply:
    """Decode a reader reply frame.

    Raises:
        ProtocolError: malformed frame, or fewer than 3 status bytes.
    """
    payload = decode(frame)
    if len(payload) < 3:
        raise ProtocolError("device.id_reader.short_reply", size=len(payload))
    return Reply(payload[0], payload[1], payload[2], payload[3:])


def parse_request(frame: bytes) -> Request:
    """Decode a host request frame (the simulator's side).

    Raises:
        ProtocolError: malformed frame, or no CMD/PARA.
    """
    payload = decode(frame)
    if len(payload) < 2:
        raise ProtocolError("device.id_reader.short_request", size=len(payload))
    return Request(payload[0], payload[1], payload[2:])


def raise_for_status(reply: Reply, ok: int = SW_OK) -> Reply:
    """Return ``reply`` when SW3 is ``ok``; otherwise raise its typed error.

    Raises:
        IdReaderError: a subclass for every status code in GA/T 467.
        ProtocolError: SW1/SW2 not zero, or an SW3 that no table lists.
    """
    if reply.sw1 or reply.sw2:
        raise ProtocolError("device.id_reader.bad_status_words", sw1=reply.sw1, sw2=reply.sw2)
    if reply.sw3 == ok:
        return reply
    error = STATUS_ERRORS.get(reply.sw3)
    if error is None:
        raise ProtocolError("device.id_reader.unknown_status", sw3=f"{reply.sw3:02X}")
    raise error(status=f"{reply.sw3:02X}")


def build_read_data(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    """The data part of a read reply: length words, then text, photo (and fingerprint)."""
    words = struct.pack(">HH", len(text), len(photo))
    if fingerprint is not None:
        words += struct.pack(">H", len(fingerprint))
    return words + text + photo + (fingerprint or b"")


def parse_read_data(data: bytes, *, with_fingerprint: bool = False) -> tuple[bytes, bytes, bytes]:
    """Split a read reply's data into (text, photo, fingerprint).

    Raises:
        ProtocolError: the length words do not add up to the data received.
    """
    n_words = 3 if with_fingerprint else 2
    if len(data) < 2 * n_words:
        raise ProtocolError("device.id_reader.short_read", size=len(data))
    lengths = struct.unpack(f">{n_words}H", data[: 2 * n_words])
    if sum(lengths) != len(data) - 2 * n_words:
        raise ProtocolError("device.id_reader.bad_read_lengths", lengths=list(lengths), size=len(data))
    if lengths[0] != TEXT_LEN:
        raise ProtocolError("device.id_reader.bad_text_length", length=lengths[0])
    text_end = 2 * n_words + lengths[0]
    photo_end = text_end + lengths[1]
    return data[2 * n_words : text_end], data[text_end:photo_end], data[photo_end:]


def format_sam_id(data: bytes) -> str:
    """The SAM id as vendors print it: ``05.01-20101010-0012345678-1234567890``.

    The 16 bytes are two little-endian 16-bit words and three 32-bit words (the layout
    the vendor tools print; *unverified* against GA/T 467 itself, so other lengths are
    shown in hex rather than rejected).
    """
    if len(data) != SAM_ID_LEN:
        return data.hex().upper()
    a, b, c, d, e = struct.unpack("<HHIII", data)
    return f"{a:02d}.{b:02d}-{c:08d}-{d:010d}-{e:010d}"


def build_sam_id(text: str) -> bytes:
    """Inverse of :func:`format_sam_id` (for simulators)."""
    head, c, d, e = text.split("-")
    a, b = head.split(".")
    return struct.pack("<HHIII", int(a), int(b), int(c), int(d), int(e))


class FrameReader:
    """Cuts whole frames out of a byte stream, resyncing on the preamble.

    Feed whatever arrived; :meth:`wanted` says how many bytes would complete the next
    frame, so a serial read can ask for exactly that many (no busy polling).
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self.skipped = 0  # bytes of noise dropped while resyncing

    def feed(self, data: bytes) -> list[bytes]:
        """Add bytes; return the frames now complete (possibly none)."""
        self._buf += data
        frames: list[bytes] = []
        while True:
            self._resync()
            if len(self._buf) < HEADER_LEN:
                return frames
            (length,) = struct.unpack(">H", self._buf[5:7])
            if length < 2 or length > MAX_LEN_FIELD:
                # A preamble inside noise: drop one byte and look for the next one.
                del self._buf[0]
                self.skipped += 1
                continue
            total = HEADER_LEN + length
            if len(self._buf) < total:
                return frames
            frames.append(bytes(self._buf[:total]))
            del self._buf[:total]

    def wanted(self) -> int:
        """Bytes still needed for the frame in progress (at least 1)."""
        if len(self._buf) < HEADER_LEN:
            return HEADER_LEN - len(self._buf)
        (length,) = struct.unpack(">H", self._buf[5:7])
        return max(1, HEADER_LEN + length - len(self._buf))

    def clear(self) -> None:
        """Forget a half-received frame (after a timeout or a reconnect)."""
        self._buf.clear()

    @property
    def pending(self) -> int:
        """Bytes held towards an incomplete frame."""
        return len(self._buf)

    def _resync(self) -> None:
        i = self._buf.find(PREAMBLE)
        if i < 0:
            # Keep a tail that may be the start of a preamble split across reads.
            keep = 0
            for k in range(min(len(PREAMBLE) - 1, len(self._buf)), 0, -1):
                if PREAMBLE.startswith(self._buf[-k:]):
                    keep = k
                    break
            self.skipped += len(self._buf) - keep
            del self._buf[: len(self._buf) - keep]
        elif i > 0:
            self.skipped += i
            del self._buf[:i]

"""The 社保卡 read as pure byte work: command APDUs, status words, records, sequence.

The read (public integrator code, cross-checked in several vendors' samples):

    00 A4 04 00 0F 7378312E73682EC9E7BBE1B1A3D5CF   SELECT DDF "sx1.sh.社会保障" (GBK)
    00 A4 00 00 02 EF05                              SELECT EF05 (card basics)
    00 B2 07 04 0B                                   READ RECORD 7 = card number (9)
    00 A4 00 00 02 EF06                              SELECT EF06 (holder basics)
    00 B2 01 04 14                                   READ RECORD 1 = SSN (18)
    00 B2 02 04 20                                   READ RECORD 2 = name (30, GBK)

Each record comes back as ``tag len value`` where the tag equals the record number.
Record numbers, lengths, the P1 of SELECT EF (some samples use 02) and an optional
VERIFY PIN before EF06 differ between samples and are *unverified* against the
standard text, so they live in :class:`ReadPlan` rather than in code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.smartcard.base import CardProtocolError, CardRefused, SocialSecurityCard

DDF_NAME = "sx1.sh.社会保障".encode("gbk")  # = 7378312E73682EC9E7BBE1B1A3D5CF

SW_OK = 0x9000
# ISO/IEC 7816-3 default transmission: Fd = 372 clocks/etu at 3.5712 MHz = 9600 bit/s,
# and a character takes 12 etu (start, 8 data, parity, 2 guard).
ISO_DEFAULT_BPS = 9600
ETU_PER_BYTE = 12
_PADDING = b"\x00\xff\x20"
_SSN = re.compile(r"[0-9]{17}[0-9X]")
_CARD_NUMBER = re.compile(r"[0-9A-Z]{1,20}")
_MAX_CHAINED = 8  # GET RESPONSE rounds before we call the card broken

Transmit = Callable[[bytes], bytes]


@dataclass(frozen=True)
class RecordSpec:
    """Where one field sits: elementary file, record number (= TLV tag), length."""

    ef: int
    record: int
    length: int
    encoding: str = "ascii"


@dataclass(frozen=True)
class ReadPlan:
    """The configurable parts of the read sequence (see the module docstring)."""

    ddf_name: bytes = DDF_NAME
    card_number: RecordSpec = field(default_factory=lambda: RecordSpec(0xEF05, 7, 9))
    ssn: RecordSpec = field(default_factory=lambda: RecordSpec(0xEF06, 1, 18))
    name: RecordSpec = field(default_factory=lambda: RecordSpec(0xEF06, 2, 30, "gbk"))
    select_ef_p1: int = 0x00
    pin: str | None = None  # some regions want VERIFY (e.g. 888888) before EF06


DEFAULT_PLAN = ReadPlan()


# ---- command APDUs (ISO/IEC 7816-4 short form) ----


def select_by_name(name: bytes) -> bytes:
    """SELECT by DF name: ``00 A4 04 00 Lc name``."""
    if not 1 <= len(name) <= 16:
        raise ValueError("DF names are 1-16 bytes (ISO/IEC 7816-4)")
    return bytes([0x00, 0xA4, 0x04, 0x00, len(name)]) + name


def select_file(fid: int, p1: int = 0x00) -> bytes:
    """SELECT by file identifier: ``00 A4 P1 00 02 FID``."""
    return bytes([0x00, 0xA4, p1, 0x00, 0x02]) + fid.to_bytes(2, "big")


def read_record(record: int, le: int) -> bytes:
    """READ RECORD ``record`` of the current EF (P2 = 04: P1 is the record number)."""
    if not 1 <= record <= 254 or not 0 <= le <= 256:
        raise ValueError("record 1-254, Le 0-256")
    return bytes([0x00, 0xB2, record, 0x04, le & 0xFF])


def get_response(le: int) -> bytes:
    """GET RESPONSE after a ``61 xx`` status (T=0 cards)."""
    return bytes([0x00, 0xC0, 0x00, 0x00, le & 0xFF])


def verify_pin(pin: str) -> bytes:
    """VERIFY with the PIN as packed BCD, ``F``-padded when odd (``888888`` -> 88 88 88)."""
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ValueError("PIN must be 4-12 digits")
    digits = pin + ("F" if len(pin) % 2 else "")
    body = bytes.fromhex(digits)
    return bytes([0x00, 0x20, 0x00, 0x00, len(body)]) + body


# ---- command parsing (used by the simulator) ----


@dataclass(frozen=True)
class Command:
    """A parsed short command APDU. ``le`` is None when absent, 256 for ``00``."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None


def parse_command(apdu: bytes) -> Command:
    """Split a short command APDU into its parts (cases 1-4 of ISO/IEC 7816-3).

    Raises:
        CardProtocolError: ``device.smartcard.bad_command`` when the lengths disagree.
    """
    if len(apdu) < 4:
        raise CardProtocolError("device.smartcard.bad_command", length=len(apdu))
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if not body:
        return Command(cla, ins, p1, p2)
    if len(body) == 1:
        return Command(cla, ins, p1, p2, b"", body[0] or 256)
    lc = body[0]
    if lc == 0:  # extended length: not spoken by 社保卡 readers
        raise CardProtocolError("device.smartcard.bad_command", length=len(apdu))
    if len(body) == 1 + lc:
        return Command(cla, ins, p1, p2, bytes(body[1:]))
    if len(body) == 2 + lc:
        return Command(cla, ins, p1, p2, bytes(body[1:-1]), body[-1] or 256)
    raise CardProtocolError("device.smartcard.bad_command", length=len(apdu))


def encode_response(data: bytes = b"", sw: int = SW_OK) -> bytes:
    """A response APDU: data then SW1 SW2."""
    return bytes(data) + sw.to_bytes(2, "big")


def encode_record(spec: RecordSpec, text: str) -> bytes:
    """The TLV record a card holds for ``text``, zero-padded to the spec's length."""
    value = text.encode(spec.encoding)
    if len(value) > spec.length:
        raise ValueError(f"record {spec.record} holds at most {spec.length} bytes")
    value = value.ljust(spec.length, b"\x00")
    return bytes([spec.record, len(value)]) + value


# ---- response parsing ----


@dataclass(frozen=True)
class Response:
    """A response APDU split into data and status word."""

    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF


def parse_response(raw: bytes) -> Response:
    """Split ``data SW1 SW2``.

    Raises:
        CardProtocolError: fewer than two bytes.
    """
    if len(raw) < 2:
        raise CardProtocolError("device.smartcard.short_response", length=len(raw))
    return Response(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))


def status_error(sw: int, step: str) -> CardRefused:
    """The typed error for a refusing status word met at ``step``."""
    data: dict[str, object] = {"sw": f"{sw:04X}", "step": step}
    if sw == 0x6A82:
        # The 社保 DDF missing means some other card (a bank card, a transit card).
        key = "device.smartcard.not_social_card" if step == "select_ddf" else "device.smartcard.file_not_found"
    elif sw == 0x6A83:
        key = "device.smartcard.record_not_found"
    elif sw in (0x6982, 0x6985):
        key = "device.smartcard.pin_required"
    elif sw == 0x6983:
        key = "device.smartcard.card_blocked"
    elif sw & 0xFFF0 == 0x63C0:
        key = "device.smartcard.pin_wrong"
        data["tries_left"] = sw & 0x0F
    else:
        key = "device.smartcard.card_refused"
    return CardRefused(key, **data)


def exchange(transmit: Transmit, apdu: bytes, step: str) -> bytes:
    """Send ``apdu`` through ``transmit`` and return the data of a ``90 00`` answer.

    Follows ``61 xx`` with GET RESPONSE and answers ``6C xx`` by resending with the
    right Le, as T=0 cards require (ISO/IEC 7816-3 §10.3.4).

    Raises:
        CardRefused: any other status word.
        CardProtocolError: malformed answer or endless chaining.
    """
    data = b""
    resp = parse_response(transmit(apdu))
    for _ in range(_MAX_CHAINED):
        if resp.sw1 == 0x6C and len(apdu) == 5:
            resp = parse_response(transmit(apdu[:4] + bytes([resp.sw2])))
        elif resp.sw1 == 0x61:
            data += resp.data
            resp = parse_response(transmit(get_response(resp.sw2)))
        else:
            break
    else:
        raise CardProtocolError("device.smartcard.endless_chaining", step=step)
    if resp.sw != SW_OK:
        raise status_error(resp.sw, step)
    return data + resp.data


def parse_record(data: bytes, spec: RecordSpec) -> bytes:
    """The value of a ``tag len value`` record, checked against ``spec``.

    Raises:
        CardProtocolError: ``device.smartcard.bad_record`` on a wrong tag or length.
    """
    if len(data) < 2 or data[0] != spec.record or data[1] > spec.length or len(data) < 2 + data[1]:
        raise CardProtocolError("device.smartcard.bad_record", record=spec.record, length=len(data))
    return bytes(data[2 : 2 + data[1]])


def decode_text(value: bytes, spec: RecordSpec) -> str:
    """Strip the padding and decode a record's value in its encoding.

    Raises:
        CardProtocolError: ``device.smartcard.bad_text`` when it does not decode.
    """
    value = value.rstrip(_PADDING)
    try:
        text = value.decode(spec.encoding)
    except UnicodeDecodeError:
        raise CardProtocolError("device.smartcard.bad_text", record=spec.record) from None
    if not text or not text.isprintable():
        raise CardProtocolError("device.smartcard.bad_text", record=spec.record)
    return text


def card_from_records(card_number: str, ssn: str, name: str) -> SocialSecurityCard:
    """Check the three decoded fields' shapes and build the card.

    Raises:
        CardProtocolError: ``device.smartcard.bad_field`` (data: which field).
    """
    if not _CARD_NUMBER.fullmatch(card_number):
        raise CardProtocolError("device.smartcard.bad_field", field="card_number")
    if not _SSN.fullmatch(ssn):
        raise CardProtocolError("device.smartcard.bad_field", field="ssn")
    if name != name.strip():
        raise CardProtocolError("device.smartcard.bad_field", field="name")
    return SocialSecurityCard(card_number=card_number, ssn=ssn, name=name)


def read_sequence(transmit: Transmit, plan: ReadPlan = DEFAULT_PLAN) -> SocialSecurityCard:
    """Run the whole read over ``transmit`` (one APDU in, one response out).

    Raises:
        CardRefused, CardProtocolError: see :func:`exchange` and :func:`parse_record`;
        whatever ``transmit`` raises passes through unchanged.
    """
    exchange(transmit, select_by_name(plan.ddf_name), "select_ddf")
    texts: dict[str, str] = {}
    current_ef: int | None = None
    verified = False
    for name in ("card_number", "ssn", "name"):
        spec: RecordSpec = getattr(plan, name)
        if spec.ef != current_ef:
            if plan.pin and not verified and spec.ef != plan.card_number.ef:
                exchange(transmit, verify_pin(plan.pin), "verify_pin")
                verified = True
            exchange(transmit, select_file(spec.ef, plan.select_ef_p1), f"select_{spec.ef:04X}")
            current_ef = spec.ef
        data = exchange(transmit, read_record(spec.record, spec.length + 2), f"read_{name}")
        texts[name] = decode_text(parse_record(data, spec), spec)
    return card_from_records(**texts)


def read_apdu_count(plan: ReadPlan = DEFAULT_PLAN) -> int:
    """Command APDUs in one read (without T=0 GET RESPONSE rounds)."""
    efs = {plan.card_number.ef, plan.ssn.ef, plan.name.ef}
    return 1 + len(efs) + 3 + (1 if plan.pin else 0)


def read_wire_bytes(plan: ReadPlan = DEFAULT_PLAN) -> int:
    """Bytes on the card's contact in one read: commands plus responses."""
    total = 5 + len(plan.ddf_name) + 2  # SELECT DDF + SW
    total += len({plan.card_number.ef, plan.ssn.ef, plan.name.ef}) * (7 + 2)
    total += sum(5 + 2 + spec.length + 2 for spec in (plan.card_number, plan.ssn, plan.name))
    if plan.pin:
        total += 5 + (len(plan.pin) + 1) // 2 + 2
    return total


def read_timeout_s(
    plan: ReadPlan = DEFAULT_PLAN, bps: int = ISO_DEFAULT_BPS, per_apdu_s: float = 0.2, margin_s: float = 0.5
) -> float:
    """How long a whole read may take before the card counts as not answering.

    Wire time at ``bps`` (12 etu per byte) plus the card's processing time per APDU
    plus a margin for power-up: about 1.9 s for the default plan at 9600 bit/s.
    """
    wire = read_wire_bytes(plan) * ETU_PER_BYTE / bps
    return wire + read_apdu_count(plan) * per_apdu_s + margin_s

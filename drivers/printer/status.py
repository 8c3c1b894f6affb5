"""Real-time status replies (``DLE EOT n``), Epson layout; pure functions.

Every reply byte has fixed bits: bit 1 and bit 4 set, bit 0 and bit 7 clear
(``b & 0x93 == 0x12``); a byte without them is not a status reply and reads as
unknown, never as ok (ESC/POS reference, DLE EOT; HARDWARE.md section 3).

- ``DLE EOT 1`` printer status: bit 3 set = offline.
- ``DLE EOT 2`` offline cause: bit 2 cover open, bit 5 stopped by paper end.
- ``DLE EOT 4`` paper roll sensor: bits 2-3 near end, bits 5-6 paper end;
  so 0x12 ok, 0x1E near end, 0x72 out (0x7E: both sensors).
"""

from __future__ import annotations

import enum

DLE_EOT = b"\x10\x04"
QUERY_PRINTER = DLE_EOT + b"\x01"
QUERY_OFFLINE_CAUSE = DLE_EOT + b"\x02"
QUERY_ERROR_CAUSE = DLE_EOT + b"\x03"
QUERY_PAPER = DLE_EOT + b"\x04"

_FIXED_MASK, _FIXED_BITS = 0x93, 0x12
_OFFLINE = 0x08
_NEAR_END = 0x0C
_PAPER_END = 0x60


class PaperState(str, enum.Enum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"  # no answer, or an answer that is not a status byte


def is_status_byte(b: int) -> bool:
    """Whether ``b`` has the fixed bits every DLE EOT reply carries."""
    return 0 <= b <= 0xFF and (b & _FIXED_MASK) == _FIXED_BITS


def parse_paper(reply: int | bytes | None) -> PaperState:
    """The paper state from a ``DLE EOT 4`` reply (first byte used); never raises."""
    b = _first(reply)
    if b is None or not is_status_byte(b):
        return PaperState.UNKNOWN
    # Either sensor bit of a pair counts: some clones set only one of the two.
    if b & _PAPER_END:
        return PaperState.OUT
    if b & _NEAR_END:
        return PaperState.NEAR_END
    return PaperState.OK


def parse_online(reply: int | bytes | None) -> bool | None:
    """Online from a ``DLE EOT 1`` reply: True/False, or None when unknown."""
    b = _first(reply)
    if b is None or not is_status_byte(b):
        return None
    return not b & _OFFLINE


def paper_reply(state: PaperState | str) -> int:
    """The ``DLE EOT 4`` byte a printer sends for ``state`` (simulators use it)."""
    state = PaperState(state)
    return {PaperState.OK: 0x12, PaperState.NEAR_END: 0x1E, PaperState.OUT: 0x72}[state]


def printer_reply(online: bool) -> int:
    """The ``DLE EOT 1`` byte for online/offline (0x16: bit 2 is the drawer pin, high)."""
    return 0x16 if online else 0x16 | _OFFLINE


def offline_cause_reply(paper: PaperState | str, cover_open: bool = False) -> int:
    """The ``DLE EOT 2`` byte: paper-end stop and cover bits."""
    b = _FIXED_BITS
    if PaperState(paper) is PaperState.OUT:
        b |= 0x20
    if cover_open:
        b |= 0x04
    return b


def _first(reply: int | bytes | None) -> int | None:
    if reply is None:
        return None
    if isinstance(reply, int):
        return reply
    return reply[0] if reply else None

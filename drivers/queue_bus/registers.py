"""The queue-bus register map (pure): what each Modbus address means.

This is the map the kiosk puts into purchase specifications (docs/queue-bus-registers.md),
since vendors' own RS-485 protocols are closed (HARDWARE.md §5).

Window LED display (holding registers, function 03/06/16):
    0-63  text, GB18030, 2 bytes per register (high byte first), NUL-padded: 128 bytes
    64    brightness 0-15
    65    scroll mode: 0 static, 1 scroll left, 2 flash
Evaluation pad:
    input register 0  last rating 1-5 (0 = none since power-on)     (function 04)
    input register 1  counter, +1 (mod 65536) with every new rating  (function 04)
    coil 0            "please rate" lamp (请评价)                    (function 05/01)
"""

from __future__ import annotations

from drivers.queue_bus.base import BadValueError, TextTooLongError

TEXT_START = 0
TEXT_REGISTERS = 64
TEXT_BYTES = TEXT_REGISTERS * 2
BRIGHTNESS = 64
SCROLL_MODE = 65
DISPLAY_HOLDING_COUNT = 66

BRIGHTNESS_MAX = 15
SCROLL_MODES = {"static": 0, "scroll": 1, "flash": 2}

PAD_RATING = 0
PAD_COUNTER = 1
PAD_INPUT_COUNT = 2
PAD_LAMP_COIL = 0
RATING_RANGE = range(1, 6)


def text_to_registers(text: str) -> list[int]:
    """GB18030 bytes, two per register, NUL-padded to 64 registers.

    Raises:
        TextTooLongError: more than 128 bytes in GB18030 (nothing is cut: a cut
            could split a character and the clerk would not see the whole number).
        BadValueError: text that GB18030 cannot encode (lone surrogates) or contains NUL.
    """
    if "\x00" in text:
        raise BadValueError("device.queue_bus.bad_text", reason="nul")
    try:
        raw = text.encode("gb18030")
    except UnicodeEncodeError:
        raise BadValueError("device.queue_bus.bad_text", reason="encoding") from None
    if len(raw) > TEXT_BYTES:
        raise TextTooLongError(size=len(raw), limit=TEXT_BYTES)
    raw = raw.ljust(TEXT_BYTES, b"\x00")
    return [(raw[i] << 8) | raw[i + 1] for i in range(0, TEXT_BYTES, 2)]


def registers_to_text(registers: list[int]) -> str:
    """Inverse of :func:`text_to_registers`; undecodable bytes show as U+FFFD."""
    raw = b"".join(((r >> 8) & 0xFF).to_bytes(1, "big") + (r & 0xFF).to_bytes(1, "big") for r in registers)
    return raw.split(b"\x00", 1)[0].decode("gb18030", errors="replace")


def check_brightness(level: int) -> int:
    """The level when 0-15.

    Raises:
        BadValueError: anything else (bool and non-int included).
    """
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= BRIGHTNESS_MAX:
        raise BadValueError("device.queue_bus.bad_brightness", level=str(level), max=BRIGHTNESS_MAX)
    return level

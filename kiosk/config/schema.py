"""What each key may hold. The validator walks the TOML against these tables and names
the first key at fault; nothing is guessed or silently dropped."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.config.settings import LANGUAGES, ROLES, THEMES


@dataclass(frozen=True)
class Field:
    """A key's type and check. ``check`` returns a problem sentence or None."""

    type: type | tuple[type, ...]
    check: Callable[[Any], str | None] | None = None


def one_of(*choices: Any) -> Callable[[Any], str | None]:
    return lambda v: None if v in choices else f"must be one of {', '.join(map(str, choices))} (got {v!r})"


def in_range(lo: float, hi: float) -> Callable[[Any], str | None]:
    return lambda v: None if lo <= v <= hi else f"must be between {lo} and {hi} (got {v!r})"


def matches(pattern: str, what: str) -> Callable[[Any], str | None]:
    rx = re.compile(pattern)
    return lambda v: None if rx.fullmatch(v) else f"must be {what} (got {v!r})"


def not_blank(v: str) -> str | None:
    return None if v.strip() else "must not be empty"


def a_path(v: str) -> str | None:
    """A folder path: not empty (that would mean the current folder, wherever the
    service happens to start), no control, format or line-separator characters (no file
    system takes NUL; U+2028 and friends make a name no technician can read or type)."""
    if not v.strip():
        return "must not be empty (give a folder, e.g. /var/lib/hall-kiosk)"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in v):
        return "must not contain control or invisible characters"
    if any(part and not part.strip() for part in v.split("/")):
        return "must not have a folder name made only of spaces"
    return None


def a_zone(v: str) -> str | None:
    """An IANA time zone this machine knows (the hall's: screens and paper show its time)."""
    from offline_cache.wire.hall_time import is_zone

    return None if is_zone(v) else f"must be a time zone such as Asia/Shanghai (got {v!r})"


TOP: dict[str, Field] = {
    "config_version": Field(int, in_range(0, 1)),
    "role": Field(str, one_of(*ROLES)),
    "demo": Field(bool),
    "language": Field(str, one_of(*LANGUAGES)),
    "theme": Field(str, one_of(*THEMES)),
    "fullscreen": Field(bool),
    "terminal_id": Field(str, matches(r"[A-Za-z0-9_.-]{1,40}", "1-40 letters, digits, '_', '.' or '-'")),
    "data_dir": Field(str, a_path),
    # WCAG 2.2.1: the warning comes at least 20 s before the end, so the whole timeout
    # must leave room for it.
    "idle_timeout_s": Field(int, in_range(30, 3600)),
    "idle_warning_s": Field(int, in_range(20, 120)),
    # A secret: the check never echoes its value (a near-miss PIN in a log is half a PIN).
    "technician_pin": Field(
        str, lambda v: None if re.fullmatch(r"[0-9]{4,12}", v) else "must be 4-12 digits (the value is not shown)"
    ),
    "log_json": Field(bool),
    "log_level": Field(str, one_of("DEBUG", "INFO", "WARNING", "ERROR")),
}

HALL: dict[str, Field] = {
    "code": Field(str, not_blank),
    "name": Field(str, not_blank),
    "name_en": Field(str),
    "area_code": Field(str, matches(r"[0-9]{6}", "a 6-digit area code (GB/T 2260)")),
    "window_no": Field(int, in_range(1, 999)),
    "notice": Field(str),
    "timezone": Field(str, a_zone),
}

HUB: dict[str, Field] = {
    "url": Field(str, matches(r"embedded|https?://[^\s]+", "'embedded' or an http(s):// URL")),
    "token": Field(str),
    # A secret: the check never echoes its value.
    "person_key": Field(
        str,
        lambda v: (
            None
            if len(v) >= 16 and not any(ch.isspace() for ch in v)
            else "must be at least 16 characters without spaces"
        ),
    ),
}

SPEECH: dict[str, Field] = {
    # the same names as kiosk.speech.select.ENGINES (config must not import the speech package)
    "engine": Field(str, one_of("auto", "voice_pack", "qt", "espeak", "none")),
    "voice_pack": Field(str),
}

GUIDANCE: dict[str, Field] = {
    "enabled": Field(bool),
    "auto_on_headset": Field(bool),
    # the same names as kiosk.guidance.output.ENGINES and kiosk.guidance.headset.HEADSETS
    "engine": Field(str, one_of("auto", "qt", "espeak", "none")),
    "headset": Field(str, one_of("auto", "linux", "simulated", "none")),
    "rate_wpm": Field(int, in_range(80, 400)),
    "private_without_headset": Field(str, one_of("neutral", "skip")),
}

_BAUD = Field(int, one_of(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600))
_URL = Field(str, not_blank)
_MODBUS_ADDR = Field(int, in_range(1, 247))

# Per device kind, the options its backends take (besides "backend").
DEVICE_OPTIONS: dict[str, dict[str, Field]] = {
    "id_reader": {
        "url": _URL,
        "baud": _BAUD,
        "photo_decoder": Field(str),  # optional plug-in module that turns WLT into an image
        "library": Field(str),  # vendor_sdk backend: path or name of the SDK library
    },
    "smartcard": {
        "reader": Field(str),  # substring of the PC/SC reader name; "" = the first one
    },
    "printer": {
        "url": _URL,
        "baud": _BAUD,
        "encoding": Field(str, one_of("gb18030", "gbk", "utf-8")),
        "profile": Field(str, not_blank),
        "paper_width_mm": Field(int, one_of(58, 80)),
        "native_qr": Field(bool),
    },
    "camera": {
        "source": Field(str, not_blank),  # device index, URL or file
        "doc_source": Field(str),  # the document camera (高拍仪), if separate
        "width": Field(int, in_range(160, 4096)),
        "height": Field(int, in_range(120, 4096)),
        "doc_dpi": Field(int, in_range(100, 600)),
    },
    "queue_bus": {
        "url": _URL,
        "baud": _BAUD,
        "display_address": _MODBUS_ADDR,
        "pad_address": _MODBUS_ADDR,
        "poll_ms": Field(int, in_range(100, 2000)),
    },
}


def check_field(key: str, spec: Field, value: Any) -> str | None:
    """The problem with ``value`` for ``key``, or None when it fits."""
    # bool is an int in Python; a TOML `true` must not pass for a number.
    if isinstance(value, bool) and spec.type is not bool:
        return f"must be {_type_name(spec.type)}, not true/false"
    if not isinstance(value, spec.type):
        return f"must be {_type_name(spec.type)} (got {type(value).__name__} {value!r})"
    if spec.check is not None:
        return spec.check(value)
    return None


def _type_name(t: type | tuple[type, ...]) -> str:
    names = {int: "a whole number", str: "text in quotes", bool: "true or false", float: "a number"}
    if isinstance(t, tuple):
        return " or ".join(names.get(x, x.__name__) for x in t)
    return names.get(t, t.__name__)

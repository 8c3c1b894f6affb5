"""Masks for personal data: the one implementation (STANDARDS.md §4, GB/T 35273-2020).

Every layer masks with these (drivers' card views, the core's screens, paper and logs,
the hub's answers about 办不成事 reports), so a value reads the same everywhere. One rule
per kind; each keeps its ends only while enough stays hidden, so a short value is never
shown whole:

=========== ======================================= =========================== ==========
kind        shown                                   e.g.                        below that
=========== ======================================= =========================== ==========
ID number   first 4 + last 4, ≥ 6 hidden            ``6101**********1234``      all ``*``
document    first 1 + last 2, ≥ 4 hidden            ``H******67`` (pass number) all ``*``
card number first 2 + last 2, ≥ 4 hidden            ``S6*****01`` (社保卡)       all ``*``
phone       digits only; first 3 + last 4 with      ``138****1234``             ``****5678``,
            ≥ 4 hidden, else last 4 with ≥ 4 hidden                             all ``*``
name        the surname (two characters for a       ``张*``, ``欧阳**``,         ``*``
            compound one), each Latin word's first  ``J*** S****``
            letter; at least one character hidden
address     up to the district or county (and       ``陕西省西安市碑林区***``     ``***``
            street or town), never a digit
code text   first 4 + ``…`` + last 4, ≥ 6 hidden;   ``6101…0012``
            first 2 + ``…`` + last 2 above 8; a
            test code of up to 8 characters as is
=========== ======================================= =========================== ==========

``scrub`` masks ID-number-like and mobile-like runs inside free text (log lines).
Stdlib only: this module lives in ``common``, which every layer, the hub too, may import.
"""

from __future__ import annotations

import re

_COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
    ]
)
_ADDRESS_CUT = re.compile(r"^(.*?(?:省|自治区|市)?.*?(?:区|县|旗)(?:.*?(?:街道|镇|乡))?)")
_ADDRESS_FALLBACK = 6  # characters kept of an address with no district (at most half of it)


def _ends(value: str, head: int, tail: int, min_hidden: int, fill: str = "") -> str | None:
    """``value`` with only ``head`` and ``tail`` characters shown, or None when fewer
    than ``min_hidden`` would stay hidden. ``fill`` replaces the middle (default: one
    ``*`` per hidden character)."""
    hidden = len(value) - head - tail
    if hidden < min_hidden:
        return None
    return value[:head] + (fill or "*" * hidden) + value[len(value) - tail :]


def mask_id_number(value: str) -> str:
    """First 4 and last 4 characters (``6101**********1234``); all stars when fewer than
    6 would stay hidden."""
    v = value.strip()
    return _ends(v, 4, 4, 6) or "*" * len(v)


def mask_document_number(value: str) -> str:
    """Short document numbers (permit pass numbers, ``H******67``): first 1 and last 2
    characters; all stars when fewer than 4 would stay hidden."""
    v = value.strip()
    return _ends(v, 1, 2, 4) or "*" * len(v)


def mask_card_number(value: str) -> str:
    """Card numbers (社保卡 ``S61010301`` -> ``S6*****01``): first and last 2 characters;
    all stars when fewer than 4 would stay hidden."""
    v = value.strip()
    return _ends(v, 2, 2, 4) or "*" * len(v)


def mask_phone(value: str) -> str:
    """The digits of a phone number, masked: ``13812341234`` -> ``138****1234``;
    ``88881234`` -> ``****1234``; fewer than 8 digits -> all stars. ``""`` stays ``""``."""
    digits = re.sub(r"\D", "", value)
    return _ends(digits, 3, 4, 4) or _ends(digits, 0, 4, 4) or "*" * len(digits)


def mask_name(value: str) -> str:
    """``张三丰`` -> ``张**``, ``欧阳娜娜`` -> ``欧阳**``, ``JOHN SMITH`` -> ``J*** S****``;
    a one-character name (or word) -> ``*``."""
    v = value.strip()
    if not v:
        return ""
    if v.isascii():
        return " ".join(_ends(w, 1, 0, 1) or "*" for w in v.split())
    keep = 2 if v[:2] in _COMPOUND_SURNAMES and len(v) > 2 else 1
    return _ends(v, keep, 0, 1) or "*" * len(v)


def mask_address(value: str) -> str:
    """Keep the address up to the district or county (and street or town), then ``***``;
    never a digit (house, building, room). An address with no district keeps at most 6
    characters and at most half of it."""
    v = value.strip()
    if not v:
        return ""
    m = _ADDRESS_CUT.match(v)
    kept = m.group(1) if m and m.group(1) != v else v[: min(_ADDRESS_FALLBACK, len(v) // 2)]
    digit = next((i for i, c in enumerate(kept) if c.isdigit()), len(kept))  # also ０-９, ²
    return kept[:digit] + "***"


def mask_code_text(payload: str) -> str:
    """A decoded QR or bar code's text (may carry an ID number): ``6101…0012``. A short
    test code (up to 8 characters) is shown as it is, so a technician can check a scan."""
    if len(payload) <= 8:
        return payload
    return _ends(payload, 4, 4, 6, "…") or _ends(payload, 2, 2, 5, "…") or "…"


# Safety net for logs: anything that looks like an ID number or a mobile number.
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{5})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE_LIKE = re.compile(r"(?<![0-9])(1[3-9][0-9])([0-9]{4})([0-9]{4})(?![0-9])")


def scrub(text: str) -> str:
    """Mask every ID-number-like and mobile-number-like run in free text (for logs)."""
    text = _ID_LIKE.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE_LIKE.sub(lambda m: mask_phone(m.group(0)), text)

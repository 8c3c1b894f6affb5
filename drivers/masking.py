"""Masks for personal data (STANDARDS.md §4, GB/T 35273-2020), the one implementation:
drivers mask what they read (cards' ``masked()`` views and reprs), and ``kiosk.privacy``
re-exports these for screens, paper and logs (drivers may not import kiosk).

ID ``6101**********1234``, name ``张*`` / ``欧阳**``, address cut to the district or
street, card numbers to their first and last two characters.
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


def mask_id_number(value: str) -> str:
    """First 4 and last 4 characters; anything of 8 or fewer becomes all stars."""
    v = value.strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_document_number(value: str) -> str:
    """Short document numbers (permit pass numbers): first and last 2 characters only."""
    v = value.strip()
    if len(v) <= 4:
        return "*" * len(v)
    return v[0] + "*" * (len(v) - 3) + v[-2:]


def mask_card_number(value: str) -> str:
    """Card numbers (社保卡 ``S61010301`` -> ``S6*****01``): first and last 2 characters."""
    v = value.strip()
    if len(v) <= 4:
        return "*" * len(v)
    return v[:2] + "*" * (len(v) - 4) + v[-2:]


def mask_name(value: str) -> str:
    """``张三丰`` -> ``张**``, ``欧阳娜娜`` -> ``欧阳**``, ``JOHN SMITH`` -> ``J*** S****``."""
    v = value.strip()
    if not v:
        return ""
    if v.isascii():
        return " ".join(w[0] + "*" * (len(w) - 1) for w in v.split())
    keep = 2 if v[:2] in _COMPOUND_SURNAMES and len(v) > 2 else 1
    return v[:keep] + "*" * (len(v) - keep)


def mask_address(value: str) -> str:
    """Keep the address up to the district or county (and street or town), then ``***``."""
    v = value.strip()
    m = _ADDRESS_CUT.match(v)
    if m and m.group(1) != v:
        return m.group(1) + "***"
    return v[:6] + ("***" if len(v) > 6 else "")

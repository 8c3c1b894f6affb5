"""Masking of personal data for screens, paper and logs (STANDARDS.md §4, GB/T 35273).

ID ``6101**********1234`` (first 4, last 4), name ``张*`` / ``欧阳**``, mobile
``138****1234``, address cut to the district or street.
"""

from __future__ import annotations

import re

# Two-character compound surnames: the mask keeps the whole surname.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 百里".split())


def mask_id_number(value: str) -> str:
    """``610103188001010012`` -> ``6103**********0012``; short values become all stars."""
    v = value.strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_name(value: str) -> str:
    """``张三丰`` -> ``张**``, ``欧阳娜娜`` -> ``欧阳**``, ``John Smith`` -> ``J*** S****``."""
    v = value.strip()
    if not v:
        return ""
    if v.isascii():
        return " ".join(w[0] + "*" * (len(w) - 1) for w in v.split())
    keep = 2 if v[:2] in _COMPOUND_SURNAMES and len(v) > 2 else 1
    return v[:keep] + "*" * (len(v) - keep)


def mask_phone(value: str) -> str:
    """``13812341234`` -> ``138****1234``; landlines keep area code and last 4."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    if len(digits) > 6:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * len(digits)


_ADDRESS_CUT = re.compile(r"^(.*?(?:省|自治区|市)?.*?(?:区|县|旗)(?:.*?(?:街道|镇|乡))?)")


def mask_address(value: str) -> str:
    """Keep the address up to the district (and street/town when present), then ``***``."""
    v = value.strip()
    m = _ADDRESS_CUT.match(v)
    if not m or m.group(1) == v:
        return v[: min(len(v), 6)] + ("***" if len(v) > 6 else "")
    return m.group(1) + "***"


# Safety net for logs: anything that looks like an ID number or a mobile number.
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{5})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE_LIKE = re.compile(r"(?<![0-9])(1[3-9][0-9])([0-9]{4})([0-9]{4})(?![0-9])")


def scrub(text: str) -> str:
    """Mask every ID-number-like and mobile-number-like run in free text (for logs)."""
    text = _ID_LIKE.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE_LIKE.sub(lambda m: m.group(1) + "****" + m.group(3), text)

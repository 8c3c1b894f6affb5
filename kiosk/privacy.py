"""Masking of personal data for screens, paper and logs (STANDARDS.md §4, GB/T 35273).

The ID, name and address masks are ``drivers.masking`` (one implementation for the
drivers' card views and the core); phones and the log scrubber are here.

ID ``6101**********1234`` (first 4, last 4), name ``张*`` / ``欧阳**``, mobile
``138****1234``, address cut to the district or street.
"""

from __future__ import annotations

import re

from drivers.masking import mask_address, mask_id_number, mask_name

__all__ = ["mask_address", "mask_id_number", "mask_name", "mask_phone", "scrub"]


def mask_phone(value: str) -> str:
    """``13812341234`` -> ``138****1234``; landlines keep area code and last 4."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    if len(digits) > 6:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * len(digits)


# Safety net for logs: anything that looks like an ID number or a mobile number.
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{5})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE_LIKE = re.compile(r"(?<![0-9])(1[3-9][0-9])([0-9]{4})([0-9]{4})(?![0-9])")


def scrub(text: str) -> str:
    """Mask every ID-number-like and mobile-number-like run in free text (for logs)."""
    text = _ID_LIKE.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE_LIKE.sub(lambda m: m.group(1) + "****" + m.group(3), text)

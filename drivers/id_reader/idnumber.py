"""GB 11643-1999 citizen identity numbers: check character, birth date, sex (pure).

STANDARDS.md §5: weights ``7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2`` over the first 17
digits, sum mod 11 indexes ``10X98765432``. Hong Kong/Macao/Taiwan residence permit
numbers (810000/820000/830000 area codes) and the 2023 foreigner permanent residence
card numbers (leading 9) use the same check.
"""

from __future__ import annotations

import datetime as dt
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"[0-9]{17}[0-9Xx]")


def check_char(first17: str) -> str:
    """The check character for the first 17 digits.

    Raises:
        ValueError: ``first17`` is not 17 ASCII digits.
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS))
    return _CHECK[total % 11]


def normalize(number: str) -> str:
    """Strip blanks and upper-case a trailing ``x`` (cards print ``X``; people type ``x``)."""
    return number.strip().upper()


def birth_date(number: str) -> dt.date | None:
    """The birth date in digits 7-14, or None when it is not a real date."""
    try:
        return dt.datetime.strptime(number[6:14], "%Y%m%d").date()
    except ValueError:
        return None


def is_valid(number: str, *, today: dt.date | None = None) -> bool:
    """Whether ``number`` is a well-formed 18-character number with a right check char.

    The birth date must exist and not lie in the future; lower-case ``x`` is accepted.
    """
    n = normalize(number)
    if not _SHAPE.fullmatch(n):
        return False
    born = birth_date(n)
    if born is None or born > (today or dt.date.today()):
        return False
    return check_char(n[:17]) == n[17]


def sex_code(number: str) -> str:
    """``"1"`` (male) when the 17th digit is odd, ``"2"`` (female) when even."""
    return "1" if int(normalize(number)[16]) % 2 else "2"

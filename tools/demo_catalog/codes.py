"""Code builders: sample unified social credit codes and implementation codes.

The codes only *look* real: the organisation part is derived from a hash of the
department name, but both check characters are computed properly so that a
validator of GB 32100 / GB 11714 accepts them.
"""

from __future__ import annotations

import hashlib

# GB 32100-2015: 31 characters, no I, O, Z, S, V.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997 organisation code check weights.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

CITY_AREA = "610100"

# STANDARDS.md §6 (GB/T 2260).
DISTRICTS = {
    "610102": "新城区",
    "610103": "碑林区",
    "610104": "莲湖区",
    "610111": "灞桥区",
    "610112": "未央区",
    "610113": "雁塔区",
    "610114": "阎良区",
    "610115": "临潼区",
    "610116": "长安区",
    "610117": "高陵区",
    "610118": "鄠邑区",
    "610122": "蓝田县",
    "610124": "周至县",
}


def _org_check(body: str) -> str:
    """GB 11714 check character for the first 8 characters of an org code."""
    total = 0
    for char, weight in zip(body, _ORG_WEIGHTS):
        value = int(char) if char.isdigit() else ord(char) - ord("A") + 10
        total += value * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_check(first17: str) -> str:
    """GB 32100 (ISO 7064 MOD 31-3) check character for 17 characters."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31]


def sample_uscc(name: str, area_code: str, kind: str) -> str:
    """A valid-looking sample credit code for a department.

    Args:
        name: department name; hashed so that the code is stable across runs.
        area_code: 6-digit GB/T 2260 code of the registering area.
        kind: "11" government organ, "12" public institution, "91" enterprise.

    Returns:
        An 18-character code with correct check characters (sample, not real).
    """
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest().upper()
    # Organ codes of the 2015 reform often start "MB"; keep digits after it.
    digits = "".join(c for c in digest if c.isdigit())
    body = ("MB" + digits[:6]) if kind == "11" else digits[:8]
    org = body + _org_check(body)
    first17 = kind + area_code + org
    return first17 + uscc_check(first17)


def task_code(dept_code: str, level: int, catalog_code: str) -> str:
    """Implementation code: credit code (18) + level (1) + basic code (12)."""
    return f"{dept_code}{level}{catalog_code}"


def catalog_code(task_type: str, dept_no: int, seq: int) -> str:
    """A 12-character basic code, unique per department number and sequence."""
    return f"00{int(task_type):02d}{dept_no:02d}{seq:03d}000"

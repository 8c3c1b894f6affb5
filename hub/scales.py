"""Satisfaction scales at the hub's exports.

Inside, ``satisfaction`` is 1-5 with 5 = 非常满意 (GB/T 39734; STANDARDS.md §2), and so it
is stored. Some standards and provincial interfaces count the other way (GB/T 39046:
1 = 非常满意). The hub keeps one direction and maps it only where evaluations leave it:
``GET /api/v1/evaluations?scale=...`` and ``kiosk hub report --scale ...``.
"""

from __future__ import annotations

from typing import Any

GBT39734 = "gbt39734"
REVERSED = "reversed"
DEFAULT = GBT39734
#: scale -> what its numbers mean (the CSV's ``scale`` row, ``--help``, docs/hub-api.md)
SCALES: dict[str, str] = {
    GBT39734: "1 非常不满意 … 5 非常满意 (GB/T 39734, the hub's own)",
    REVERSED: "1 非常满意 … 5 非常不满意 (GB/T 39046, some provincial interfaces)",
}


class ScaleError(ValueError):
    """A scale name the hub does not know."""


def check(scale: str) -> str:
    if scale not in SCALES:
        raise ScaleError(f"no satisfaction scale {scale!r} (scales: {', '.join(SCALES)})")
    return scale


def level(value: int, scale: str) -> int:
    """An internal 1-5 level on ``scale``."""
    return value if check(scale) == GBT39734 else 6 - value


def mean(value: float | None, scale: str) -> float | None:
    """A mean of internal levels on ``scale`` (the mapping is linear, so means map too)."""
    if value is None:
        return None
    return value if check(scale) == GBT39734 else round(6 - value, 2)


def record(evaluation: dict[str, Any], scale: str) -> dict[str, Any]:
    """A stored evaluation record (the wire ``Evaluation`` as JSON) with its
    ``satisfaction`` on ``scale``; the stored record is not changed."""
    out = dict(evaluation)
    if isinstance(out.get("satisfaction"), int):
        out["satisfaction"] = level(out["satisfaction"], scale)
    return out

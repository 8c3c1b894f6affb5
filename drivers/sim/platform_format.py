"""The platform message format (docs/city.md) as the platform checks it: pure functions,
no I/O. Written from the document, not imported from the hub, so that the simulator is
a second reading of the format and catches a hub that drifts from it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import datetime
from typing import Any

KINDS = {"/cases": "case", "/evaluations": "evaluation", "/rectifications": "rectification"}
STATUSES = ("accepted", "in_progress", "finished", "rejected")


class FormatError(ValueError):
    """A message that breaks the format: ``field`` and what is wrong."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


def _text(d: dict, name: str, where: str, *, empty: bool = False, limit: int = 2000) -> str:
    value = d.get(name)
    if not isinstance(value, str) or (not empty and not value) or len(value) > limit:
        raise FormatError(f"{where}{name}", "missing or not a text" if value is None else "not a fitting text")
    return value


def _int(d: dict, name: str, where: str, low: int, high: int) -> int:
    value = d.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FormatError(f"{where}{name}", f"not an integer {low} to {high}")
    return value


def _time(d: dict, name: str, where: str) -> None:
    try:
        datetime.fromisoformat(_text(d, name, where, limit=40))
    except ValueError:
        raise FormatError(f"{where}{name}", "not an ISO 8601 time") from None


def check_message(kind: str, m: Any) -> dict:
    """The message if it keeps the format (FormatError otherwise)."""
    if not isinstance(m, dict):
        raise FormatError("", "not a JSON object")
    if m.get("formatVersion") != "1":
        raise FormatError("formatVersion", "not 1")
    message_id = _text(m, "messageId", "", limit=64)
    if not message_id.isascii() or not message_id.isalnum():
        raise FormatError("messageId", "not 1-64 letters and digits")
    if m.get("messageType") != kind:
        raise FormatError("messageType", f"not {kind} (the path says so)")
    hall = _text(m, "hallCode", "", limit=32)
    _time(m, "sentTime", "")
    record = m.get("record")
    if not isinstance(record, dict):
        raise FormatError("record", "not a JSON object")
    {"case": _case, "evaluation": _evaluation, "rectification": _rectification}[kind](record, hall)
    return m


def _case(r: dict, hall: str) -> None:
    w = "record."
    provisional = _text(r, "provisionalNo", w, limit=100)
    if not provisional.startswith(f"{hall}:") or len(provisional) == len(hall) + 1:
        raise FormatError(f"{w}provisionalNo", "not HALLCODE:REFERENCE of this hall")
    _text(r, "taskCode", w, limit=36)
    _text(r, "areaCode", w, empty=True, limit=12)
    _time(r, "submitTime", w)
    for name in ("applicant", "formValues"):
        if not isinstance(r.get(name), dict):
            raise FormatError(f"{w}{name}", "not a JSON object")
    materials = r.get("materials")
    if not isinstance(materials, list):
        raise FormatError(f"{w}materials", "not a list")
    for i, m in enumerate(materials):
        at = f"{w}materials[{i}]."
        if not isinstance(m, dict):
            raise FormatError(at[:-1], "not a JSON object")
        sha = _text(m, "sha256", at, limit=64)
        if _text(m, "mediaType", at, limit=32) not in ("image/jpeg", "image/png", "image/webp"):
            raise FormatError(f"{at}mediaType", "not image/jpeg, image/png or image/webp")
        try:
            data = base64.b64decode(_text(m, "data", at, limit=10**9), validate=True)
        except (binascii.Error, ValueError):
            raise FormatError(f"{at}data", "not base64") from None
        if hashlib.sha256(data).hexdigest() != sha:
            raise FormatError(f"{at}sha256", "not the sha256 of data")


def _evaluation(r: dict, hall: str) -> None:
    # GB/T 39734-2020 field names (STANDARDS.md §2).
    w = "record."
    _text(r, "evaluationId", w, limit=64)
    _text(r, "projectNo", w, empty=True, limit=100)
    _text(r, "provisionalNo", w, empty=True, limit=100)
    _int(r, "satisfaction", w, 1, 5)
    _int(r, "pf", w, 1, 7)
    _int(r, "assessNumber", w, 1, 2)
    _int(r, "proStatus", w, 1, 3)
    _int(r, "userProp", w, 1, 2)
    _time(r, "assessTime", w)
    if _text(r, "hallCode", w, limit=64) != hall:
        raise FormatError(f"{w}hallCode", "not the message's hallCode")
    detail = r.get("evalDetail")
    if not isinstance(detail, list) or not all(isinstance(x, str) and x for x in detail):
        raise FormatError(f"{w}evalDetail", "not a list of indicator codes")
    if not isinstance(r.get("anonymityFlag"), bool):
        raise FormatError(f"{w}anonymityFlag", "not true or false")
    for name in ("writingEvaluation", "taskCode", "userName", "workNo"):
        _text(r, name, w, empty=True)
    if r.get("windowNo") is not None:
        _int(r, "windowNo", w, 1, 9999)
    if r.get("projectType") is not None:
        _int(r, "projectType", w, 1, 2)


def _rectification(r: dict, hall: str) -> None:
    w = "record."
    _text(r, "evaluationId", w, limit=64)
    if _text(r, "hallCode", w, limit=32) != hall:
        raise FormatError(f"{w}hallCode", "not the message's hallCode")
    _int(r, "satisfaction", w, 1, 2)
    try:
        datetime.strptime(_text(r, "deadline", w, limit=10), "%Y-%m-%d")
    except ValueError:
        raise FormatError(f"{w}deadline", "not YYYY-MM-DD") from None
    _text(r, "owner", w, limit=64)
    _text(r, "result", w, limit=500)
    for name in ("closedTime",):
        if isinstance(r.get(name), bool) or not isinstance(r.get(name), (int, float)):
            raise FormatError(f"{w}{name}", "not epoch seconds")
    if r.get("callbackTime") is not None and not isinstance(r.get("callbackTime"), (int, float)):
        raise FormatError(f"{w}callbackTime", "not epoch seconds or null")

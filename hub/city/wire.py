"""The hall → city messages (``POST /api/v1/city/cases`` and ``/evaluations``), one
definition for both sides of the link.

A case travels with its materials inline (base64): the hall's hub holds them already
checked (``hub.cases.check_image``), and one request per case keeps the exactly-once
rule to one idempotency key.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from hub.cases import Image, check_image
from hub.city.errors import CityError
from hub.errors import ApiError
from offline_cache.wire import Evaluation, WireError
from offline_cache.wire.assist import UnresolvedReport
from offline_cache.wire.cases import MAX_BLOBS, CaseSubmission


def _bad(field: str, why: str) -> CityError:
    return CityError("city.request.invalid", f"{field}: {why}", 422)


def _reference(value: Any) -> str:
    """The hall's case number as a hall hub mints it: the item's task code (any printable
    text, ``CaseSubmission``; ``T-GLJT`` in the demo catalog), the day and a sequence.
    Refusing a '-' made every case of such an item a dead letter at the hall."""
    if not isinstance(value, str) or not 1 <= len(value) <= 64 or not value.isprintable() or value != value.strip():
        raise _bad("reference", "1-64 printable characters (the hall's case number)")
    return value


@dataclass(frozen=True)
class CaseUp:
    """A hall's case on its way to the city."""

    reference: str  # the hall's case number: its 参考号 until the platform's number arrives
    submitted_at: float
    case: CaseSubmission
    materials: tuple[Image, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "submitted_at": self.submitted_at,
            "case": self.case.to_dict(),
            "materials": [
                {"sha256": m.sha256, "media_type": m.media_type, "data": base64.b64encode(m.data).decode("ascii")}
                for m in self.materials
            ],
        }

    def without_materials(self) -> dict[str, Any]:
        """The message but its materials' bytes (for the idempotency fingerprint)."""
        return {"reference": self.reference, "submitted_at": self.submitted_at, "case": self.case.to_dict()}

    @classmethod
    def from_dict(cls, d: Any) -> CaseUp:
        """Checked whole (CityError ``city.request.invalid`` or the image's own key)."""
        if not isinstance(d, dict):
            raise _bad("body", "not a JSON object")
        at = d.get("submitted_at")
        if isinstance(at, bool) or not isinstance(at, (int, float)) or not 0 <= at < 1e11:
            raise _bad("submitted_at", "epoch seconds")
        try:
            case = CaseSubmission.from_dict(d.get("case"), "case")
        except WireError as exc:
            raise _bad("case", str(exc)) from None
        raw = d.get("materials", [])
        if not isinstance(raw, list) or len(raw) > MAX_BLOBS:
            raise _bad("materials", f"a list of at most {MAX_BLOBS}")
        images = []
        for i, m in enumerate(raw):
            if not isinstance(m, dict) or not isinstance(m.get("sha256"), str) or not isinstance(m.get("data"), str):
                raise _bad(f"materials[{i}]", "needs sha256 and data (base64)")
            try:
                data = base64.b64decode(m["data"], validate=True)
            except (binascii.Error, ValueError):
                raise _bad(f"materials[{i}].data", "not base64") from None
            try:
                images.append(check_image(m["sha256"], data))
            except ApiError as exc:  # the image's own key (case.not_an_image ...)
                raise CityError(exc.code, f"materials[{i}]: {exc.message}", exc.status) from None
        return cls(_reference(d.get("reference")), float(at), case, tuple(images))


@dataclass(frozen=True)
class EvaluationUp:
    """A hall's 好差评 record on its way to the city."""

    record: Evaluation

    def to_dict(self) -> dict[str, Any]:
        return {"record": self.record.to_dict()}

    @classmethod
    def from_dict(cls, d: Any) -> EvaluationUp:
        if not isinstance(d, dict):
            raise _bad("body", "not a JSON object")
        try:
            return cls(Evaluation.from_dict(d.get("record"), "record"))
        except WireError as exc:
            raise _bad("record", str(exc)) from None


@dataclass(frozen=True)
class ReportUp:
    """A hall's 办不成事 report on its way to the city (the phone in full, for 12345)."""

    report: UnresolvedReport

    def to_dict(self) -> dict[str, Any]:
        return {"report": self.report.to_dict()}

    @classmethod
    def from_dict(cls, d: Any) -> ReportUp:
        if not isinstance(d, dict):
            raise _bad("body", "not a JSON object")
        try:
            return cls(UnresolvedReport.from_dict(d.get("report"), "report"))
        except WireError as exc:
            raise _bad("report", str(exc)) from None


MAX_SNAPSHOT_TERMINALS = 500


def check_snapshot(d: Any) -> dict[str, Any]:
    """A hall's snapshot: ``{"terminals": [{"terminal", "role", "seen", "devices": {name: state}}],
    "queue": {"day", "counts": {status: n}}, "outbox": {"pending", "dead"}}``."""
    if not isinstance(d, dict):
        raise _bad("body", "not a JSON object")
    terminals = d.get("terminals")
    if not isinstance(terminals, list) or len(terminals) > MAX_SNAPSHOT_TERMINALS:
        raise _bad("terminals", f"a list of at most {MAX_SNAPSHOT_TERMINALS}")
    for i, t in enumerate(terminals):
        if not isinstance(t, dict) or not isinstance(t.get("terminal"), str) or not isinstance(t.get("devices"), dict):
            raise _bad(f"terminals[{i}]", "needs terminal and devices")
    queue = d.get("queue")
    if not isinstance(queue, dict) or not isinstance(queue.get("counts"), dict):
        raise _bad("queue", "needs counts")
    if not all(isinstance(k, str) and isinstance(v, int) for k, v in queue["counts"].items()):
        raise _bad("queue.counts", "status: number")
    outbox = d.get("outbox", {})
    if not isinstance(outbox, dict) or not all(isinstance(v, int) for v in outbox.values()):
        raise _bad("outbox", "pending and dead as numbers")
    return {"terminals": terminals, "queue": queue, "outbox": outbox, "catalog": _catalog(d.get("catalog"))}


def _catalog(d: Any) -> dict[str, Any] | None:
    """The snapshot's ``catalog``: ``{"version", "city_version", "refused": {"version", "error"} | null}``
    (absent from a hall hub older than catalogs down the tree: null)."""
    if d is None:
        return None

    def version(v: Any) -> bool:
        return v is None or (isinstance(v, int) and not isinstance(v, bool))

    if not isinstance(d, dict) or not version(d.get("version")) or not version(d.get("city_version")):
        raise _bad("catalog", "needs version and city_version as numbers or null")
    refused = d.get("refused")
    if refused is not None:
        if (
            not isinstance(refused, dict)
            or not version(refused.get("version"))
            or not isinstance(refused.get("error"), str)
        ):
            raise _bad("catalog.refused", "needs version and error")
        refused = {"version": refused["version"], "error": refused["error"][:200]}
    return {"version": d.get("version"), "city_version": d.get("city_version"), "refused": refused}

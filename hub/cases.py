"""Cases (办件) in the database: intake with the official case number, status changes
and their history, and the terminals' pull of those changes.

Case number: the item's implementation code + the hall's local date ``yyyyMMdd`` + a
4-digit sequence per code and day (STANDARDS.md §1). The sequence row is incremented in
the transaction that inserts the case, so a number is never given twice nor reused,
even after a crash (a refused request rolls its increment back).

Personal data: the case body (applicant, form values) and the images are stored as
received — this is the hall's own server; encryption at rest on the hub is out of scope
(docs/hub-api.md). Nothing here logs a body: logs carry case numbers and codes only.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db, idempotency
from hub.city import uplink_store
from hub.errors import ApiError
from hub.queue import QueueRules
from hub.store import upsert
from hub.tables import case_blobs, case_counters, case_updates, cases, catalog_items, catalog_versions
from offline_cache.wire.cases import MAX_BLOBS, NEXT_STATUSES, CaseSubmission, CaseUpdate, StatusChange

log = logging.getLogger("hub.cases")

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# Magic bytes of the image types a material scan may be (JPEG, PNG, WebP).
_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
_AT_STEP = 0.001  # case_updates.at grows at least this much per terminal (the pull cursor)


@dataclass(frozen=True)
class Image:
    """A material image as received: its declared sha256 (the part's name) and bytes."""

    sha256: str
    data: bytes
    media_type: str


def check_image(name: str, data: bytes) -> Image:
    """A part of the multipart request, checked: its name is its sha256, it is a JPEG,
    PNG or WebP image, and at most 5 MB.

    Raises:
        ApiError: 413 ``case.image_too_large``, 422 ``case.image_hash_mismatch`` /
            ``case.not_an_image``.
    """
    if len(data) > MAX_IMAGE_BYTES:
        raise ApiError(
            413,
            "case.image_too_large",
            f"part {name[:64]!r} is {len(data)} bytes; an image may have at most {MAX_IMAGE_BYTES}",
            limit=MAX_IMAGE_BYTES,
        )
    actual = hashlib.sha256(data).hexdigest()
    if name.lower() != actual:
        raise ApiError(
            422,
            "case.image_hash_mismatch",
            f"part {name[:64]!r} is not named by its sha256 ({actual}): damaged on the way?",
            sha256=actual,
        )
    media = next((m for magic, m in _MAGIC if data.startswith(magic)), None)
    if media is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        media = "image/webp"
    if media is None:
        raise ApiError(422, "case.not_an_image", f"part {name[:12]}… is not a JPEG, PNG or WebP image", sha256=actual)
    return Image(actual, data, media)


def submit(
    engine: Engine, rules: QueueRules, terminal: str, key: str, body: Any, images: list[Image]
) -> tuple[int, dict[str, Any]]:
    """Store a case once per idempotency key; (HTTP status, answer).

    Raises:
        WireError: the body is malformed (422 ``request.invalid``).
        ApiError: 422 ``case.unknown_item`` (not in the published catalog), 422
            ``case.too_many_images``, 409 ``idempotency.mismatch``.
    """
    case = CaseSubmission.from_dict(body, "body")
    if len(images) > MAX_BLOBS:
        raise ApiError(422, "case.too_many_images", f"at most {MAX_BLOBS} images per case", limit=MAX_BLOBS)
    fingerprint = idempotency.digest("case", case.to_dict(), [i.sha256 for i in images])
    now = rules.clock()

    def work(conn: Connection) -> tuple[int, dict[str, Any]]:
        _check_item(conn, case.task_code)
        day = datetime.fromtimestamp(now, rules.tz).strftime("%Y%m%d")
        stmt = (
            upsert(conn, case_counters)
            .values(task_code=case.task_code, day=day, last_number=1)
            .on_conflict_do_update(
                index_elements=["task_code", "day"], set_={"last_number": case_counters.c.last_number + 1}
            )
            .returning(case_counters.c.last_number)
        )
        n = conn.execute(stmt).scalar_one()
        number = f"{case.task_code}{day}{n:04d}"
        conn.execute(
            cases.insert().values(
                case_number=number,
                record_id=key,
                terminal=terminal,
                task_code=case.task_code,
                status="submitted",
                submitted_at=now,
                updated_at=now,
                body=json.dumps(case.to_dict(), ensure_ascii=False),
            )
        )
        if images:
            conn.execute(
                case_blobs.insert(),
                [
                    {
                        "case_number": number,
                        "idx": i,
                        "sha256": img.sha256,
                        "media_type": img.media_type,
                        "data": img.data,
                    }
                    for i, img in enumerate(images)
                ],
            )
        _add_update(conn, number, terminal, key, "submitted", "", now)
        uplink_store.enqueue(conn, "case", number, now)  # up to the city, with the case or not at all
        return 201, {
            "case_number": number,
            "status": "submitted",
            "record_id": key,
            "task_code": case.task_code,
            "submitted_at": rules.local(now),
            "images": len(images),
        }

    status, answer, fresh = idempotency.once(engine, terminal, key, "case", fingerprint, work, now=now)
    if fresh:
        log.info("case_submitted", extra={"fields": {"case": answer["case_number"], "images": len(images)}})
    return status, answer


def change_status(engine: Engine, rules: QueueRules, number: str, change: Any) -> dict[str, Any]:
    """Move a case on (submitted → accepted → in_progress → finished / rejected).

    Raises:
        WireError: bad body; ApiError: 404 ``case.not_found``, 409 ``case.bad_transition``.
    """
    wanted = StatusChange.from_dict(change)
    now = rules.clock()
    with db.write(engine) as conn:
        row = conn.execute(
            sa.select(cases.c.status, cases.c.terminal, cases.c.record_id)
            .where(cases.c.case_number == number)
            .with_for_update()
        ).first()
        if row is None:
            raise ApiError(404, "case.not_found", f"no case {number[:64]}")
        if wanted.status not in NEXT_STATUSES[row.status]:
            allowed = ", ".join(NEXT_STATUSES[row.status]) or "none (it is closed)"
            raise ApiError(
                409,
                "case.bad_transition",
                f"a {row.status} case cannot become {wanted.status}; next may be: {allowed}",
                current=row.status,
            )
        at = _add_update(conn, number, row.terminal, row.record_id, wanted.status, wanted.note, now)
        conn.execute(cases.update().where(cases.c.case_number == number).values(status=wanted.status, updated_at=at))
        out = _case_out(conn, rules, number)
    log.info("case_status", extra={"fields": {"case": number, "status": wanted.status}})
    return out


def get_case(engine: Engine, rules: QueueRules, number: str, terminal: str | None) -> dict[str, Any]:
    """A case's number, item, status and history (``terminal``: only its own; None: any).

    Raises:
        ApiError: 404 ``case.not_found`` (also for another terminal's case: no probing).
    """
    with db.read(engine) as conn:
        row = conn.execute(sa.select(cases.c.terminal).where(cases.c.case_number == number)).first()
        if row is None or (terminal is not None and row.terminal != terminal):
            raise ApiError(404, "case.not_found", f"no case {number[:64]} from this terminal")
        return _case_out(conn, rules, number)


def updates_for(engine: Engine, terminal: str, since: float | None, limit: int) -> list[dict[str, Any]]:
    """Status changes of ``terminal``'s cases after ``since`` (epoch seconds), oldest first."""
    with db.read(engine) as conn:
        q = sa.select(case_updates).where(case_updates.c.terminal == terminal).order_by(case_updates.c.at).limit(limit)
        if since is not None:
            q = q.where(case_updates.c.at > since)
        return [CaseUpdate(r.record_id, r.case_number, r.status, r.at).to_dict() for r in conn.execute(q).all()]


def recent(engine: Engine, rules: QueueRules, limit: int = 20) -> list[dict[str, Any]]:
    """The newest cases (no personal data) for the status page, each with its item's
    name (``task_name``) as the terminal sent it: a technician reads names, not codes."""
    with db.read(engine) as conn:
        rows = conn.execute(
            sa.select(
                cases.c.case_number,
                cases.c.terminal,
                cases.c.task_code,
                cases.c.status,
                cases.c.updated_at,
                cases.c.body,
            )
            .order_by(cases.c.submitted_at.desc())
            .limit(limit)
        ).all()
    return [
        {
            "case_number": r.case_number,
            "terminal": r.terminal,
            "task_code": r.task_code,
            "task_name": _task_name(r.body) or r.task_code,
            "status": r.status,
            "updated_at": rules.local(r.updated_at),
        }
        for r in rows
    ]


def _task_name(body: str) -> str:
    """The item's name in a stored submission ("" when it has none)."""
    try:
        name = json.loads(body).get("values", {}).get("task_name", "")
    except (ValueError, AttributeError):
        return ""
    return name if isinstance(name, str) else ""


# ---- helpers ------------------------------------------------------------------------------


def _check_item(conn: Connection, task_code: str) -> None:
    published = conn.execute(sa.select(catalog_versions.c.version).limit(1)).first()
    if published is None:
        return  # no catalog published on this hub: it cannot tell
    live = conn.execute(
        sa.select(catalog_items.c.task_code).where(
            catalog_items.c.task_code == task_code, catalog_items.c.deleted.is_(False)
        )
    ).first()
    if live is None:
        raise ApiError(
            422,
            "case.unknown_item",
            f"item {task_code} is not in the hub's published "
            "catalog (removed, or the terminal's catalog is not the hall's)",
            task_code=task_code,
        )


def _add_update(
    conn: Connection, number: str, terminal: str, record_id: str, status: str, note: str, now: float
) -> float:
    # Strictly growing per terminal, so the newest ``at`` a terminal saw is a cursor that
    # never skips a change written in the same clock tick. On PostgreSQL a lock per
    # terminal (held to commit) keeps two writers from reading the same max; SQLite
    # writers are serialised by BEGIN IMMEDIATE already.
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:t))"), {"t": terminal})
    last = conn.execute(sa.select(sa.func.max(case_updates.c.at)).where(case_updates.c.terminal == terminal)).scalar()
    at = now if last is None or now > last + _AT_STEP else last + _AT_STEP
    conn.execute(
        case_updates.insert().values(
            case_number=number, terminal=terminal, record_id=record_id, status=status, note=note, at=at
        )
    )
    return at


def _case_out(conn: Connection, rules: QueueRules, number: str) -> dict[str, Any]:
    row = conn.execute(
        sa.select(
            cases.c.case_number,
            cases.c.task_code,
            cases.c.status,
            cases.c.record_id,
            cases.c.terminal,
            cases.c.submitted_at,
        ).where(cases.c.case_number == number)
    ).one()  # the caller just wrote or found it
    history = conn.execute(
        sa.select(case_updates.c.status, case_updates.c.note, case_updates.c.at)
        .where(case_updates.c.case_number == number)
        .order_by(case_updates.c.at)
    ).all()
    images = conn.execute(sa.select(sa.func.count()).where(case_blobs.c.case_number == number)).scalar_one()
    return {
        "case_number": row.case_number,
        **uplink_store.official(conn, number),  # 参考号 until the platform's number comes down
        "task_code": row.task_code,
        "status": row.status,
        "record_id": row.record_id,
        "terminal": row.terminal,
        "submitted_at": rules.local(row.submitted_at),
        "images": images,
        "history": [{"status": h.status, "note": h.note, "at": rules.local(h.at), "at_epoch": h.at} for h in history],
    }

"""The city's view of its halls (``GET /api/v1/city/halls``): the registry, each hall's
link, newest snapshot, what waits for the platform and its rectifications."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db
from hub.city.tables import city_hall_status, city_halls, city_links, platform_outbox, rectifications


def halls(engine: Engine, today: date) -> list[dict[str, Any]]:
    """One entry per registered hall, in code order (no personal data)."""
    with db.read(engine) as conn:
        registry = conn.execute(sa.select(city_halls).order_by(city_halls.c.code)).all()
        seen = dict(
            conn.execute(
                sa.select(city_links.c.hall_code, sa.func.max(city_links.c.last_seen))
                .where(city_links.c.revoked_at.is_(None))
                .group_by(city_links.c.hall_code)
            ).all()
        )
        status = {r.hall_code: r for r in conn.execute(sa.select(city_hall_status)).all()}
        waiting = _counts(
            conn.execute(
                sa.select(platform_outbox.c.hall_code, platform_outbox.c.state, sa.func.count())
                .where(platform_outbox.c.state != "sent")
                .group_by(platform_outbox.c.hall_code, platform_outbox.c.state)
            ).all()
        )
        open_rows = conn.execute(
            sa.select(rectifications.c.hall_code, rectifications.c.deadline).where(rectifications.c.closed_at.is_(None))
        ).all()
    out = []
    for h in registry:
        snap = status.get(h.code)
        mine = [r.deadline for r in open_rows if r.hall_code == h.code]
        out.append(
            {
                "code": h.code,
                "name": h.name,
                "level": h.level,
                "district": h.district,
                "linked": h.code in seen,
                "last_seen": seen.get(h.code),
                "snapshot": json.loads(snap.snapshot) if snap else None,
                "snapshot_at": snap.received_at if snap else None,
                "platform": waiting.get(h.code, {"pending": 0, "dead": 0}),
                "rectifications": {"open": len(mine), "overdue": sum(d < today.isoformat() for d in mine)},
            }
        )
    return out


def _counts(rows) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for hall, state, n in rows:
        out.setdefault(hall, {"pending": 0, "dead": 0})[state] = n
    return out

"""The hall side of the link, in the hall hub's database: the link itself, the outbox
of records for the city, and the official numbers that came back.

``enqueue`` runs inside the transaction that stores the case or evaluation (hub.cases,
hub.records): the record and its place in the outbox commit together or not at all, so
a crash can lose neither. A hall not linked to a city queues nothing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db
from hub.city.bell import ring_at_commit
from hub.city.tables import case_official, city_link, city_outbox
from hub.store import upsert


@dataclass(frozen=True)
class Link:
    """The hall's link to its city."""

    city_url: str
    hall_code: str
    credential: str
    updates_since: int
    tries: int
    next_at: float


def save_link(
    engine: Engine, city_url: str, hall_code: str, credential: str, *, clock: Callable[[], float] = time.time
) -> None:
    """Keep the link (replacing an older one; the outbox carries on under the new one)."""
    with db.write(engine) as conn:
        conn.execute(city_link.delete())
        conn.execute(
            city_link.insert().values(
                id=1, city_url=city_url.rstrip("/"), hall_code=hall_code, credential=credential, linked_at=clock()
            )
        )


def load_link(conn: Connection) -> Link | None:
    row = conn.execute(sa.select(city_link).where(city_link.c.id == 1)).first()
    if row is None:
        return None
    return Link(row.city_url, row.hall_code, row.credential, row.updates_since, row.tries, row.next_at)


def enqueue(conn: Connection, kind: str, ref: str, now: float) -> None:
    """Queue a record for the city in the caller's transaction (only when linked)."""
    if conn.execute(sa.select(city_link.c.id)).first() is None:
        return
    conn.execute(city_outbox.insert().values(id=uuid.uuid4().hex, kind=kind, ref=ref, state="pending", created_at=now))
    ring_at_commit(conn)  # the uplink sends it now, not at its next poll


def official(conn: Connection, case_number: str) -> dict[str, Any]:
    """The platform's number and status of a hall's case (None each until they come)."""
    row = conn.execute(
        sa.select(case_official.c.official_number, case_official.c.platform_status).where(
            case_official.c.case_number == case_number
        )
    ).first()
    return {
        "reference_number": case_number,  # 参考号: the hall's own number
        "official_number": row.official_number if row else None,
        "platform_status": row.platform_status if row else None,
    }


def apply_updates(engine: Engine, updates: list[dict[str, Any]], now: float) -> int:
    """Store pulled official numbers and statuses with the new cursor, in one transaction."""
    if not updates:
        return 0
    with db.write(engine) as conn:
        for u in updates:
            stmt = upsert(conn, case_official).values(
                case_number=u["reference"],
                official_number=u["official_number"],
                platform_status=u["platform_status"],
                updated_at=now,
            )
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["case_number"],
                    set_={
                        "official_number": stmt.excluded.official_number,
                        "platform_status": stmt.excluded.platform_status,
                        "updated_at": now,
                    },
                )
            )
        conn.execute(city_link.update().where(city_link.c.id == 1).values(updates_since=max(u["id"] for u in updates)))
    return len(updates)


def pending_count(engine: Engine) -> int:
    with db.read(engine) as conn:
        return conn.execute(sa.select(sa.func.count()).where(city_outbox.c.state == "pending")).scalar_one()


def link_state(engine: Engine) -> dict[str, Any] | None:
    """The link for a technician (never the credential): city, hall code, last contact,
    last error and the outbox's counts; None when the hall is not linked."""
    with db.read(engine) as conn:
        row = conn.execute(sa.select(city_link).where(city_link.c.id == 1)).first()
        if row is None:
            return None
        counts = {
            str(state): int(n)
            for state, n in conn.execute(
                sa.select(city_outbox.c.state, sa.func.count()).group_by(city_outbox.c.state)
            ).all()
        }
    return {
        "city_url": row.city_url,
        "hall_code": row.hall_code,
        "last_contact": row.last_contact,
        "last_error": row.last_error,
        **{state: counts.get(state, 0) for state in ("pending", "dead", "sent")},
    }

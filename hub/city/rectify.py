"""The 好差评 closed loop at the city: a rating of 1 or 2 opens a rectification with a
deadline in the hall's working days (``city_halls.rectify_days``, e.g. 15 or 5); the
hall's owner calls the citizen back (回访) and records the result, which goes to the
platform too. Open ones past their deadline are overdue.

Working days are Monday to Friday; the state's holiday calendar (调休) is not known
here yet, so a deadline over a holiday is early, never late.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db
from hub.city.errors import CityError
from hub.city.platform import outbox as platform_outbox
from hub.city.tables import city_halls, rectifications

BAD = 2  # satisfaction 1 (非常不满意) and 2 (不满意) open a rectification


def deadline(opened: date, working_days: int) -> date:
    """The last day to rectify: ``working_days`` Monday-Friday days after ``opened``."""
    day, left = opened, working_days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def open_for(conn: Connection, hall_code: str, evaluation_id: str, satisfaction: int, now: float, tz: ZoneInfo) -> bool:
    """In the transaction storing the evaluation: open a rectification when it is bad."""
    if satisfaction > BAD:
        return False
    days = conn.execute(sa.select(city_halls.c.rectify_days).where(city_halls.c.code == hall_code)).scalar() or 5
    due = deadline(datetime.fromtimestamp(now, tz).date(), days)
    conn.execute(
        rectifications.insert().values(
            evaluation_id=evaluation_id,
            hall_code=hall_code,
            satisfaction=satisfaction,
            opened_at=now,
            deadline=due.isoformat(),
        )
    )
    return True


def close(
    engine: Engine,
    evaluation_id: str,
    *,
    owner: str,
    result: str,
    called_back: bool = True,
    clock: Callable[[], float] = time.time,
) -> None:
    """Record the owner, the call-back and the result; queue the result for the platform.

    Raises:
        CityError: ``city.rectification.unknown`` (404), ``.closed`` (409), ``.invalid`` (422).
    """
    if not owner.strip() or len(owner) > 64:
        raise CityError("city.rectification.invalid", "--owner: 1-64 characters")
    if not result.strip() or len(result) > 500:
        raise CityError("city.rectification.invalid", "--result: 1-500 characters (no personal data)")
    now = clock()
    with db.write(engine) as conn:
        row = conn.execute(
            sa.select(rectifications).where(rectifications.c.evaluation_id == evaluation_id).with_for_update()
        ).first()
        if row is None:
            raise CityError("city.rectification.unknown", f"no rectification for evaluation {evaluation_id[:64]}", 404)
        if row.closed_at is not None:
            raise CityError("city.rectification.closed", f"the rectification of {evaluation_id[:64]} is closed", 409)
        conn.execute(
            rectifications.update()
            .where(rectifications.c.evaluation_id == evaluation_id)
            .values(owner=owner.strip(), result=result.strip(), callback_at=now if called_back else None, closed_at=now)
        )
        platform_outbox.enqueue(conn, "rectification", row.hall_code, evaluation_id, now)


def listing(engine: Engine, today: date, *, overdue_only: bool = False) -> list[dict[str, Any]]:
    """Rectifications, open ones first, each with ``overdue`` (open past its deadline)."""
    with db.read(engine) as conn:
        rows = conn.execute(sa.select(rectifications).order_by(rectifications.c.deadline)).all()
    out = []
    for r in rows:
        overdue = r.closed_at is None and r.deadline < today.isoformat()
        if overdue_only and not overdue:
            continue
        out.append({**{str(k): v for k, v in r._mapping.items()}, "overdue": overdue})
    out.sort(key=lambda x: (x["closed_at"] is not None, x["deadline"]))
    return out

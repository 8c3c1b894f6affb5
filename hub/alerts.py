"""What needs a person now (需要处理), for the ``/status`` page: from the data the hub
holds, each check returns ``Alert`` values with a message key and data; the page turns
them into Chinese.

Checks today: a window that called a ticket long ago and never finished it; bad ratings
(1-2) not yet followed up (回访, with their deadline); services with many waiting or a
long wait. Heartbeat-based checks (paper near end, a device offline, a terminal silent
for more than two minutes, an outbox that does not drain) join with the heartbeats:
their module calls ``register(check)`` with a function of the same shape as the ones
below, ``check(conn, now, rules, limits) -> list[Alert]``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hub.queue import QueueRules
from hub.report import BAD, FOLLOWUP_DAYS, add_working_days
from hub.tables import evaluations, followups, tickets
from hub.words import hub_text


@dataclass(frozen=True)
class Limits:
    """When something counts as needing a person (configurable per hall later)."""

    called_unfinished_min: int = 20
    waiting_many: int = 15
    waiting_long_min: int = 30
    followup_days: int = FOLLOWUP_DAYS
    followup_lookback_days: int = 31  # older unanswered bad ratings are for the report


@dataclass(frozen=True)
class Alert:
    """One thing to do. ``key`` names it (``alert.*``), ``data`` fills its text;
    ``level`` is ``warn`` or ``urgent`` (past a deadline, or twice the limit)."""

    key: str
    level: str
    data: dict = field(default_factory=dict)


Check = Callable[[Connection, float, QueueRules, Limits], list[Alert]]


def called_unfinished(conn: Connection, now: float, rules: QueueRules, limits: Limits) -> list[Alert]:
    """Tickets at a window (called, not finished, not held) for too long."""
    limit_s = limits.called_unfinished_min * 60
    rows = conn.execute(
        sa.select(tickets.c.number, tickets.c.window, tickets.c.called_at)
        .where(tickets.c.day == rules.service_day(), tickets.c.status == "called", tickets.c.called_at < now - limit_s)
        .order_by(tickets.c.called_at)
    ).all()
    return [
        Alert(
            "alert.called_unfinished",
            "urgent" if now - r.called_at > 2 * limit_s else "warn",
            {"window": r.window, "number": r.number, "minutes": int((now - r.called_at) // 60)},
        )
        for r in rows
    ]


def bad_ratings_pending(conn: Connection, now: float, rules: QueueRules, limits: Limits) -> list[Alert]:
    """Ratings of 1-2 without a follow-up, oldest first, with their deadline."""
    since = now - limits.followup_lookback_days * 86400
    rows = conn.execute(
        sa.select(
            evaluations.c.id,
            evaluations.c.window_no,
            evaluations.c.satisfaction,
            evaluations.c.received_at,
            evaluations.c.record,
        )
        .select_from(evaluations.outerjoin(followups, followups.c.evaluation_id == evaluations.c.id))
        .where(
            evaluations.c.satisfaction.in_(BAD), followups.c.evaluation_id.is_(None), evaluations.c.received_at >= since
        )
        .order_by(evaluations.c.received_at)
    ).all()
    today = datetime.fromtimestamp(now, rules.tz).date()
    found = []
    for r in rows:
        record = json.loads(r.record)
        rated = datetime.fromtimestamp(r.received_at, rules.tz).date()
        deadline = add_working_days(rated, limits.followup_days)
        found.append(
            Alert(
                "alert.bad_rating",
                "urgent" if today > deadline else "warn",
                {
                    "id": r.id,
                    "satisfaction": r.satisfaction,
                    "window": r.window_no,
                    "ticket": record.get("ticket") or "",
                    "rated": rated.isoformat(),
                    "deadline": deadline.isoformat(),
                },
            )
        )
    return found


def many_waiting(conn: Connection, now: float, rules: QueueRules, limits: Limits) -> list[Alert]:
    """Services where many wait, or the first in line has waited long."""
    rows = conn.execute(
        sa.select(tickets.c.service, sa.func.count(), sa.func.min(tickets.c.queued_at))
        .where(tickets.c.day == rules.service_day(), tickets.c.status == "waiting")
        .group_by(tickets.c.service)
    ).all()
    found = []
    for service, waiting, oldest in rows:
        minutes = int((now - oldest) // 60)
        if waiting >= limits.waiting_many or minutes >= limits.waiting_long_min:
            s = rules.hall.service(service)
            urgent = waiting >= 2 * limits.waiting_many or minutes >= 2 * limits.waiting_long_min
            found.append(
                Alert(
                    "alert.many_waiting",
                    "urgent" if urgent else "warn",
                    {"service": service, "name": s.name if s else service, "waiting": int(waiting), "minutes": minutes},
                )
            )
    return found


CHECKS: list[Check] = [called_unfinished, bad_ratings_pending, many_waiting]


def register(check: Check) -> None:
    """Add a check (the heartbeat module's: paper, devices, silent terminals, outboxes)."""
    if check not in CHECKS:
        CHECKS.append(check)


def alerts(conn: Connection, now: float, rules: QueueRules, limits: Limits | None = None) -> list[Alert]:
    """Everything that needs a person now, urgent first."""
    limits = limits or Limits()
    found = [a for check in CHECKS for a in check(conn, now, rules, limits)]
    return sorted(found, key=lambda a: a.level != "urgent")


def text(alert: Alert, lang: str = "zh_CN") -> str:
    """The alert in words (``hub/texts``); an unknown key shows itself and its data."""
    window = alert.data.get("window")
    data = {**alert.data, "window_text": hub_text("alert.window_text", lang, window=window) if window else ""}
    words = hub_text(alert.key, lang, **data)
    return words if words != alert.key else f"{alert.key} {alert.data}"


def render_html(found: list[Alert], lang: str = "zh_CN") -> str:
    """The 需要处理 section of the status page."""
    urgent, none, title = (html.escape(hub_text(f"alert.{k}", lang)) for k in ("urgent", "none", "title"))
    items = (
        "".join(
            f'<li class="{a.level}" data-key="{html.escape(a.key)}">'
            f"{urgent if a.level == 'urgent' else ''}{html.escape(text(a, lang))}</li>"
            for a in found
        )
        or f"<li>{none}</li>"
    )
    return (
        f'<h2>{title}</h2><ul id="alerts">{items}</ul><style>#alerts li.urgent{{color:#b00;font-weight:bold}}</style>'
    )

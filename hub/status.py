"""What the technicians' status page shows (``GET /status``, ``hub/routes/status.py``):
the queue now, today's counts, terminals and their health, help requests, 办不成事
reports, the helpers' audit steps and the newest cases, read in one go, then rendered
from ``hub/templates/status.html.mako``."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hub import alerts, assist, cases, db, pages
from hub.context import HubContext
from hub.heartbeats import list_heartbeats
from hub.help import list_help
from hub.tables import evaluations, tickets, tokens
from offline_cache.wire.cases import CASE_STATUSES


@dataclass(frozen=True)
class StatusFacts:
    """Everything the page shows, read from the database in one transaction (the cases
    in a second one)."""

    hall_name: str
    hall_code: str
    day: str
    database: str
    seq: int
    counts: dict[str, int]  # today's tickets by status
    called: int  # today's tickets ever called
    rated: int  # evaluations received today
    waiting: list[tuple[str, str, int]]  # (service code, name, waiting) in the hall file's order
    at_windows: list[Any]  # rows (window, number, status) of called or held tickets
    terminals: list[Any]  # token rows (terminal, role, window, last_seen, revoked_at)
    beats: list[dict[str, Any]]
    helps: list[dict[str, Any]]
    reports: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    alerts_html: str  # hub/alerts.py's section, its texts escaped there
    recent_cases: list[dict[str, Any]]


def gather(ctx: HubContext) -> StatusFacts:
    """Read what the page shows (the service day of the hall's clock)."""
    rules = ctx.rules
    day = rules.service_day()
    start = rules.day_start(day)
    with db.read(ctx.engine) as conn:
        terminals = conn.execute(sa.select(tokens).order_by(tokens.c.role, tokens.c.window, tokens.c.terminal)).all()
        counts: dict[str, int] = {
            r[0]: r[1]
            for r in conn.execute(
                sa.select(tickets.c.status, sa.func.count()).where(tickets.c.day == day).group_by(tickets.c.status)
            )
        }
        called = conn.execute(
            sa.select(sa.func.count()).where(tickets.c.day == day, tickets.c.called_at.is_not(None))
        ).scalar_one()
        at_windows = conn.execute(
            sa.select(tickets.c.window, tickets.c.number, tickets.c.status)
            .where(tickets.c.day == day, tickets.c.status.in_(("called", "held")))
            .order_by(tickets.c.window)
        ).all()
        rated = conn.execute(sa.select(sa.func.count()).where(evaluations.c.received_at >= start)).scalar_one()
        snap = ctx.store.snapshot(conn)
        beats = list_heartbeats(conn)
        helps = list_help(conn, 10, rules.local)
        reports = assist.list_reports(conn, 10, rules.local)
        steps = assist.list_audit(conn, 20, local=rules.local)
        alerts_html = alerts.render_html(alerts.alerts(conn, ctx.settings.clock(), rules))
    return StatusFacts(
        hall_name=rules.hall.name,
        hall_code=rules.hall.code,
        day=day,
        database=ctx.engine.dialect.name,
        seq=snap.seq,
        counts=counts,
        called=called,
        rated=rated,
        waiting=[(s.code, s.name, snap.waiting.get(s.code, 0)) for s in rules.hall.services],
        at_windows=list(at_windows),
        terminals=list(terminals),
        beats=beats,
        helps=helps,
        reports=reports,
        steps=steps,
        alerts_html=alerts_html,
        recent_cases=cases.recent(ctx.engine, rules),
    )


def page(facts: StatusFacts, local: Callable[[float], str | None], now: float | None = None) -> str:
    """The page of ``facts``; ``local`` turns epoch seconds into the hall's time."""
    at = time.time() if now is None else now

    def ago(t: float | None) -> str:
        return "never" if t is None else f"{int(at - t)} s ago ({local(t)})"

    return pages.render(
        "status.html.mako",
        f=facts,
        ago=ago,
        devices=devices,
        issued=sum(facts.counts.values()),
        case_statuses=CASE_STATUSES[1:],
    )


def devices(health: dict[str, Any]) -> str:
    """A heartbeat's devices in a line: ``printer: degraded (printer.paper_low), ...``."""
    return (
        ", ".join(
            f"{name}: {d.get('state', 'unknown')}" + (f" ({d['key']})" if d.get("key") else "")
            for name, d in sorted(health.items())
        )
        or "none"
    )

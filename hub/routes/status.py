"""``/status``: a plain page for technicians (admin token as bearer or ``?token=``, or
the configured status password as ``?password=``)."""

import hmac
import html
import time

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from hub import db
from hub.errors import ApiError
from hub.tables import evaluations, tickets, tokens

router = APIRouter()


def _allowed(request: Request, token: str | None, password: str | None) -> bool:
    ctx = request.app.state.hub
    scheme, _, bearer = request.headers.get("authorization", "").partition(" ")
    for candidate in (bearer.strip() if scheme.lower() == "bearer" else None, token):
        if candidate:
            who = ctx.checker.check(candidate)
            if who is not None and who.role == "admin":
                return True
    wanted = ctx.settings.status_password
    return bool(wanted and password and hmac.compare_digest(wanted.encode(), password.encode()))


@router.get("/status", response_class=HTMLResponse, tags=["hub"])
def status(request: Request, token: str | None = Query(None, max_length=200),
           password: str | None = Query(None, max_length=200)) -> HTMLResponse:
    """Terminals known, the queue now and today's counts."""
    if not _allowed(request, token, password):
        raise ApiError(401, "auth.missing", "the status page needs an admin token "
                       "(Authorization: Bearer or ?token=) or the status password")
    ctx = request.app.state.hub
    rules = ctx.rules
    day = rules.service_day()
    start = rules.day_start(day)
    with db.read(ctx.engine) as conn:
        terminals = conn.execute(sa.select(tokens).order_by(tokens.c.role, tokens.c.window,
                                                            tokens.c.terminal)).all()
        counts: dict[str, int] = {r[0]: r[1] for r in conn.execute(
            sa.select(tickets.c.status, sa.func.count()).where(tickets.c.day == day)
            .group_by(tickets.c.status))}
        called = conn.execute(sa.select(sa.func.count()).where(
            tickets.c.day == day, tickets.c.called_at.is_not(None))).scalar_one()
        at_windows = conn.execute(sa.select(tickets.c.window, tickets.c.number, tickets.c.status)
                                  .where(tickets.c.day == day, tickets.c.status.in_(("called", "held")))
                                  .order_by(tickets.c.window)).all()
        rated = conn.execute(sa.select(sa.func.count()).where(
            evaluations.c.received_at >= start)).scalar_one()
        snap = ctx.store.snapshot(conn)
    e = html.escape
    now = time.time()

    def ago(t: float | None) -> str:
        return "never" if t is None else f"{int(now - t)} s ago ({e(rules.local(t))})"

    rows_t = "".join(
        f"<tr><td>{e(r.terminal)}</td><td>{e(r.role)}</td><td>{r.window or ''}</td>"
        f"<td>{ago(r.last_seen)}</td><td>{'revoked' if r.revoked_at else 'live'}</td></tr>"
        for r in terminals)
    rows_w = "".join(f"<tr><td>{e(s.code)} {e(s.name)}</td><td>{snap.waiting.get(s.code, 0)}</td></tr>"
                     for s in rules.hall.services)
    rows_c = "".join(f"<tr><td>{r.window}</td><td>{e(r.number)}</td><td>{e(r.status)}</td></tr>"
                     for r in at_windows) or "<tr><td colspan=3>none</td></tr>"
    issued = sum(counts.values())
    page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>Hub status – {e(rules.hall.name)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin-bottom:1.5em}}
td,th{{border:1px solid #999;padding:.3em .8em;text-align:left}}</style></head><body>
<h1>{e(rules.hall.name)} ({e(rules.hall.code)})</h1>
<p>Service day {e(day)} · database {e(ctx.engine.dialect.name)} · last event {snap.seq}</p>
<h2>Today</h2><table id="today"><tr><th>issued</th><th>called</th><th>finished</th><th>no-shows</th>
<th>evaluations</th></tr><tr><td>{issued}</td><td>{called}</td><td>{counts.get('finished', 0)}</td>
<td>{counts.get('skipped', 0)}</td><td>{rated}</td></tr></table>
<h2>Waiting</h2><table id="waiting"><tr><th>service</th><th>waiting</th></tr>{rows_w}</table>
<h2>At the windows</h2><table id="windows"><tr><th>window</th><th>number</th><th>status</th></tr>{rows_c}</table>
<h2>Terminals</h2><table id="terminals"><tr><th>terminal</th><th>role</th><th>window</th>
<th>last contact</th><th>token</th></tr>{rows_t}</table>
<p>Heartbeats with device health come with the sync engine; until then "last contact" is
the terminal's last authenticated request.</p></body></html>"""
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})

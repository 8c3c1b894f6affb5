"""``/status``: a plain page for technicians (an admin token as bearer for scripts, or
the session of the login form: hub/status_sessions.py, hub/routes/status_login.py)."""

import html
import time

import sqlalchemy as sa
from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hub import alerts, assist, cases, db, status_sessions
from hub.errors import ApiError
from hub.heartbeats import list_heartbeats, list_help
from hub.routes.status_login import read_form
from hub.status_login_html import login_page
from hub.tables import evaluations, tickets, tokens
from offline_cache.wire import WireError
from offline_cache.wire.cases import CASE_STATUSES

router = APIRouter()


def _allowed(request: Request) -> bool:
    """An admin bearer token or a live session cookie (never credentials in the URL)."""
    query = request.query_params
    if "token" in query or "password" in query:
        raise ApiError(
            400,
            "auth.in_url",
            "credentials in the URL are refused (proxy logs, browser history): sign in on /status "
            "or send Authorization: Bearer",
        )
    ctx = request.app.state.hub
    if status_sessions.is_admin(ctx.checker, status_sessions.bearer_of(request.headers.get("authorization", ""))):
        return True
    return status_sessions.valid(ctx.engine, request.cookies.get(status_sessions.COOKIE), ctx.settings.clock())


@router.get("/status", response_class=HTMLResponse, tags=["hub"])
def status(request: Request) -> HTMLResponse:
    """Terminals known, the queue now and today's counts (without a session or an admin
    bearer token: 401 with the login form)."""
    ctx = request.app.state.hub
    if not _allowed(request):
        return HTMLResponse(login_page(ctx.rules.hall.name), status_code=401, headers={"Cache-Control": "no-store"})
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
        todo = alerts.render_html(alerts.alerts(conn, ctx.settings.clock(), rules))
    recent_cases = cases.recent(ctx.engine, rules)
    e = html.escape
    now = time.time()

    def ago(t: float | None) -> str:
        return "never" if t is None else f"{int(now - t)} s ago ({e(rules.local(t))})"

    rows_t = "".join(
        f"<tr><td>{e(r.terminal)}</td><td>{e(r.role)}</td><td>{r.window or ''}</td>"
        f"<td>{ago(r.last_seen)}</td><td>{'revoked' if r.revoked_at else 'live'}</td></tr>"
        for r in terminals
    )
    rows_w = "".join(
        f"<tr><td>{e(s.code)} {e(s.name)}</td><td>{snap.waiting.get(s.code, 0)}</td></tr>" for s in rules.hall.services
    )
    rows_c = (
        "".join(f"<tr><td>{r.window}</td><td>{e(r.number)}</td><td>{e(r.status)}</td></tr>" for r in at_windows)
        or "<tr><td colspan=3>none</td></tr>"
    )
    rows_h = (
        "".join(
            f"<tr><td>{e(b['terminal'])}</td><td>{e(b['role'])}</td><td>{ago(b['received_at'])}</td>"
            f"<td>{_devices(b['devices'])}</td><td>{b['waiting']}</td><td>{b['dead']}</td></tr>"
            for b in beats
        )
        or "<tr><td colspan=6>no heartbeat yet</td></tr>"
    )
    rows_help = (
        "".join(f"<tr><td>{e(h['at'])}</td><td>{e(h['terminal'])}</td><td>{e(h['screen'])}</td></tr>" for h in helps)
        or "<tr><td colspan=3>none</td></tr>"
    )
    rows_reports = (
        "".join(
            f"<tr><td>{e(r['reference'])}</td><td>{e(r['reported_at'])}</td><td>{e(r['terminal'])}</td>"
            f"<td>{e(r['tried'])}</td><td>{e(', '.join(r['reasons']))}</td><td>{e(r['text'])}</td>"
            f"<td>{e(r['phone'])}</td></tr>"
            for r in reports
        )
        or "<tr><td colspan=7>none</td></tr>"
    )
    rows_audit = (
        "".join(
            f"<tr><td>{e(s['at'])}</td><td>{e(s['terminal'])}</td><td>{e(s['helper'])}</td><td>{e(s['visit'])}</td>"
            f"<td>{e(s['screen'])}</td><td>{e(s['action'])}</td>"
            f"<td>{e('; '.join(f'{k}={v}' for k, v in s['details'].items()))}</td></tr>"
            for s in steps
        )
        or "<tr><td colspan=7>none</td></tr>"
    )
    rows_cases = (
        "".join(
            f"<tr><td>{e(c['case_number'])}</td><td>{e(c['task_name'])}</td><td>{e(c['terminal'])}</td>"
            f"<td>{e(c['status'])}</td><td>{e(c['updated_at'] or '')}</td></tr>"
            for c in recent_cases
        )
        or "<tr><td colspan=5>none</td></tr>"
    )
    options = "".join(f"<option>{s}</option>" for s in CASE_STATUSES[1:])
    issued = sum(counts.values())
    page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>Hub status – {e(rules.hall.name)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin-bottom:1.5em}}
td,th{{border:1px solid #999;padding:.3em .8em;text-align:left}}</style></head><body>
<h1>{e(rules.hall.name)} ({e(rules.hall.code)})</h1>
<p>Service day {e(day)} · database {e(ctx.engine.dialect.name)} · last event {snap.seq}</p>
{todo}
<h2>Today</h2><table id="today"><tr><th>issued</th><th>called</th><th>finished</th><th>no-shows</th>
<th>evaluations</th></tr><tr><td>{issued}</td><td>{called}</td><td>{counts.get("finished", 0)}</td>
<td>{counts.get("skipped", 0)}</td><td>{rated}</td></tr></table>
<h2>Waiting</h2><table id="waiting"><tr><th>service</th><th>waiting</th></tr>{rows_w}</table>
<h2>At the windows</h2><table id="windows"><tr><th>window</th><th>number</th><th>status</th></tr>{rows_c}</table>
<h2>Terminals</h2><table id="terminals"><tr><th>terminal</th><th>role</th><th>window</th>
<th>last contact</th><th>token</th></tr>{rows_t}</table>
<h2>Terminal health</h2><table id="health"><tr><th>terminal</th><th>role</th><th>last heartbeat</th>
<th>devices</th><th>records waiting</th><th>dead letters</th></tr>{rows_h}</table>
<h2>Help requests</h2><table id="help"><tr><th>at</th><th>terminal</th><th>screen</th></tr>{rows_help}</table>
<h2>办不成事 reports</h2><table id="unresolved"><tr><th>reference</th><th>reported</th><th>terminal</th>
<th>tried</th><th>reasons</th><th>text</th><th>phone</th></tr>{rows_reports}</table>
<h2>Helper audit (帮办留痕)</h2><table id="audit"><tr><th>at</th><th>terminal</th><th>helper</th><th>visit</th>
<th>screen</th><th>action</th><th>details</th></tr>{rows_audit}</table>
<h2>Cases</h2><table id="cases"><tr><th>case number</th><th>item</th><th>terminal</th><th>status</th>
<th>changed</th></tr>{rows_cases}</table>
<form id="case-status" method="post" action="/status/case-status">
<label>case number <input name="case_number" required maxlength="64"></label>
<label>status <select name="status">{options}</select></label>
<label>note <input name="note" maxlength="500"></label> <button>change</button></form>
<p>"Last contact" is the terminal's last authenticated request; "last heartbeat" its last
health report (every 30 s while its sync runs).</p>
<form id="logout" method="post" action="/status/logout"><button>sign out</button></form></body></html>"""
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def _devices(devices: dict) -> str:
    e = html.escape
    return (
        ", ".join(
            f"{e(str(name))}: {e(str(d.get('state', 'unknown')))}" + (f" ({e(str(d['key']))})" if d.get("key") else "")
            for name, d in sorted(devices.items())
        )
        or "none"
    )


@router.post("/status/case-status", response_class=HTMLResponse, tags=["hub"], include_in_schema=False)
async def case_status_form(request: Request) -> Response:
    """The status page's form: change a case's status (the same rules as the API)."""
    if not await to_thread.run_sync(lambda: _allowed(request)):
        raise ApiError(401, "auth.missing", "sign in on /status first (or send an admin bearer token)")
    form = await read_form(request)
    ctx = request.app.state.hub
    number = form.get("case_number", "").strip()
    if not number or len(number) > 64 or not number.isalnum():
        raise ApiError(422, "request.invalid", "give a case number (letters and digits)", field="case_number")
    change = {"status": form.get("status", ""), "note": form.get("note", "")}
    try:
        await to_thread.run_sync(lambda: cases.change_status(ctx.engine, ctx.rules, number, change))
    except WireError as exc:
        raise ApiError(422, "request.invalid", str(exc), field=exc.field) from None
    return RedirectResponse("/status#cases", status_code=303)

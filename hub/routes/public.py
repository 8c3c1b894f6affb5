"""``GET /q/{ticket_id}``: the page the QR code on a queue ticket opens on a phone.

Public (a phone has no token): it shows the number, the service, the status and how
many are ahead, nothing else. A ticket holds no personal data anyway; the person key
is not shown either. The id is a random 128-bit hex string, so pages cannot be guessed.
The page refreshes itself every 30 s.
"""

import html
import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from hub.queue import QueueRuleError

router = APIRouter()
_ID = re.compile(r"^[0-9a-f]{1,64}$")
REFRESH_S = 30

# Chinese first, English under it: the hub has no language of its own.
STATUS_WORDS = {
    "waiting": ("等候中", "waiting"),
    "called": ("正在叫号，请到窗口办理", "called: please go to the window"),
    "held": ("窗口暂挂，请留意叫号", "on hold at the window"),
    "finished": ("已办结", "finished"),
    "skipped": ("已过号，请重新取号", "missed: please take a new number"),
    "transferred": ("已转出", "transferred"),
    "expired": ("已失效（非当日号码）", "expired"),
    "void": ("已作废：您已持有本业务更早的号码", "void: you hold an earlier number for this service"),
}


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{REFRESH_S}"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:1.5em;color:#1a1a1a;background:#fff}}
.number{{font-size:4em;font-weight:700;margin:.2em 0}}.en{{color:#4a5563}}
dt{{font-weight:600;margin-top:.6em}}</style></head><body>{body}</body></html>"""
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})


# A page for phones, not part of the API contract: left out of the OpenAPI document
# (its errors are HTML pages, not the JSON error shape).
@router.get("/q/{ticket_id}", response_class=HTMLResponse, tags=["hub"], include_in_schema=False)
def follow(request: Request, ticket_id: str) -> HTMLResponse:
    """A ticket's number, status and people ahead, as plain HTML for a phone."""
    ctx = request.app.state.hub
    e = html.escape
    missing = _page("没有这个号码 / no such ticket", "<h1>没有找到这个号码</h1><p class=en>No such ticket.</p>", 404)
    if not _ID.match(ticket_id):
        return missing
    try:
        ticket = ctx.store.get(ticket_id)
    except QueueRuleError:
        return missing
    service = ctx.rules.hall.service(ticket.service)
    service_name = service.name if service else ticket.service
    zh, en = STATUS_WORDS.get(ticket.status, (ticket.status, ticket.status))
    rows = [
        f"<dt>业务 <span class=en>service</span></dt><dd id=service>{e(service_name)}</dd>",
        f"<dt>状态 <span class=en>status</span></dt><dd id=status>{e(zh)} <span class=en>{e(en)}</span></dd>",
    ]
    if ticket.status == "waiting":
        minutes = -(-ticket.estimated_wait_s // 60)
        rows.append(
            f"<dt>前面还有 <span class=en>ahead</span></dt><dd id=ahead>{ticket.ahead} 人 "
            f"<span class=en>{ticket.ahead} people</span></dd>"
        )
        rows.append(
            f"<dt>预计等候 <span class=en>estimated wait</span></dt><dd id=wait>约 {minutes} 分钟 "
            f"<span class=en>about {minutes} min</span></dd>"
        )
    if ticket.window is not None and ticket.status in ("called", "held"):
        rows.append(
            f"<dt>窗口 <span class=en>window</span></dt><dd id=window>{ticket.window} 号窗口 "
            f"<span class=en>window {ticket.window}</span></dd>"
        )
    body = (
        f"<p>{e(ctx.rules.hall.name)}</p><div class=number id=number>{e(ticket.number)}</div>"
        f"<dl>{''.join(rows)}</dl><p class=en>本页每 {REFRESH_S} 秒自动刷新 · "
        f"refreshes every {REFRESH_S} s</p>"
    )
    return _page(f"{ticket.number} · {ctx.rules.hall.name}", body)

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
from hub.words import hub_text

router = APIRouter()
_ID = re.compile(r"^[0-9a-f]{1,64}$")
REFRESH_S = 30


def _zh(key: str, **data: object) -> str:
    return html.escape(hub_text(key, "zh_CN", **data))


def _en(key: str, **data: object) -> str:
    """Chinese first, English under it (class ``en``): the hub has no language of its own."""
    return f"<span class=en>{html.escape(hub_text(key, 'en', **data))}</span>"


def _row(field: str, key: str, value_key: str, **data: object) -> str:
    return f"<dt>{_zh(key)} {_en(key)}</dt><dd id={field}>{_zh(value_key, **data)} {_en(value_key, **data)}</dd>"


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
    missing = _page(
        f"{hub_text('public.missing_title')} / {hub_text('public.missing_title', 'en')}",
        f"<h1>{_zh('public.missing')}</h1><p class=en>{html.escape(hub_text('public.missing', 'en'))}</p>",
        404,
    )
    if not _ID.match(ticket_id):
        return missing
    try:
        ticket = ctx.store.get(ticket_id)
    except QueueRuleError:
        return missing
    service = ctx.rules.hall.service(ticket.service)
    service_name = service.name if service else ticket.service
    rows = [
        f"<dt>{_zh('public.service')} {_en('public.service')}</dt><dd id=service>{e(service_name)}</dd>",
        _row("status", "public.status", f"public.status.{ticket.status}"),
    ]
    if ticket.status == "waiting":
        rows.append(_row("ahead", "public.ahead", "public.ahead_n", n=ticket.ahead))
        rows.append(_row("wait", "public.wait", "public.wait_n", n=-(-ticket.estimated_wait_s // 60)))
    if ticket.window is not None and ticket.status in ("called", "held"):
        rows.append(_row("window", "public.window", "public.window_n", window=ticket.window))
    body = (
        f"<p>{e(ctx.rules.hall.name)}</p><div class=number id=number>{e(ticket.number)}</div>"
        f"<dl>{''.join(rows)}</dl><p class=en>{_zh('public.refresh', seconds=REFRESH_S)} · "
        f"{html.escape(hub_text('public.refresh', 'en', seconds=REFRESH_S))}</p>"
    )
    return _page(f"{ticket.number} · {ctx.rules.hall.name}", body)

"""The phone page of a queue ticket (``GET /q/{ticket_id}``, ``hub/routes/public.py``):
Chinese first, English under it, from the hub's texts (``hub/texts``).

It shows the number, the service, the status and how many are ahead, nothing else. A
ticket holds no personal data anyway; the person key is not shown either. The page
refreshes itself every ``REFRESH_S`` seconds.
"""

from __future__ import annotations

import html

from hub.words import hub_text
from offline_cache.wire import Ticket

REFRESH_S = 30


def _zh(key: str, **data: object) -> str:
    return html.escape(hub_text(key, "zh_CN", **data))


def _en(key: str, **data: object) -> str:
    """Chinese first, English under it (class ``en``): the hub has no language of its own."""
    return f"<span class=en>{html.escape(hub_text(key, 'en', **data))}</span>"


def _row(field: str, key: str, value_key: str, **data: object) -> str:
    return f"<dt>{_zh(key)} {_en(key)}</dt><dd id={field}>{_zh(value_key, **data)} {_en(value_key, **data)}</dd>"


def _page(title: str, body: str) -> str:
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{REFRESH_S}"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:1.5em;color:#1a1a1a;background:#fff}}
.number{{font-size:4em;font-weight:700;margin:.2em 0}}.en{{color:#4a5563}}
dt{{font-weight:600;margin-top:.6em}}</style></head><body>{body}</body></html>"""


def missing_page() -> str:
    """The page of an id that names no ticket (a malformed one too: no difference shown)."""
    return _page(
        f"{hub_text('public.missing_title')} / {hub_text('public.missing_title', 'en')}",
        f"<h1>{_zh('public.missing')}</h1><p class=en>{html.escape(hub_text('public.missing', 'en'))}</p>",
    )


def ticket_page(hall_name: str, ticket: Ticket, service_name: str) -> str:
    """A ticket's number, status and people ahead (window when called)."""
    e = html.escape
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
        f"<p>{e(hall_name)}</p><div class=number id=number>{e(ticket.number)}</div>"
        f"<dl>{''.join(rows)}</dl><p class=en>{_zh('public.refresh', seconds=REFRESH_S)} · "
        f"{html.escape(hub_text('public.refresh', 'en', seconds=REFRESH_S))}</p>"
    )
    return _page(f"{ticket.number} · {hall_name}", body)

"""The phone page of a queue ticket (``GET /q/{ticket_id}``, ``hub/routes/public.py``),
from ``hub/templates/public.html.mako``: Chinese first, English under it, from the hub's
texts (``hub/texts``).

It shows the number, the service, the status and how many are ahead, nothing else. A
ticket holds no personal data anyway; the person key is not shown either. The page
refreshes itself every ``REFRESH_S`` seconds.
"""

from __future__ import annotations

from hub import pages
from hub.words import hub_text
from offline_cache.wire import Ticket

REFRESH_S = 30


def _page(title: str, **values: object) -> str:
    return pages.render("public.html.mako", title=title, text=hub_text, refresh_s=REFRESH_S, **values)


def missing_page() -> str:
    """The page of an id that names no ticket (a malformed one too: no difference shown)."""
    title = f"{hub_text('public.missing_title')} / {hub_text('public.missing_title', 'en')}"
    return _page(title, ticket=None, hall_name="", service_name="", rows=[])


def ticket_page(hall_name: str, ticket: Ticket, service_name: str) -> str:
    """A ticket's number, status and people ahead (window when called)."""
    rows: list[tuple[str, str, str, dict[str, object]]] = [
        ("status", "public.status", f"public.status.{ticket.status}", {})
    ]
    if ticket.status == "waiting":
        rows.append(("ahead", "public.ahead", "public.ahead_n", {"n": ticket.ahead}))
        rows.append(("wait", "public.wait", "public.wait_n", {"n": -(-ticket.estimated_wait_s // 60)}))
    if ticket.window is not None and ticket.status in ("called", "held"):
        rows.append(("window", "public.window", "public.window_n", {"window": ticket.window}))
    return _page(
        f"{ticket.number} · {hall_name}", ticket=ticket, hall_name=hall_name, service_name=service_name, rows=rows
    )

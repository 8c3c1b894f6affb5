"""The queue ticket (排队凭条) as a printer-neutral ``Receipt``.

The number is what a citizen looks for on the paper, so it is printed at four times the
normal size (GS ! 0x33: 48 dots wide and 96 high per ASCII character on font A), the
service under it at twice. No personal data: a ticket is often left on a chair. Words
come from ``tr`` (the screen's language), facts from the ``TakenTicket``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from drivers.printer.receipt import Receipt
from kiosk.queue.tickets import TakenTicket

NUMBER_SIZE = 4  # ×4 width and height: "A003" is ~25 mm wide on an 80 mm roll
Words = Callable[..., str]


PRIORITY_KEYS = {
    "elderly": "queue.priority.elderly",
    "disabled": "queue.priority.disabled",
    "pregnant": "queue.priority.pregnant",
    "green_channel": "queue.priority.green_channel",
    "appointment": "queue.priority.appointment",
}


def priority_words(priority: str | None, tr: Words) -> str:
    """The priority class in words (empty for a regular ticket)."""
    return tr(PRIORITY_KEYS[priority]) if priority in PRIORITY_KEYS else ""


def ticket_receipt(taken: TakenTicket, *, hall_name: str, now: dt.datetime, tr: Words, helper: str = "") -> Receipt:
    """The ticket: hall, number (very large), service, people ahead, estimated wait,
    time taken, a QR code to follow the queue on a phone, and what to do when missed."""
    b = Receipt.builder()
    if hall_name:
        b.text(hall_name, align="center", bold=True)
    b.title(tr("queue.ticket.title")).separator()
    b.text(taken.number, size=NUMBER_SIZE, bold=True, align="center")
    b.text(taken.service_name, size=2, align="center").separator()
    if taken.offline:  # the people ahead are not known here: say why, and that it counts
        b.text(tr("queue.ticket.offline"), align="center", bold=True)
        b.text(tr("queue.ticket.offline_valid"), align="center")
    else:
        b.kv(tr("queue.ticket.ahead"), tr("queue.ticket.ahead_n", n=taken.ahead))
        b.kv(
            tr("queue.ticket.wait"),
            tr("queue.ticket.wait_n", minutes=taken.wait_minutes) if taken.ahead else tr("queue.ticket.wait_none"),
        )
    if taken.priority:
        b.kv(tr("queue.ticket.priority"), priority_words(taken.priority, tr))
    # Hall time, as the hub gives it (a terminal's own clock may run in another zone).
    issued = taken.issued_at or now
    b.kv(tr("queue.ticket.taken_at"), f"{issued:%Y-%m-%d %H:%M}")
    if taken.already_held:
        at = now.astimezone(issued.tzinfo) if issued.tzinfo and now.tzinfo else now
        b.kv(tr("queue.ticket.reprinted_at"), f"{at:%H:%M}")
    if helper:  # 帮办代办: who took it for the citizen
        b.kv(tr("receipt.helper"), helper)
    b.separator().text(tr("queue.ticket.scan"), align="center").qr(taken.follow_url, module=5)
    b.text(tr("queue.ticket.listen"), align="center")
    b.text(tr("queue.ticket.missed"), align="center", bold=True)
    return b.cut().build()

"""What talking to the hub can go wrong with: a message key plus data, no sentences.

HubError                   .key, .data
├── HubUnavailable         hub.unreachable / hub.server_error / hub.bad_answer: try later
└── HubRejected            .status .code .message: the hub said no (4xx)
    ├── Unauthorized       hub.unauthorized: token missing, unknown or revoked (401)
    ├── TicketExists       hub.ticket_exists: .ticket is the person's active ticket (409)
    └── ServiceClosed      hub.service_closed: .opens_at (423)
"""

from __future__ import annotations

from typing import Any

from common.errors import KeyedError
from offline_cache.wire import Ticket


class HubError(KeyedError):
    """Any failure talking to the hub.

    Args:
        key: message key for the UI (``hub.unreachable`` ...).
        **data: values the message may show (no personal data).
    """


class HubUnavailable(HubError):
    """The hub did not answer usefully (connect error, timeout, 5xx, garbage): the
    terminal keeps working offline and tries again later."""

    def __init__(self, key: str = "hub.unreachable", **data: Any) -> None:
        super().__init__(key, **data)


class HubRejected(HubError):
    """The hub refused the request (a 4xx with its JSON error).

    Args:
        status: the HTTP status.
        code: the hub's error code (``ticket.already_finished``, ``auth.forbidden`` ...).
        message: the hub's one-line message (for logs, not for citizens).
    """

    def __init__(self, status: int, code: str, message: str = "", *, key: str = "hub.rejected", **data: Any) -> None:
        self.status = status
        self.code = code
        self.message = message
        super().__init__(key, status=status, code=code, **data)


class Unauthorized(HubRejected):
    """The token is missing, unknown or revoked: a technician must configure a new one."""

    def __init__(self, code: str = "auth.invalid", message: str = "") -> None:
        super().__init__(401, code, message, key="hub.unauthorized")


class TicketExists(HubRejected):
    """The person already holds an active ticket for that service; ``ticket`` is it."""

    def __init__(self, ticket: Ticket, message: str = "") -> None:
        self.ticket = ticket
        super().__init__(
            409, "ticket.exists", message, key="hub.ticket_exists", number=ticket.number, service=ticket.service
        )


class ServiceClosed(HubRejected):
    """The service issues no tickets now; ``opens_at`` says when it opens (or None)."""

    def __init__(self, opens_at: str | None, message: str = "") -> None:
        self.opens_at = opens_at
        super().__init__(423, "service.closed", message, key="hub.service_closed", opens_at=opens_at)
